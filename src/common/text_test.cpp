// Tests of number parsing, UTF-8 repair and hashing.
#include "common/text.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(Text, ParsesNumbersStrictly) {
  EXPECT_EQ(ParseInt("17850.0").value(), 17850);
  EXPECT_EQ(ParseInt(" -12 ").value(), -12);
  EXPECT_EQ(ParseInt("+7").value(), 7);
  EXPECT_FALSE(ParseInt("12.5").ok());
  EXPECT_FALSE(ParseInt("12abc").ok());
  EXPECT_FALSE(ParseInt("").ok());
  EXPECT_FALSE(ParseInt("99999999999999999999").ok());
  EXPECT_DOUBLE_EQ(ParseReal("2.55").value(), 2.55);
  EXPECT_DOUBLE_EQ(ParseReal("-1e3").value(), -1000);
  EXPECT_FALSE(ParseReal("nan").ok());
  EXPECT_FALSE(ParseReal("inf").ok());
  EXPECT_FALSE(ParseReal("1,5").ok());
  EXPECT_TRUE(ParseBool("Yes").value());
  EXPECT_FALSE(ParseBool("FALSE").value());
  EXPECT_FALSE(ParseBool("maybe").ok());
}

TEST(Text, RepairsUtf8) {
  EXPECT_TRUE(IsCleanUtf8("caf\xC3\xA9"));
  EXPECT_FALSE(IsCleanUtf8("caf\xE9"));
  EXPECT_EQ(RepairUtf8("caf\xE9"), "caf\xEF\xBF\xBD");
  EXPECT_EQ(RepairUtf8(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(RepairUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(RepairUtf8("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
}

TEST(Text, HashesAndSplits) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto parts = Split("a,,b", ',');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(Excerpt("abcdef", 3), "abc...");
  EXPECT_EQ(FormatReal(2.55), "2.55");
  EXPECT_EQ(FormatReal(0.1f), "0.1");
  EXPECT_EQ(FormatReal(1e-7), "1e-07");
}

TEST(TextTest, MoneyIsRoundedToCentsWithTwoDecimals) {
  EXPECT_EQ(FormatMoney(52.8), "52.80");
  EXPECT_EQ(FormatMoney(1013.3999938964844), "1013.40");
  EXPECT_EQ(FormatMoney(0.005), "0.01");  // half away from zero
  EXPECT_EQ(FormatMoney(-2.346), "-2.35");
  EXPECT_EQ(FormatMoney(0), "0.00");
  EXPECT_DOUBLE_EQ(RoundToCents(1013.3999938964844), 1013.4);
  EXPECT_DOUBLE_EQ(RoundToCents(19.999), 20.0);
}

TEST(Text, Joins) {
  EXPECT_EQ(Join({"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(Join({"a", "", "b"}, ","), "a,,b");
  EXPECT_EQ(Join({"only"}, ", "), "only");
  EXPECT_EQ(Join({}, ", "), "");
}

}  // namespace
}  // namespace mercato
