// Tests of time zones: fixed offsets, IANA zones across daylight saving changes (skipped and
// repeated hours), and the errors for names that are not zones.
#include "common/time_zone.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

Timestamp At(std::string_view text) { return ParseTimestamp(text).value(); }

TEST(TimeZone, FixedOffsetsInEverySpelling) {
  for (const char* text : {"-04:00", "-0400", "-4", "UTC-04:00", " GMT-4 "}) {
    auto zone = TimeZone::Parse(text);
    ASSERT_TRUE(zone.ok()) << text << ": " << zone.status().message();
    EXPECT_EQ(zone->name(), "UTC-04:00") << text;
    EXPECT_EQ(zone->OffsetAt(0), -4 * 3600) << text;
    // 7:43 on the clock at -04:00 is 11:43 UTC.
    EXPECT_EQ(zone->ToUtc(At("2024-04-28T07:43:00Z")), At("2024-04-28T11:43:00Z")) << text;
  }
  EXPECT_EQ(TimeZone::Parse("+05:30")->OffsetAt(0), 5 * 3600 + 30 * 60);
  EXPECT_EQ(TimeZone::Parse("UTC")->name(), "UTC");
  EXPECT_EQ(TimeZone::Parse("Z")->OffsetAt(0), 0);
  EXPECT_EQ(TimeZone().ToUtc(123), 123);
}

TEST(TimeZone, IanaZoneFollowsDaylightSavingTime) {
  auto ny = TimeZone::Parse("America/New_York");
  ASSERT_TRUE(ny.ok()) << ny.status().message();
  EXPECT_EQ(ny->name(), "America/New_York");
  // EST in January (UTC-5), EDT in April (UTC-4).
  EXPECT_EQ(ny->ToUtc(At("2024-01-15T10:00:00Z")), At("2024-01-15T15:00:00Z"));
  EXPECT_EQ(ny->ToUtc(At("2024-04-28T07:43:00Z")), At("2024-04-28T11:43:00Z"));
  // 2024-03-10: clocks go from 2:00 EST to 3:00 EDT (07:00 UTC). 2:30 does not exist and is read
  // with the offset before the change: 07:30 UTC (3:30 EDT).
  EXPECT_EQ(ny->OffsetAt(At("2024-03-10T06:59:59Z")), -5 * 3600);
  EXPECT_EQ(ny->OffsetAt(At("2024-03-10T07:00:00Z")), -4 * 3600);
  EXPECT_EQ(ny->ToUtc(At("2024-03-10T02:30:00Z")), At("2024-03-10T07:30:00Z"));
  EXPECT_EQ(ny->ToUtc(At("2024-03-10T03:30:00Z")), At("2024-03-10T07:30:00Z"));
  // 2024-11-03: 1:30 happens twice (EDT, then EST); the first is taken: 05:30 UTC.
  EXPECT_EQ(ny->ToUtc(At("2024-11-03T01:30:00Z")), At("2024-11-03T05:30:00Z"));
  EXPECT_EQ(ny->ToUtc(At("2024-11-03T02:30:00Z")), At("2024-11-03T07:30:00Z"));
  // The southern hemisphere: Sydney is UTC+11 in January, UTC+10 in July.
  auto sydney = TimeZone::Parse("Australia/Sydney").value();
  EXPECT_EQ(sydney.ToUtc(At("2024-01-10T12:00:00Z")), At("2024-01-10T01:00:00Z"));
  EXPECT_EQ(sydney.ToUtc(At("2024-07-10T12:00:00Z")), At("2024-07-10T02:00:00Z"));
}

TEST(TimeZone, WhatIsNotAZoneIsAClearError) {
  for (const char* text : {"Mars/Olympus_Mons", "../../etc/passwd", "-25:00", "EST5EDT,M3", ""}) {
    const auto zone = TimeZone::Parse(text);
    ASSERT_FALSE(zone.ok()) << text;
    EXPECT_EQ(zone.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(zone.status().message().find("expected a time zone"), std::string::npos)
        << zone.status().message();
  }
}

}  // namespace
}  // namespace mercato
