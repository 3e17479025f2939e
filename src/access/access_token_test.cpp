// Tests of customer and order tokens: the documented format (vectors computed independently
// with Python's hmac module), and every way a token is refused.
#include "access/access_token.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

const std::string kSecret(32, 'k');
constexpr Timestamp kNow = 1700000000;
constexpr int64_t kDay = 86400;

// python3: hmac.new(b"k"*32, b"mercato-token-v1|customer|1700003600|cust@example.com",
//                   hashlib.sha256).hexdigest(), subject base64.urlsafe_b64encode(...).rstrip("=")
constexpr std::string_view kCustomerToken =
    "v1.customer.1700003600.Y3VzdEBleGFtcGxlLmNvbQ."
    "9856727b621c0161fc498b49f9c7842fd1e8b7982aca1a4384187a03e8ed21c7";
constexpr std::string_view kOrderToken =
    "v1.order.1700000060.IzEwMDE."
    "bee1b5fb4207fee5921fc67a6f89498058d7f8de0bf3541f8bca7af9d4fdcbb2";

void ExpectRefused(std::string_view secret, std::string_view token, std::string_view why,
                   Timestamp now = kNow) {
  const Result<AccessToken> r = VerifyAccessToken(secret, token, now, kDay);
  ASSERT_FALSE(r.ok()) << token;
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(r.status().message().find(why), std::string::npos) << r.status().message();
}

TEST(AccessToken, SignsTheDocumentedFormat) {
  EXPECT_EQ(SignAccessToken(kSecret, TokenKind::kCustomer, "cust@example.com", kNow + 3600),
            kCustomerToken);
  EXPECT_EQ(SignAccessToken(kSecret, TokenKind::kOrder, "#1001", kNow + 60), kOrderToken);
}

TEST(AccessToken, VerifiesWhatItVouchesFor) {
  const Result<AccessToken> customer = VerifyAccessToken(kSecret, kCustomerToken, kNow, kDay);
  ASSERT_TRUE(customer.ok()) << customer.status().message();
  EXPECT_EQ(customer->kind, TokenKind::kCustomer);
  EXPECT_EQ(customer->subject, "cust@example.com");
  EXPECT_EQ(customer->expires_at, kNow + 3600);
  const Result<AccessToken> order = VerifyAccessToken(kSecret, kOrderToken, kNow + 59, kDay);
  ASSERT_TRUE(order.ok()) << order.status().message();
  EXPECT_EQ(order->kind, TokenKind::kOrder);
  EXPECT_EQ(order->subject, "#1001");
  // A subject with the separators of the signed text and the token round-trips.
  const std::string odd = "a|b.c\n\xc3\xa9";
  const std::string token = SignAccessToken(kSecret, TokenKind::kCustomer, odd, kNow + 10);
  EXPECT_EQ(VerifyAccessToken(kSecret, token, kNow, kDay)->subject, odd);
}

TEST(AccessToken, RefusesForgedExpiredAndTooLongLived) {
  ExpectRefused("", kCustomerToken, "verifies no tokens");
  ExpectRefused(std::string(32, 'x'), kCustomerToken, "bad signature");
  // Another customer's id with this signature.
  std::string other(kCustomerToken);
  other.replace(other.find("Y3VzdEBleGFtcGxlLmNvbQ"), 22, "b3RoZXJAZXhhbXBsZS5jb20");
  ExpectRefused(kSecret, other, "bad signature");
  // The expiry moved later, the kind swapped: the signature covers both.
  std::string later(kCustomerToken);
  later.replace(later.find("1700003600"), 10, "1700007200");
  ExpectRefused(kSecret, later, "bad signature");
  std::string as_order(kCustomerToken);
  as_order.replace(3, 8, "order");
  ExpectRefused(kSecret, as_order, "bad signature");
  // One hex digit of the signature changed.
  std::string flipped(kCustomerToken);
  flipped.back() = flipped.back() == '7' ? '8' : '7';
  ExpectRefused(kSecret, flipped, "bad signature");
  ExpectRefused(kSecret, kCustomerToken, "expired", kNow + 3600);
  ExpectRefused(kSecret, kCustomerToken, "expired", kNow + 7200);
  const std::string long_lived =
      SignAccessToken(kSecret, TokenKind::kCustomer, "c1", kNow + kDay + 1);
  ExpectRefused(kSecret, long_lived, "more than 86400 seconds");
  EXPECT_TRUE(VerifyAccessToken(kSecret, long_lived, kNow + 1, kDay).ok());
}

TEST(AccessToken, RefusesMalformedTokens) {
  const std::string sig(64, 'a');
  ExpectRefused(kSecret, "", "expected v1.");
  ExpectRefused(kSecret, "v1.customer.1700003600.YzE", "expected v1.");
  ExpectRefused(kSecret, "v1.customer.1700003600.YzE." + sig + ".x", "expected v1.");
  ExpectRefused(kSecret, "v2.customer.1700003600.YzE." + sig, "unknown version");
  ExpectRefused(kSecret, "v1.admin.1700003600.YzE." + sig, "unknown kind");
  for (std::string_view expiry : {"-1700003600", "+1700003600", "01700003600", "17e8", ""}) {
    ExpectRefused(kSecret, "v1.customer." + std::string(expiry) + ".YzE." + sig, "expiry");
  }
  ExpectRefused(kSecret, "v1.customer.1700003600.YzE=." + sig, "base64url");
  ExpectRefused(kSecret, "v1.customer.1700003600.." + sig, "base64url");
  ExpectRefused(kSecret, "v1.customer.1700003600." + std::string(2000, 'Y') + "." + sig,
                "too long");
  ExpectRefused(kSecret, "v1.customer.1700003600.YzE." + sig.substr(1), "64 hex");
}

}  // namespace
}  // namespace mercato
