// Tests of consent resolution: dated records, undated export states, regional defaults.
#include "privacy/consent_ledger.h"

#include <gtest/gtest.h>

#include "ingest/import_test_util.h"

namespace mercato::privacy {
namespace {

Consent Record(const std::string& id, const std::string& purpose, bool granted, Timestamp ts) {
  return Consent{id, purpose, granted, ts, "test"};
}

Customer MakeCustomer(std::string id, std::string country) {
  Customer c;
  c.id = std::move(id);
  c.country = std::move(country);
  return c;
}

TEST(ConsentLedger, RegionalDefaultsWithoutRecords) {
  ConsentLedger ledger;
  ledger.SetCountry("eu", "DE");
  ledger.SetCountry("us", "US");
  EXPECT_FALSE(ledger.Allows("eu", Purpose::kPersonalization));
  EXPECT_TRUE(ledger.Allows("us", Purpose::kPersonalization));
  EXPECT_FALSE(ledger.Allows("nobody", Purpose::kPersonalization));  // unknown: strictest
  EXPECT_EQ(ledger.Explain("eu", Purpose::kEmailMarketing).basis, "default opt-in");
  EXPECT_EQ(ledger.Explain("us", Purpose::kEmailMarketing).jurisdiction, "US");
}

TEST(ConsentLedger, LatestDatedRecordWinsAndRevocationWinsTies) {
  ConsentLedger ledger;
  ledger.SetCountry("a", "FR");
  ledger.Record(Record("a", "personalization", true, 100));
  EXPECT_TRUE(ledger.Allows("a", Purpose::kPersonalization));
  ledger.Record(Record("a", "personalization", false, 200));
  EXPECT_FALSE(ledger.Allows("a", Purpose::kPersonalization));
  ledger.Record(Record("a", "personalization", true, 150));  // older: no effect
  EXPECT_FALSE(ledger.Allows("a", Purpose::kPersonalization));
  ledger.Record(Record("a", "personalization", true, 300));
  EXPECT_TRUE(ledger.Allows("a", Purpose::kPersonalization));
  ledger.Record(Record("a", "personalization", false, 300));  // same time: revocation wins
  EXPECT_FALSE(ledger.Allows("a", Purpose::kPersonalization));
  const ConsentDecision d = ledger.Explain("a", Purpose::kPersonalization);
  EXPECT_EQ(d.basis, "revoked");
  EXPECT_EQ(d.ts, 300);
  // Other purposes are independent.
  EXPECT_FALSE(ledger.Allows("a", Purpose::kEmailMarketing));
}

TEST(ConsentLedger, OptOutRegionRevocationIsHonoured) {
  ConsentLedger ledger;
  ledger.SetCountry("ca-resident", "US");
  EXPECT_TRUE(ledger.Allows("ca-resident", Purpose::kSaleSharing));
  ledger.Record(Record("ca-resident", "sale_sharing", false, 1000));  // do not sell or share
  EXPECT_FALSE(ledger.Allows("ca-resident", Purpose::kSaleSharing));
  EXPECT_TRUE(ledger.Allows("ca-resident", Purpose::kPersonalization));
}

TEST(ConsentLedger, UndatedRevocationOverridesGrants) {
  ConsentLedger ledger;
  ledger.SetCountry("b", "US");
  ledger.Record(Record("b", "email_marketing", true, 500));
  ledger.Record(Record("b", "email_marketing", false, 0));  // Shopify export says "no"
  EXPECT_FALSE(ledger.Allows("b", Purpose::kEmailMarketing));
  // An undated grant applies only where no dated record exists.
  ledger.SetCountry("c", "DE");
  ledger.Record(Record("c", "email_marketing", true, 0));
  EXPECT_TRUE(ledger.Allows("c", Purpose::kEmailMarketing));
  ledger.Record(Record("c", "email_marketing", false, 10));
  EXPECT_FALSE(ledger.Allows("c", Purpose::kEmailMarketing));
  ledger.Record(Record("c", "unknown_purpose", true, 20));  // ignored
  EXPECT_FALSE(ledger.Allows("c", Purpose::kEmailMarketing));
}

TEST(ConsentLedger, LoadsFromTheStore) {
  auto store = testing::FreshStore(testing::FreshDir());
  ASSERT_TRUE(store->Begin().ok());
  const Customer eu = MakeCustomer("eu", "Germany");
  const Customer us = MakeCustomer("us", "US");
  ASSERT_TRUE(store->Put(&eu).ok());
  ASSERT_TRUE(store->Put(&us).ok());
  const Consent grant = Record("eu", "personalization", true, 100);
  const Consent revoke = Record("us", "personalization", false, 100);
  ASSERT_TRUE(store->Put(&grant).ok());
  ASSERT_TRUE(store->Put(&revoke).ok());
  ASSERT_TRUE(store->Commit().ok());
  auto ledger = LoadConsentLedger(*store);
  ASSERT_TRUE(ledger.ok()) << ledger.status().message();
  EXPECT_TRUE(ledger->Allows("eu", Purpose::kPersonalization));
  EXPECT_FALSE(ledger->Allows("eu", Purpose::kEmailMarketing));
  EXPECT_FALSE(ledger->Allows("us", Purpose::kPersonalization));
  EXPECT_TRUE(ledger->Allows("us", Purpose::kEmailMarketing));
  EXPECT_EQ(ledger->customers(), 2u);
}

}  // namespace
}  // namespace mercato::privacy
