// Tests of OpenStore: which locations open which back-end, and that stores come guarded.
#include "store/open_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/temp_path_test_util.h"

namespace mercato {
namespace {

using ::mercato::testing::FreshPath;

Status PutProduct(Store& store, const std::string& sku) {
  Product p;
  p.sku = sku;
  return store.Put(&p);
}

TEST(OpenStore, PlainPathAndSqlitePrefixOpenTheSameFile) {
  const std::string path = FreshPath("open_plain.db");
  auto plain = OpenStore(path);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  ASSERT_TRUE(PutProduct(*plain.value(), "S1").ok());
  auto prefixed = OpenStore("sqlite:" + path);
  ASSERT_TRUE(prefixed.ok()) << prefixed.status().ToString();
  EXPECT_EQ(prefixed.value()->Count(EntityKind::kProduct).value(), 1);
  EXPECT_TRUE(std::filesystem::exists(path));
}

TEST(OpenStore, MemoryStoresArePrivate) {
  for (const std::string location : {":memory:", "sqlite::memory:"}) {
    auto a = OpenStore(location);
    ASSERT_TRUE(a.ok()) << location << ": " << a.status().ToString();
    ASSERT_TRUE(PutProduct(*a.value(), "S1").ok());
    auto b = OpenStore(location);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(a.value()->Count(EntityKind::kProduct).value(), 1) << location;
    EXPECT_EQ(b.value()->Count(EntityKind::kProduct).value(), 0) << location;
  }
}

TEST(OpenStore, PostgresqlIsNotSupportedYet) {
  for (const std::string location :
       {"postgresql://mercato@localhost/shop", "postgres://localhost:5432/shop"}) {
    auto store = OpenStore(location);
    ASSERT_FALSE(store.ok()) << location;
    EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition) << location;
    EXPECT_NE(store.status().message().find("not supported yet in this build"), std::string::npos)
        << store.status().message();
    EXPECT_NE(store.status().message().find(location), std::string::npos);
  }
}

TEST(OpenStore, UnknownSchemeAndEmptyPathAreClearErrors) {
  auto unknown = OpenStore("mysql://localhost/shop");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("unknown kind of store 'mysql'"), std::string::npos)
      << unknown.status().message();
  EXPECT_FALSE(std::filesystem::exists("mysql:"));
  auto empty = OpenStore("sqlite:");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("expected sqlite:PATH"), std::string::npos);
}

TEST(OpenStore, StoresApplyTheErasureRule) {
  auto store = OpenStore(":memory:").value();
  ASSERT_TRUE(store->EraseCustomer("alice").ok());
  Customer alice;
  alice.id = "alice";
  ASSERT_TRUE(store->Put(&alice).ok());
  EXPECT_EQ(store->Count(EntityKind::kCustomer).value(), 0);
  EXPECT_EQ(store->WithheldWrites(), 1);
}

}  // namespace
}  // namespace mercato
