// The journeys page on the tiny store of dashboard_test_util.h after one run of cart recovery:
// each journey as `journeys list` gives it with `journeys stats`, and the outbox's counts.
#include "app/dashboard_journeys.h"

#include <gtest/gtest.h>

#include "app/dashboard_test_util.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

// ann's cart was abandoned at 2024-06-11T00:00:00Z; 14 hours later (10:00 in New York, outside
// the quiet hours) her first reminder, an hour after the abandonment, is due.
constexpr Timestamp kCartAbandoned = 1718064000;
constexpr Timestamp kPageAt = kCartAbandoned + 14 * 3600;

TEST(DashboardJourneys, ListsEachJourneyWithItsFiguresAndTheOutboxByStatus) {
  const std::string db = testing::WriteDashboardStore();
  {
    // ann lives in the US and agreed to email marketing, so she is messaged.
    auto store = OpenStore(db).value();
    Customer ann;
    ann.id = "ann";
    ann.email = "ann@example.com";
    ann.country = "US";
    ASSERT_TRUE(store->Put(&ann).ok());
    Consent yes{"ann", "email_marketing", true, kCartAbandoned - 100 * 86400, "signup"};
    ASSERT_TRUE(store->Put(&yes).ok());
  }
  JourneyRunOptions run;
  run.journeys.db = db;
  run.journeys.journeys = {"cart_recovery"};
  run.journeys.holdout = 0;
  run.now = kPageAt;
  const JourneyRunReport report = RunJourneys(run).value();
  ASSERT_EQ(report.messages_enqueued, 1);

  auto page = BuildDashboardJourneys(run.journeys, kPageAt);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  const nlohmann::json list = ListJourneysJson(run.journeys).value();
  ASSERT_EQ((*page)["journeys"].size(), 1u);
  nlohmann::json journey = (*page)["journeys"][0];
  EXPECT_EQ(journey["id"], "cart_recovery");
  // Its figures are `journeys stats cart_recovery`'s: ann entered and got one message.
  const nlohmann::json& stats = journey["stats"];
  EXPECT_EQ(stats["entered"], 1);
  EXPECT_EQ(stats["messaged"], 1);
  JourneyStatsOptions stats_options;
  stats_options.journeys = run.journeys;
  stats_options.id = "cart_recovery";
  stats_options.now = kPageAt;
  EXPECT_EQ(stats, JourneyStatsJson(ReportJourneyStats(stats_options).value()));
  // Without its stats, the entry is the list's.
  journey.erase("stats");
  EXPECT_EQ(journey, list["journeys"][0]);
  EXPECT_EQ((*page)["rules"], list["rules"]);
  // The outbox holds the one message, not yet delivered.
  EXPECT_EQ((*page)["outbox"],
            (nlohmann::json{
                {"pending", 1}, {"delivered", 0}, {"suppressed", 0}, {"dead", 0}, {"total", 1}}));
}

TEST(DashboardJourneys, AStoreThatDoesNotExistIsNotFound) {
  JourneyOptions options;
  options.db = "/nonexistent/store.db";
  EXPECT_EQ(BuildDashboardJourneys(options).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mercato::app
