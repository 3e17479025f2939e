// Tests of API key creation and verification against a real store.
#include "access/api_keys.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>

#include "access/hmac.h"
#include "store/open_store.h"

namespace mercato {
namespace {

std::unique_ptr<Store> MemoryStore() {
  auto store = OpenStore(":memory:");
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return std::move(store).value();
}

TEST(KeyScope, NamesRoundTrip) {
  EXPECT_EQ(KeyScopeName(KeyScope::kAdmin), "admin");
  EXPECT_EQ(KeyScopeName(KeyScope::kStorefront), "storefront");
  EXPECT_EQ(ParseKeyScope("admin"), KeyScope::kAdmin);
  EXPECT_EQ(ParseKeyScope("storefront"), KeyScope::kStorefront);
  EXPECT_FALSE(ParseKeyScope("Admin").has_value());
  EXPECT_FALSE(ParseKeyScope("").has_value());
}

TEST(CreateApiKey, StoresOnlyASaltedHashAndTheKeyMatches) {
  auto store = MemoryStore();
  auto created = CreateApiKey(*store, KeyScope::kStorefront, "theme", 1700000000);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string& key = created->key;
  const ApiKeyRecord& r = created->record;
  ASSERT_EQ(key.size(), 3u + 12u + 1u + 64u);
  EXPECT_EQ(key.substr(0, 3), "mk_");
  EXPECT_EQ(KeyIdOf(key), r.id);
  EXPECT_EQ(r.id.size(), 12u);
  EXPECT_EQ(r.salt.size(), 32u);
  const std::string secret = key.substr(16);
  EXPECT_EQ(r.hash, Sha256Hex(r.salt + secret));
  EXPECT_EQ(r.name, "theme");
  EXPECT_EQ(r.scope, KeyScope::kStorefront);
  EXPECT_EQ(r.created_at, 1700000000);

  auto keys = store->ListApiKeys().value();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].hash, r.hash);
  EXPECT_EQ(keys[0].hash.find(secret), std::string::npos);
  EXPECT_EQ(keys[0].salt.find(secret), std::string::npos);
  EXPECT_TRUE(KeyMatches(keys[0], key));
}

TEST(CreateApiKey, KeysAreRandomAndDistinct) {
  auto store = MemoryStore();
  std::set<std::string> ids, keys, salts;
  for (int i = 0; i < 20; ++i) {
    auto k = CreateApiKey(*store, KeyScope::kAdmin, "", i).value();
    ids.insert(k.record.id);
    keys.insert(k.key);
    salts.insert(k.record.salt);
  }
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_EQ(keys.size(), 20u);
  EXPECT_EQ(salts.size(), 20u);
  EXPECT_EQ(store->ListApiKeys().value().size(), 20u);
}

TEST(KeyMatches, RejectsAlteredForeignMalformedAndRevokedKeys) {
  auto store = MemoryStore();
  const NewApiKey a = CreateApiKey(*store, KeyScope::kAdmin, "a", 1).value();
  const NewApiKey b = CreateApiKey(*store, KeyScope::kAdmin, "b", 1).value();
  EXPECT_TRUE(KeyMatches(a.record, a.key));
  EXPECT_FALSE(KeyMatches(a.record, b.key));  // another key's id
  std::string altered = a.key;
  altered.back() = altered.back() == '0' ? '1' : '0';
  EXPECT_FALSE(KeyMatches(a.record, altered));
  // b's secret under a's id
  EXPECT_FALSE(KeyMatches(a.record, a.key.substr(0, 16) + b.key.substr(16)));
  EXPECT_FALSE(KeyMatches(a.record, ""));
  EXPECT_FALSE(KeyMatches(a.record, a.key + "0"));
  std::string upper = a.key;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_FALSE(KeyMatches(a.record, upper));

  ASSERT_TRUE(store->RevokeApiKey(a.record.id, 5).value());
  const std::vector<ApiKeyRecord> stored = store->ListApiKeys().value();
  ASSERT_EQ(stored.size(), 2u);
  for (const ApiKeyRecord& r : stored) {
    EXPECT_EQ(KeyMatches(r, r.id == a.record.id ? a.key : b.key), r.id != a.record.id) << r.id;
  }
}

TEST(KeyIdOf, AcceptsOnlyTheKeyShape) {
  const std::string good = "mk_0123456789ab_" + std::string(64, 'f');
  EXPECT_EQ(KeyIdOf(good), "0123456789ab");
  EXPECT_FALSE(KeyIdOf("Bearer " + good).has_value());
  EXPECT_FALSE(KeyIdOf("mk_0123456789ab-" + std::string(64, 'f')).has_value());
  EXPECT_FALSE(KeyIdOf("mk_0123456789aX_" + std::string(64, 'f')).has_value());
  EXPECT_FALSE(KeyIdOf("mk_0123456789ab_" + std::string(63, 'f') + "g").has_value());
  EXPECT_FALSE(KeyIdOf("xx_0123456789ab_" + std::string(64, 'f')).has_value());
  EXPECT_FALSE(KeyIdOf("mk_0123456789ab_" + std::string(63, 'f')).has_value());
  EXPECT_FALSE(KeyIdOf("").has_value());
}

}  // namespace
}  // namespace mercato
