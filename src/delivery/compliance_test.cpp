// Tests of send-time compliance: consent as it stands at send time, the sender's identity, and
// the unsubscribe tokens.
#include "delivery/compliance.h"

#include <gtest/gtest.h>

#include "access/access_token.h"
#include "delivery/delivery_test_util.h"
#include "store/open_store.h"
#include "store/temp_path_test_util.h"

namespace mercato::delivery {
namespace {

using testing::SampleOutboxMessage;
using testing::SampleSender;

const std::string kSecret(40, 's');

TEST(Compliance, EscapesHtml) {
  EXPECT_EQ(EscapeHtml(R"(Tom & Jerry's <b>"shop"</b>)"),
            "Tom &amp; Jerry&#39;s &lt;b&gt;&quot;shop&quot;&lt;/b&gt;");
  EXPECT_EQ(EscapeHtml("plain"), "plain");
}

TEST(Compliance, EmailNeedsTheSendersNameAddressAndPostalAddress) {
  EXPECT_TRUE(CheckSenderIdentity(SampleSender()).ok());
  SenderIdentity partial = SampleSender();
  partial.postal_address.clear();
  partial.name.clear();
  const Status s = CheckSenderIdentity(partial);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("missing: sender_name, postal_address."), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("--postal-address"), std::string::npos);
}

TEST(Compliance, UnsubscribeTokensVerifyOnlyUnderTheirSecretAndOnlyAsUnsubscribeTokens) {
  const std::string token =
      SignUnsubscribeToken(kSecret, {"cust|with|bars", privacy::Purpose::kEmailMarketing}, 1000);
  auto ok = VerifyUnsubscribeToken(kSecret, token, 1000 + 30 * kSecondsPerDay);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->customer_id, "cust|with|bars");  // split at the first bar: purposes have none
  EXPECT_EQ(ok->purpose, privacy::Purpose::kEmailMarketing);
  // Another secret, a changed character, a link older than 400 days: refused.
  EXPECT_EQ(VerifyUnsubscribeToken(std::string(40, 't'), token, 1000).status().code(),
            StatusCode::kUnauthenticated);
  std::string tampered = token;
  tampered[tampered.size() - 1] = tampered.back() == 'a' ? 'b' : 'a';
  EXPECT_FALSE(VerifyUnsubscribeToken(kSecret, tampered, 1000).ok());
  auto expired = VerifyUnsubscribeToken(kSecret, token, 1000 + kUnsubscribeLinkSeconds);
  EXPECT_NE(expired.status().message().find("expired"), std::string::npos);
  EXPECT_FALSE(VerifyUnsubscribeToken("", token, 1000).ok());
  // The link is no customer token under the same secret: it cannot personalize as the customer.
  EXPECT_FALSE(VerifyAccessToken(kSecret, token, 1000, kUnsubscribeLinkSeconds).ok());
  EXPECT_EQ(UnsubscribeUrl("https://m.example//", "abc"),
            "https://m.example/v1/unsubscribe?token=abc");
}

class SendPermissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(mercato::testing::FreshPath("permission.db")).value();
    PutCustomer("us", "US", "us@example.com");
    PutCustomer("de", "DE", "de@example.com");
    PutCustomer("noaddr", "US", "");
  }
  void PutCustomer(const std::string& id, const std::string& country, const std::string& email) {
    Customer c;
    c.id = id;
    c.country = country;
    c.email = email;
    ASSERT_TRUE(store_->Put(&c).ok());
  }
  void PutConsent(const std::string& id, bool granted, Timestamp ts) {
    Consent c{id, "email_marketing", granted, ts, "test"};
    ASSERT_TRUE(store_->Put(&c).ok());
  }
  SendPermission Check(const std::string& customer,
                       const std::string& purpose = "email_marketing") {
    OutboxMessage m = SampleOutboxMessage("m-" + customer, customer, 0);
    m.purpose = purpose;
    return CheckSendPermission(*store_, privacy::DefaultConsentPolicy(), m).value();
  }
  std::unique_ptr<Store> store_;
};

TEST_F(SendPermissionTest, ConsentIsReadAsItStandsAtSendTime) {
  // United States: email marketing is allowed until opted out (consent_policy.h).
  SendPermission us = Check("us");
  EXPECT_TRUE(us.allowed) << us.reason;
  EXPECT_EQ(us.customer.email, "us@example.com");
  PutConsent("us", false, 500);  // the customer opts out after the journey decided
  SendPermission revoked = Check("us");
  EXPECT_FALSE(revoked.allowed);
  EXPECT_NE(revoked.reason.find("no consent for email_marketing (revoked"), std::string::npos)
      << revoked.reason;
  PutConsent("us", true, 600);  // and in again, later
  EXPECT_TRUE(Check("us").allowed);
  // Germany: opt-in (GDPR): nothing is sent without a grant.
  SendPermission de = Check("de");
  EXPECT_FALSE(de.allowed);
  EXPECT_NE(de.reason.find("default opt-in"), std::string::npos) << de.reason;
  PutConsent("de", true, 700);
  EXPECT_TRUE(Check("de").allowed);
}

TEST_F(SendPermissionTest, NoAddressNoCustomerOrAnUnknownPurposeIsNoPermission) {
  EXPECT_NE(Check("noaddr").reason.find("has no email address"), std::string::npos);
  EXPECT_NE(Check("ghost").reason.find("is not in the store"), std::string::npos);
  EXPECT_NE(Check("us", "telepathy").reason.find("unknown consent purpose 'telepathy'"),
            std::string::npos);
  EXPECT_FALSE(Check("ghost").allowed);
}

}  // namespace
}  // namespace mercato::delivery
