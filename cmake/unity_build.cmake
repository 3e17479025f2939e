# Unity builds (CMAKE_UNITY_BUILD=ON, which `make test` turns on): the sources that cannot share a
# translation unit with their neighbours, because two files of one target define the same name in
# an anonymous namespace. When a unity build reports a redefinition, add one of the two files here
# (or rename the name); `make test UNITY=OFF` builds without unity batches meanwhile.
if(NOT CMAKE_UNITY_BUILD)
  return()
endif()

# The command files each keep their own Fail, Run, RunList, Args, Day, kActor, ModelJson.
set_target_properties(mercato_cli PROPERTIES UNITY_BUILD OFF)

function(mercato_skip_unity dir)
  list(TRANSFORM ARGN PREPEND ${PROJECT_SOURCE_DIR}/${dir}/ OUTPUT_VARIABLE files)
  set_source_files_properties(${files} DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}
    PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endfunction()
mercato_skip_unity(src/customers pareto_nbd_test.cpp)               # kCdnow
mercato_skip_unity(src/forecast backtest.cpp covariates.cpp          # Point, RowError, kNaN
  global_model_test.cpp)                                             # Planted
mercato_skip_unity(src/ingest shopify_orders_format.cpp              # AddRow, Flush, kLayout
  online_retail_format.cpp                                           # kLayout
  shopify_products_format.cpp shopify_products_format_test.cpp       # kData, kHeader
  shopify_customers_format_test.cpp shopify_orders_format_test.cpp)  # kData, kOrders
mercato_skip_unity(src/recommend cooccurrence.cpp)                   # Transpose
mercato_skip_unity(src/server catalog_routes.cpp                     # kMaxBatch
  http_server.cpp)  # its Impl holds anonymous-namespace types: -Wsubobject-linkage when included
mercato_skip_unity(src/synth simulation.cpp)                         # Dollars, kMinute
