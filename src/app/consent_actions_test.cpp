// ChangeConsent: recorded and audited for a known customer; refused, writing nothing, for an
// unknown or erased one (issue 14 item 11).
#include "app/consent_actions.h"

#include <gtest/gtest.h>

#include "access/audit_test_util.h"
#include "ingest/import_test_util.h"

namespace mercato::app {
namespace {

using ::mercato::testing::AuditLog;
using ::mercato::testing::CountOf;

class ChangeConsentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Customer known;
    known.id = "known";
    ASSERT_TRUE(store_->Put(&known).ok());
    Customer gone;
    gone.id = "gone";
    ASSERT_TRUE(store_->Put(&gone).ok());
    ASSERT_TRUE(store_->EraseCustomer("gone").ok());
  }
  static ChangeConsentOptions For(std::string customer) {
    ChangeConsentOptions o;
    o.customer = std::move(customer);
    o.purpose = privacy::Purpose::kEmailMarketing;
    o.granted = true;
    o.source = "preference-center";
    o.actor = "key:admin1";
    o.now = 1700000000;
    return o;
  }
  std::unique_ptr<Store> store_ = mercato::testing::FreshStore(mercato::testing::FreshDir());
};

TEST_F(ChangeConsentTest, RecordsAndAuditsForAKnownCustomer) {
  auto consent = ChangeConsent(*store_, For("known"));
  ASSERT_TRUE(consent.ok()) << consent.status().ToString();
  EXPECT_EQ(consent->purpose, "email_marketing");
  const auto stored = store_->GetCustomerRecords("known").value().consents;
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_TRUE(stored[0].granted);
  EXPECT_EQ(stored[0].source, "preference-center");
  EXPECT_EQ(stored[0].ts, 1700000000);
  const auto audit = AuditLog(*store_);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "consent_change");
  EXPECT_EQ(audit[0].detail, "email_marketing granted");
}

TEST_F(ChangeConsentTest, UnknownCustomerIsNotFoundAndLeavesNoOrphanConsent) {
  const auto refused = ChangeConsent(*store_, For("stranger"));
  EXPECT_EQ(refused.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(refused.status().message(),
            "customer stranger is not known: add it with POST /v1/customers (or an import) first");
  EXPECT_EQ(CountOf(*store_, EntityKind::kConsent), 0);
  EXPECT_TRUE(AuditLog(*store_).empty());
}

TEST_F(ChangeConsentTest, ErasedCustomerIsRefusedAndNothingIsAudited) {
  const auto refused = ChangeConsent(*store_, For("gone"));
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "customer gone was erased: consents of an erased customer are not recorded");
  EXPECT_EQ(CountOf(*store_, EntityKind::kConsent), 0);
  EXPECT_TRUE(AuditLog(*store_).empty());
  EXPECT_TRUE(ChangeConsent(*store_, For("known")).ok());  // the transaction was ended
}

}  // namespace
}  // namespace mercato::app
