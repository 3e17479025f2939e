// Journey definitions' checks, the customers' time zones and the quiet hours.
#include "engage/journey_definitions.h"

#include <gtest/gtest.h>

namespace mercato::engage {
namespace {

JourneyDefinition Cart() {
  JourneyDefinition j;
  j.id = "cart_recovery";
  j.name = "Cart recovery";
  j.steps = {{"reminder_1", 3600, "You left something", false},
             {"reminder_2", 86400, "Still thinking?", true}};
  return j;
}

TEST(ValidateJourneys, AcceptsAValidSetAndNamesWhatIsWrong) {
  EXPECT_TRUE(ValidateJourneys({Cart()}).ok());
  auto expect_error = [](JourneyDefinition j, const std::string& part) {
    const Status s = ValidateJourneys({j});
    ASSERT_FALSE(s.ok()) << part;
    EXPECT_NE(s.message().find(part), std::string::npos) << s.message();
  };
  JourneyDefinition j = Cart();
  j.id = "Cart Recovery";
  expect_error(j, "expected 1-64 of [a-z0-9_]");
  j = Cart();
  j.holdout = 0.6;
  expect_error(j, "holdout");
  j = Cart();
  j.steps[1].delay_seconds = 60;  // before reminder_1's hour
  expect_error(j, "must not decrease");
  j = Cart();
  j.steps.clear();
  expect_error(j, "at least one step");
  j = Cart();
  j.trigger = TriggerKind::kPredictedLapse;  // reminder_2 carries an incentive
  expect_error(j, "only cart and checkout journeys carry an incentive");
  for (TriggerKind no_cart :
       {TriggerKind::kBrowseAbandoned, TriggerKind::kBackInStock, TriggerKind::kPriceDrop}) {
    j.trigger = no_cart;
    expect_error(j, "only cart and checkout journeys carry an incentive");
  }
  j.trigger = TriggerKind::kCheckoutAbandoned;  // a checkout is a cart: it may carry one
  EXPECT_TRUE(ValidateJourneys({j}).ok());
  j = Cart();
  j.priority = 0;
  expect_error(j, "priority");
  const Status twice = ValidateJourneys({Cart(), Cart()});
  EXPECT_NE(twice.message().find("used twice"), std::string::npos);
}

TEST(ValidateJourneyRules, RefusesAZeroCapAndHoursOutsideTheDay) {
  JourneyRules rules;
  EXPECT_TRUE(ValidateJourneyRules(rules).ok());
  rules.cap_messages = 0;
  EXPECT_FALSE(ValidateJourneyRules(rules).ok());
  rules = JourneyRules{};
  rules.quiet_end_hour = 24;
  EXPECT_FALSE(ValidateJourneyRules(rules).ok());
}

TEST(CountryTimeZone, TakesTheCountrySpellingsImportsWrite) {
  // Customers' country fields keep what the source wrote (UCI's "United Kingdom", "EIRE").
  EXPECT_EQ(CountryTimeZone("United Kingdom"), "Europe/London");
  EXPECT_EQ(CountryTimeZone("EIRE"), "Europe/Dublin");
  EXPECT_EQ(CountryTimeZone("usa"), "America/New_York");
}

TEST(CountryTimeZone, SingleZoneCountriesAndTheMostPopulousZoneOfLargeOnes) {
  EXPECT_EQ(CountryTimeZone("DE"), "Europe/Berlin");
  EXPECT_EQ(CountryTimeZone("US"), "America/New_York");
  EXPECT_EQ(CountryTimeZone("AU"), "Australia/Sydney");
  EXPECT_EQ(CountryTimeZone("XX"), std::nullopt);
  EXPECT_EQ(CountryTimeZone(""), std::nullopt);
  // Every zone of the table is in the system's tz database.
  for (const char* c : {"AE", "AR", "BR", "CA", "GB", "IN", "JP", "NZ", "ZA", "BG"}) {
    auto zone = CountryTimeZone(c);
    ASSERT_TRUE(zone.has_value()) << c;
    EXPECT_TRUE(TimeZone::Parse(*zone).ok()) << *zone;
  }
}

TEST(QuietHours, HoldAMessageUntilTheLocalMorning) {
  const JourneyRules rules;  // quiet 21:00-08:00 local
  const TimeZone berlin = TimeZone::Parse("Europe/Berlin").value();
  // 2026-01-15 14:00 UTC is 1768485600; Berlin is UTC+1 in January.
  const Timestamp afternoon = 1768485600;  // 15:00 in Berlin
  EXPECT_FALSE(InQuietHours(afternoon, berlin, rules));
  EXPECT_EQ(NextSendTime(afternoon, berlin, rules), afternoon);
  // 21:30 UTC is 22:30 in Berlin: held until 08:00 Berlin on the 16th = 07:00 UTC, which is
  // 14:00 UTC on the 15th + 17 hours.
  const Timestamp night = afternoon + 7 * 3600 + 1800;
  EXPECT_TRUE(InQuietHours(night, berlin, rules));
  EXPECT_EQ(NextSendTime(night, berlin, rules), afternoon + 17 * 3600);
  // 05:00 UTC on the 16th is 06:00 in Berlin: held two hours, until 07:00 UTC.
  const Timestamp early = afternoon + 15 * 3600;
  EXPECT_EQ(NextSendTime(early, berlin, rules), afternoon + 17 * 3600);
  // Hours that do not wrap: quiet 12-14 UTC; 13:00 UTC waits one hour.
  JourneyRules noon;
  noon.quiet_start_hour = 12;
  noon.quiet_end_hour = 14;
  const TimeZone utc;
  EXPECT_EQ(NextSendTime(afternoon - 3600, utc, noon), afternoon);
  EXPECT_FALSE(InQuietHours(afternoon, utc, noon));
  noon.quiet_end_hour = 12;  // start == end: no quiet hours
  EXPECT_FALSE(InQuietHours(afternoon - 3600 * 2, utc, noon));
}

}  // namespace
}  // namespace mercato::engage
