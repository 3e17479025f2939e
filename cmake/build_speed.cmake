# Build speed: the compiler cache and a faster linker when the machine has them. Neither changes
# what is built, only how fast; both can be turned off (MERCATO_CCACHE=OFF, MERCATO_LINKER=default).

# ccache, unless the caller chose a launcher. CCACHE_BASEDIR (unless set already) makes the cached
# objects' paths relative to the source tree, so every clone of the tree at any path shares them;
# depend mode hashes the compiler's own -MD output instead of running the preprocessor first, so
# an empty cache (a clean CI machine) costs next to nothing.
option(MERCATO_CCACHE "Compile through ccache when it is installed" ON)
find_program(MERCATO_CCACHE_PROGRAM ccache)
if(MERCATO_CCACHE AND MERCATO_CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(ccache_env CCACHE_DEPEND=1)
  if(NOT DEFINED ENV{CCACHE_BASEDIR})
    list(APPEND ccache_env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR})
  endif()
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env ${ccache_env} ${MERCATO_CCACHE_PROGRAM})
endif()

# The linker: mold, else lld, else the compiler's default (GNU ld), whichever links first in that
# order; the test binaries are large and GNU ld spends most of a rebuild linking them.
set(MERCATO_LINKER "auto" CACHE STRING "Linker: auto (mold, lld, default), mold, lld or default")
if(MERCATO_LINKER STREQUAL "auto")
  set(mercato_linker_candidates mold lld)
elseif(MERCATO_LINKER STREQUAL "default")
  set(mercato_linker_candidates)
else()
  set(mercato_linker_candidates ${MERCATO_LINKER})
endif()
include(CheckLinkerFlag)
foreach(linker IN LISTS mercato_linker_candidates)
  check_linker_flag(CXX "-fuse-ld=${linker}" MERCATO_HAS_LINKER_${linker})
  if(MERCATO_HAS_LINKER_${linker})
    add_link_options(-fuse-ld=${linker})
    message(STATUS "mercato: linking with ${linker}")
    break()
  endif()
endforeach()
if(NOT MERCATO_LINKER STREQUAL "auto" AND NOT MERCATO_LINKER STREQUAL "default"
   AND NOT MERCATO_HAS_LINKER_${MERCATO_LINKER})
  message(FATAL_ERROR "MERCATO_LINKER=${MERCATO_LINKER}: the compiler cannot link with it")
endif()
