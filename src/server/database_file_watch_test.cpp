// The database file watch: a write through another connection is seen by the next ask, a quiet
// database and unrelated files in its folder are not, and a location without a file always
// answers "changed".
#include "server/database_file_watch.h"

#include <gtest/gtest.h>

#include <fstream>

#include "ingest/import_test_util.h"
#include "store/open_store.h"

namespace mercato::server {
namespace {

TEST(DatabaseFileWatch, SeesAnotherConnectionsCommitOnTheNextAsk) {
  const std::string dir = mercato::testing::FreshDir();
  const std::string db = dir + "/store.db";
  auto writer = OpenStore(db);
  ASSERT_TRUE(writer.ok()) << writer.status().message();
  DatabaseFileWatch watch(db);
  EXPECT_TRUE(watch.Changed());  // the first ask knows nothing yet
  EXPECT_FALSE(watch.Changed());
  auto reader = OpenStore(db);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->DataVersion().ok());
  EXPECT_FALSE(watch.Changed()) << "a read is no change";
  ASSERT_TRUE((*writer)->PutSetting("test.key", "1").ok());
  EXPECT_TRUE(watch.Changed());
  EXPECT_FALSE(watch.Changed());
  std::ofstream(dir + "/unrelated.txt") << "x";
  EXPECT_FALSE(watch.Changed()) << "another file of the folder";
  ASSERT_TRUE((*writer)->PutSetting("test.key", "2").ok());
  EXPECT_TRUE(watch.Changed());
}

TEST(DatabaseFileWatch, AlwaysChangedWithoutADatabaseFile) {
  for (const char* location : {":memory:", "postgresql://host/db"}) {
    DatabaseFileWatch watch(location);
    EXPECT_TRUE(watch.Changed()) << location;
    EXPECT_TRUE(watch.Changed()) << location;
  }
}

}  // namespace
}  // namespace mercato::server
