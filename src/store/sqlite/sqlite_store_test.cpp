// The SQLite back-end against the store conformance suite, through OpenStore as users get it.
#include "store/open_store.h"
#include "store/store_conformance.h"

namespace mercato {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance,
                         ::testing::Values(StoreFactory([](const std::string& dir) {
                           return OpenStore("sqlite:" + dir + "/store.db");
                         })));

}  // namespace
}  // namespace mercato
