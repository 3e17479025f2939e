// Tests of calendar arithmetic and timestamp parsing.
#include "common/time.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(Time, CivilRoundTrip) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  for (int64_t d = -1000; d < 80000; d += 37) {
    const CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
}

TEST(Time, ParsesStoreFormats) {
  EXPECT_EQ(ParseTimestamp("2010-12-01 08:26:00").value(), 1291191960);
  EXPECT_EQ(ParseTimestamp("2010-12-01T08:26:00Z").value(), 1291191960);
  EXPECT_EQ(ParseTimestamp("2010-12-01T09:26:00+01:00").value(), 1291191960);
  EXPECT_EQ(ParseTimestamp("2010-12-01 03:26:00 -0500").value(), 1291191960);
  EXPECT_EQ(ParseTimestamp("12/1/2010 8:26").value(), 1291191960);
  EXPECT_EQ(ParseTimestamp("2010-12-01").value(), 1291161600);
  EXPECT_EQ(ParseTimestamp("2010-12-01 08:26:00.250").value(), 1291191960);
  EXPECT_EQ(ParseTimestamp(" 2010-12-01 08:26:00 UTC ").value(), 1291191960);
  EXPECT_EQ(ParseTimestamp("20101201").value(), 1291161600);
  EXPECT_EQ(ParseTimestamp("1291191960").value(), 1291191960);
  EXPECT_EQ(ParseTimestamp("1291191960123").value(), 1291191960);
}

// Whether a timestamp named its offset decides whether a store's time zone applies to it.
TEST(Time, WrittenTimestampsSayWhetherTheyNameAnOffset) {
  const WrittenTimestamp shopify = ParseWrittenTimestamp("2024-04-28 07:43:00 -0400").value();
  EXPECT_TRUE(shopify.has_offset);
  EXPECT_EQ(shopify.offset, -4 * 3600);
  EXPECT_EQ(shopify.clock, ParseTimestamp("2024-04-28T07:43:00Z").value());
  EXPECT_EQ(shopify.Utc(), ParseTimestamp("2024-04-28T11:43:00Z").value());
  const WrittenTimestamp sheet = ParseWrittenTimestamp("4/28/2024 7:43").value();
  EXPECT_FALSE(sheet.has_offset);
  EXPECT_EQ(sheet.Utc(), ParseTimestamp("2024-04-28T07:43:00Z").value());
  for (const char* named : {"2024-04-28T07:43:00Z", "2024-04-28 07:43 UTC", "1714290180"}) {
    EXPECT_TRUE(ParseWrittenTimestamp(named).value().has_offset) << named;
  }
  EXPECT_FALSE(ParseWrittenTimestamp("2024-04-28").value().has_offset);
}

TEST(Time, RejectsWithActionableMessage) {
  for (const char* bad : {"", "2010-13-01", "2010-02-30", "2011-02-29", "yesterday",
                          "2010-12-01 25:00", "2010-12-01T08:26:00+99:00", "2010-12-01x",
                          "99999-01-01", "13/1/2010", "12345", "20101301"}) {
    auto r = ParseTimestamp(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("expected a date like"), std::string::npos);
  }
  EXPECT_TRUE(ParseTimestamp("2012-02-29").ok());
}

TEST(Time, FormatsAndWeeks) {
  EXPECT_EQ(FormatTimestamp(1291191960), "2010-12-01T08:26:00Z");
  EXPECT_EQ(FormatDay(DayOf(1291191960)), "2010-12-01");
  // 2010-12-01 is a Wednesday: its week starts on Monday 2010-11-29.
  EXPECT_EQ(FormatDay(DayOf(WeekStart(WeekOf(1291191960)))), "2010-11-29");
  EXPECT_EQ(WeekOf(WeekStart(100)), 100);
  EXPECT_EQ(DayOf(-1), -1);
}

TEST(Time, ParsesSpansOfDays) {
  EXPECT_EQ(ParseDays("7d").value(), 7);
  EXPECT_EQ(ParseDays(" 2w").value(), 14);
  EXPECT_EQ(ParseDays("30").value(), 30);
  EXPECT_EQ(ParseDays("0d").value(), 0);
  EXPECT_FALSE(ParseDays("7x").ok());
  EXPECT_FALSE(ParseDays("-1d").ok());
  EXPECT_FALSE(ParseDays("w").ok());
  EXPECT_FALSE(ParseDays("99999999w").ok());
}

}  // namespace
}  // namespace mercato
