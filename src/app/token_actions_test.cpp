// Tests of minting tokens: what is minted verifies for its subject, bad arguments are refused.
#include "app/token_actions.h"

#include <gtest/gtest.h>

namespace mercato::app {
namespace {

const std::string kSecret(40, 's');

TEST(MintToken, MintsATokenTheServerAccepts) {
  const auto minted = MintToken({kSecret, "order", "#1001", 900, 86400, 1700000000});
  ASSERT_TRUE(minted.ok()) << minted.status().message();
  EXPECT_EQ(minted->kind, TokenKind::kOrder);
  EXPECT_EQ(minted->expires_at, 1700000900);
  const auto verified = VerifyAccessToken(kSecret, minted->token, 1700000000, 86400);
  ASSERT_TRUE(verified.ok()) << verified.status().message();
  EXPECT_EQ(verified->subject, "#1001");
  EXPECT_EQ(verified->kind, TokenKind::kOrder);
}

TEST(MintToken, RefusesWhatWouldNotVerify) {
  EXPECT_EQ(MintToken({"", "customer", "c1", 60, 86400, 0}).status().code(),
            StatusCode::kFailedPrecondition);
  const MintTokenOptions bad[] = {
      {"short", "customer", "c1", 60, 86400, 0},
      {kSecret, "admin", "c1", 60, 86400, 0},
      {kSecret, "customer", "", 60, 86400, 0},
      {kSecret, "customer", std::string(kMaxTokenSubjectBytes + 1, 'c'), 60, 86400, 0},
      {kSecret, "customer", "c1", 0, 86400, 0},
      {kSecret, "customer", "c1", 86401, 86400, 0},
  };
  for (const MintTokenOptions& o : bad) {
    EXPECT_EQ(MintToken(o).status().code(), StatusCode::kInvalidArgument)
        << o.kind << o.ttl_seconds;
  }
  // The longest subject and lifetime still verify.
  const auto longest =
      MintToken({kSecret, "customer", std::string(kMaxTokenSubjectBytes, 'c'), 86400, 86400, 0});
  ASSERT_TRUE(longest.ok()) << longest.status().message();
  EXPECT_TRUE(VerifyAccessToken(kSecret, longest->token, 0, 86400).ok());
}

}  // namespace
}  // namespace mercato::app
