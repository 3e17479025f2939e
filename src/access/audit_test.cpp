// Tests of audit records: customer ids hashed, actions checked.
#include "access/audit.h"

#include <gtest/gtest.h>

#include "access/audit_test_util.h"
#include "common/text.h"
#include "store/open_store.h"

namespace mercato {
namespace {

TEST(Audit, StoresTheCustomerIdOnlyAsItsHash) {
  auto store = OpenStore(":memory:").value();
  ASSERT_TRUE(Audit(*store, "cli", "erasure", "shopify:1234abcd", "2 orders anonymized", 99).ok());
  ASSERT_TRUE(Audit(*store, "0123456789ab", "key_created", "", "admin key", 100).ok());
  const auto records = testing::AuditLog(*store);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].actor, "cli");
  EXPECT_EQ(records[0].action, "erasure");
  EXPECT_EQ(records[0].subject, Sha256Hex("shopify:1234abcd"));
  EXPECT_EQ(records[0].subject.find("1234abcd"), std::string::npos);
  EXPECT_EQ(records[0].detail, "2 orders anonymized");
  EXPECT_EQ(records[0].ts, 99);
  EXPECT_EQ(records[1].subject, "");
  EXPECT_EQ(AuditSubject("x"), Sha256Hex("x"));
}

TEST(Audit, RefusesUnknownActionsAndMissingActor) {
  auto store = OpenStore(":memory:").value();
  EXPECT_EQ(Audit(*store, "cli", "erase", "c", "", 1).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Audit(*store, "", "export", "c", "", 1).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(testing::AuditLog(*store).empty());
  for (const char* action : {"consent_change", "export", "erasure", "admin_read", "key_created",
                             "key_revoked", "shop_redact"}) {
    EXPECT_TRUE(IsAuditAction(action)) << action;
  }
}

}  // namespace
}  // namespace mercato
