# The snapshot is the only way models read data: fails when a public header of a model library
# names `Store` or includes store/store.h, or when one of their non-test sources scans the store.
# Run by ctest as `cmake -DSRC=<source dir>/src -P check_model_headers.cmake`.
cmake_minimum_required(VERSION 3.20)
#
# Test-only helper headers that build a store for tests may name it; they are listed here.
set(test_helpers
  recommend/snapshot_test_util.h
  recommend_serving/serving_test_util.h
  customers/history_test_util.h
  inventory/store_test_util.h)
set(libraries recommend recommend_serving customers forecast inventory engage pricing)

set(failures "")
foreach(library IN LISTS libraries)
  file(GLOB headers RELATIVE "${SRC}" "${SRC}/${library}/*.h")
  file(GLOB sources RELATIVE "${SRC}" "${SRC}/${library}/*.cpp")
  foreach(file IN LISTS headers sources)
    if(file IN_LIST test_helpers OR file MATCHES "(_test|test_util|test_store)\\.cpp$")
      continue()
    endif()
    # One list entry per line: semicolons and brackets would otherwise split or join lines.
    file(READ "${SRC}/${file}" text)
    string(REPLACE ";" "," text "${text}")
    string(REPLACE "[" "(" text "${text}")
    string(REPLACE "]" ")" text "${text}")
    string(REPLACE "\n" ";" lines "${text}")
    set(number 0)
    foreach(line IN LISTS lines)
      math(EXPR number "${number} + 1")
      string(REGEX REPLACE "//.*$" "" code "${line}")  # comments may say "Store demand"
      if(file MATCHES "\\.h$" AND code MATCHES "(^|[^A-Za-z0-9_])Store([^A-Za-z0-9_]|$)")
        string(APPEND failures "${file}:${number}: names Store: ${line}\n")
      endif()
      if(file MATCHES "\\.h$" AND code MATCHES "#include \"store/")
        string(APPEND failures "${file}:${number}: includes the store: ${line}\n")
      endif()
      if(code MATCHES "ScanAll<|ScanEventsOfType|(\\.|->)Scan\\(")
        string(APPEND failures "${file}:${number}: scans the store: ${line}\n")
      endif()
    endforeach()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "Model libraries must read data through the dataset snapshot "
                      "(src/dataset/snapshot.h), never the store:\n${failures}")
endif()
message(STATUS "No model library header names Store; no model source scans the store")
