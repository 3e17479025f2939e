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

// Allows answers without building the explanation: it must agree with Explain for every mix of
// country (set before, after or never), dated and undated records and purpose.
TEST(ConsentLedger, AllowsAgreesWithExplainEverywhere) {
  ConsentLedger ledger;
  const std::vector<std::string> countries = {"DE", "us", "United States", "CA", "BR", "", "ZZ"};
  const std::vector<std::string> purposes = {"personalization", "email_marketing", "sms_marketing",
                                             "sale_sharing"};
  std::vector<std::string> ids;
  int n = 0;
  for (const std::string& country : countries) {
    for (int records = 0; records < 6; ++records) {
      const std::string id = "c" + std::to_string(n++);
      ids.push_back(id);
      const bool country_first = records % 2 == 0;
      if (country_first && !country.empty()) ledger.SetCountry(id, country);
      const std::string& purpose = purposes[static_cast<size_t>(records) % purposes.size()];
      if (records >= 1) ledger.Record(Record(id, purpose, records % 3 == 0, 100));
      if (records >= 2) ledger.Record(Record(id, purpose, records % 4 == 0, 0));
      if (records >= 4) ledger.Record(Record(id, purposes[0], false, 0));
      if (!country_first && !country.empty()) ledger.SetCountry(id, country);
    }
  }
  ids.push_back("never-seen");
  for (const std::string& id : ids) {
    for (size_t p = 0; p < kPurposeCount; ++p) {
      const auto purpose = static_cast<Purpose>(p);
      EXPECT_EQ(ledger.Allows(id, purpose), ledger.Explain(id, purpose).allowed) << id << " " << p;
    }
  }
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
