// Tests of the shipped consent defaults by region and of policy files.
#include "privacy/consent_policy.h"

#include <gtest/gtest.h>

#include "ingest/import_test_util.h"

namespace mercato::privacy {
namespace {

using testing::FreshDir;

TEST(ConsentPolicy, PurposeNamesRoundTrip) {
  for (Purpose p : {Purpose::kPersonalization, Purpose::kEmailMarketing, Purpose::kSmsMarketing,
                    Purpose::kSaleSharing}) {
    EXPECT_EQ(ParsePurpose(PurposeName(p)), p);
  }
  EXPECT_FALSE(ParsePurpose("telepathy"));
}

TEST(ConsentPolicy, ShippedDefaultsByRegion) {
  const ConsentPolicy& p = DefaultConsentPolicy();
  // EU/EEA/UK: opt-in for everything, whatever the spelling of the country.
  for (const char* country : {"DE", "France", "United Kingdom", "EIRE", "Norway", "gb",
                              "European Community", "Channel Islands"}) {
    for (Purpose purpose : {Purpose::kPersonalization, Purpose::kEmailMarketing}) {
      EXPECT_EQ(p.DefaultFor(country, purpose), Default::kOptIn) << country;
    }
  }
  // US (California included): allowed until opted out.
  EXPECT_EQ(p.DefaultFor("US", Purpose::kPersonalization), Default::kOptOut);
  EXPECT_EQ(p.DefaultFor("USA", Purpose::kSaleSharing), Default::kOptOut);
  // Canada: express consent for email and SMS, personalization until opted out.
  EXPECT_EQ(p.DefaultFor("Canada", Purpose::kEmailMarketing), Default::kOptIn);
  EXPECT_EQ(p.DefaultFor("CA", Purpose::kSmsMarketing), Default::kOptIn);
  EXPECT_EQ(p.DefaultFor("CA", Purpose::kPersonalization), Default::kOptOut);
  // Unknown country: the strictest.
  EXPECT_EQ(p.DefaultFor("", Purpose::kPersonalization), Default::kOptIn);
  EXPECT_EQ(p.DefaultFor("Unspecified", Purpose::kPersonalization), Default::kOptIn);
  EXPECT_EQ(p.DefaultFor("Japan", Purpose::kEmailMarketing), Default::kOptOut);
  EXPECT_EQ(p.JurisdictionOf("Japan"), "elsewhere");
  EXPECT_EQ(p.JurisdictionOf("Spain"), "EU/EEA/UK/CH");
}

std::string WritePolicy(const std::string& text) {
  return testing::WriteFile(FreshDir(), "policy.json", text);
}

TEST(ConsentPolicy, LoadsAPolicyFile) {
  const std::string path = WritePolicy(R"({
    "jurisdictions": [{"name": "strict-au", "countries": ["Australia"],
                       "defaults": {"email_marketing": "opt_in"}}],
    "unknown_country": {"personalization": "opt_out"},
    "elsewhere": {"sms_marketing": "opt_in"}})");
  auto policy = LoadConsentPolicy(path);
  ASSERT_TRUE(policy.ok()) << policy.status().message();
  EXPECT_EQ(policy->DefaultFor("AU", Purpose::kEmailMarketing), Default::kOptIn);
  EXPECT_EQ(policy->DefaultFor("AU", Purpose::kPersonalization), Default::kOptOut);
  EXPECT_EQ(policy->DefaultFor("", Purpose::kPersonalization), Default::kOptOut);
  EXPECT_EQ(policy->DefaultFor("", Purpose::kEmailMarketing), Default::kOptIn);
  EXPECT_EQ(policy->DefaultFor("DE", Purpose::kSmsMarketing), Default::kOptIn);  // now elsewhere
  EXPECT_EQ(policy->DefaultFor("DE", Purpose::kEmailMarketing), Default::kOptOut);
}

TEST(ConsentPolicy, BadPolicyFilesNameTheKey) {
  auto bad_purpose = LoadConsentPolicy(WritePolicy(R"({"elsewhere": {"telepathy": "opt_in"}})"));
  ASSERT_FALSE(bad_purpose.ok());
  EXPECT_NE(bad_purpose.status().message().find("elsewhere.telepathy"), std::string::npos);
  auto bad_value = LoadConsentPolicy(WritePolicy(R"({"elsewhere": {"personalization": "maybe"}})"));
  ASSERT_FALSE(bad_value.ok());
  EXPECT_NE(bad_value.status().message().find("opt_in"), std::string::npos);
  auto bad_country = LoadConsentPolicy(
      WritePolicy(R"({"jurisdictions": [{"countries": ["Atlantis"], "defaults": {}}]})"));
  ASSERT_FALSE(bad_country.ok());
  EXPECT_NE(bad_country.status().message().find("jurisdictions[0].countries"), std::string::npos);
  EXPECT_FALSE(LoadConsentPolicy(WritePolicy("not json")).ok());
  EXPECT_FALSE(LoadConsentPolicy("/nonexistent/policy.json").ok());
}

}  // namespace
}  // namespace mercato::privacy
