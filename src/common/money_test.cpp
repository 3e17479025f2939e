// Currency codes and money with its currency.
#include "common/money.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(ParseCurrencyCode, ThreeLettersInAnyCaseAreUpperCased) {
  EXPECT_EQ(ParseCurrencyCode("usd").value(), "USD");
  EXPECT_EQ(ParseCurrencyCode("EuR").value(), "EUR");
}

TEST(ParseCurrencyCode, AnythingElseIsRefusedSayingWhatIsExpected) {
  for (std::string_view bad : {"", "US", "USDT", "US1", "$", "€UR"}) {
    auto parsed = ParseCurrencyCode(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find("three letters"), std::string::npos);
  }
}

TEST(MoneyText, CentsThenTheCurrencyOrNothing) {
  EXPECT_EQ(MoneyText(52.8, "USD"), "52.80 USD");
  EXPECT_EQ(MoneyText(1013.3999938964844, "EUR"), "1013.40 EUR");
  EXPECT_EQ(MoneyText(52.8, ""), "52.80");
}

}  // namespace
}  // namespace mercato
