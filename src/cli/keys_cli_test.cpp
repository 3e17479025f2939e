// End-to-end tests of `mercato keys create|list|revoke`: the key is printed once and only its
// salted hash is stored, listing shows no secrets, revocation and creation are audited.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "access/audit_test_util.h"
#include "cli/cli_test_util.h"
#include "store/store.h"

namespace {

using mercato::testing::AuditOf;
using mercato::testing::CliRun;
using mercato::testing::CliTestDir;
using mercato::testing::Mercato;

std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(KeysCli, CreateListRevoke) {
  const std::string db = CliTestDir() + "/store.db";
  const CliRun created =
      Mercato("keys create --db " + db + " --scope storefront --name 'theme' --json");
  ASSERT_EQ(created.status, 0) << created.err;
  const auto j = nlohmann::json::parse(created.out);
  const std::string key = j["key"], id = j["id"];
  EXPECT_EQ(j["scope"], "storefront");
  EXPECT_EQ(j["name"], "theme");
  EXPECT_EQ(key.substr(0, 3 + id.size()), "mk_" + id);

  const CliRun plain = Mercato("keys create --db " + db + " --scope admin");
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_EQ(plain.out.substr(0, 3), "mk_");  // the key alone on stdout, for scripts
  EXPECT_NE(plain.err.find("shown only now"), std::string::npos);

  const CliRun listed = Mercato("keys list --db " + db + " --json");
  ASSERT_EQ(listed.status, 0) << listed.err;
  const auto keys = nlohmann::json::parse(listed.out);
  ASSERT_EQ(keys.size(), 2u);
  const std::string secret = key.substr(3 + id.size() + 1);
  EXPECT_EQ(listed.out.find(secret), std::string::npos);
  for (const auto& k : keys) {
    EXPECT_FALSE(k.contains("hash"));
    EXPECT_FALSE(k.contains("salt"));
    EXPECT_TRUE(k["revoked_at"].is_null());
  }
  // The database file never holds the secret either.
  EXPECT_EQ(FileText(db).find(secret), std::string::npos);

  const CliRun revoked = Mercato("keys revoke --db " + db + " " + id);
  ASSERT_EQ(revoked.status, 0) << revoked.err;
  const auto after = nlohmann::json::parse(Mercato("keys list --db " + db + " --json").out);
  int revoked_count = 0;
  for (const auto& k : after) {
    if (k["id"] == id) {
      EXPECT_FALSE(k["revoked_at"].is_null());
      ++revoked_count;
    } else {
      EXPECT_TRUE(k["revoked_at"].is_null());
    }
  }
  EXPECT_EQ(revoked_count, 1);
  const CliRun table = Mercato("keys list --db " + db);
  EXPECT_NE(table.out.find(id), std::string::npos);
  EXPECT_NE(table.out.find("theme"), std::string::npos);

  const auto audit = AuditOf(db);
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0].action, "key_created");
  EXPECT_EQ(audit[1].action, "key_created");
  EXPECT_EQ(audit[2].action, "key_revoked");
  EXPECT_EQ(audit[2].actor, "cli");
  EXPECT_EQ(audit[2].detail, "id=" + id);
  for (const auto& r : audit) EXPECT_EQ(r.detail.find(secret), std::string::npos);
}

TEST(KeysCli, BadScopeUnknownIdAndMissingDb) {
  const std::string dir = CliTestDir();
  const CliRun bad = Mercato("keys create --db " + dir + "/s.db --scope root");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("storefront or admin"), std::string::npos);
  ASSERT_EQ(Mercato("keys create --db " + dir + "/s.db --scope admin").status, 0);
  const CliRun unknown = Mercato("keys revoke --db " + dir + "/s.db 000000000000");
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("no API key with id '000000000000'"), std::string::npos);
  EXPECT_EQ(AuditOf(dir + "/s.db").size(), 1u);  // the failed revocation is not audited
  EXPECT_NE(Mercato("keys list --db " + dir + "/absent.db").status, 0);
}

}  // namespace
