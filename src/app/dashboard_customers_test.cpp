// The dashboard's customers page: CLV histogram edges, cohort retention by first-order month, and
// the page on the tiny store of dashboard_test_util.h (expected figures derived in comments).
#include "app/dashboard_customers.h"

#include <gtest/gtest.h>

#include <numeric>

#include "app/customer_data.h"
#include "app/dashboard_test_util.h"

namespace mercato::app {
namespace {

Timestamp EarlyOn(int y, int m, int d) { return DaysFromCivil(y, m, d) * kSecondsPerDay + 3600; }

TEST(ClvHistogram, EdgesFollowThe95thPercentileSoOutliersFallInTheLastBin) {
  // 0, 1, …, 18 and one outlier 1000 (20 values). Nearest-rank 95th percentile: rank
  // ceil(0.95 × 20) = 19 → 18. Width: the smallest 1/2/5 × 10^k ≥ 18 / 4 = 4.5 → 5.
  // Bins [0,5) [5,10) [10,15) [15,20) + everything above: 5 values each (15…18 and 1000).
  std::vector<double> clv(19);
  std::iota(clv.begin(), clv.end(), 0.0);
  clv.push_back(1000);
  const ClvHistogram h = BuildClvHistogram(clv, 4);
  EXPECT_EQ(h.edges, (std::vector<double>{0, 5, 10, 15, 20}));
  EXPECT_EQ(h.counts, (std::vector<int64_t>{5, 5, 5, 5}));
}

TEST(ClvHistogram, WidthsAreRoundNumbers) {
  // p95 of {120, 130, 2000} is 2000 (rank ceil(2.85) = 3); 2000 / 10 = 200 → width 200.
  const ClvHistogram h = BuildClvHistogram(std::vector<double>{120, 130, 2000}, 10);
  EXPECT_DOUBLE_EQ(h.edges[1], 200);
  EXPECT_EQ(h.counts[0], 2);
  EXPECT_EQ(h.counts[9], 1);
  // 7 / 2 = 3.5 → 5.
  EXPECT_DOUBLE_EQ(BuildClvHistogram(std::vector<double>{7}, 2).edges[1], 5);
}

TEST(ClvHistogram, ZerosAndNoCustomersGiveUnitBins) {
  const ClvHistogram zeros = BuildClvHistogram(std::vector<double>{0, 0}, 3);
  EXPECT_EQ(zeros.edges, (std::vector<double>{0, 1, 2, 3}));
  EXPECT_EQ(zeros.counts, (std::vector<int64_t>{2, 0, 0}));
  const ClvHistogram none = BuildClvHistogram({}, 2);
  EXPECT_EQ(none.counts, (std::vector<int64_t>{0, 0}));
}

TEST(CohortRetention, SharesOfEachFirstOrderMonthOrderingInTheMonthsSince) {
  // A: Jan 10, Feb 5, Mar 20. B: Jan 25. C: Feb 14, Feb 20, Apr 2 (after as_of). D: Nov 1 2023,
  // Jan 3 (cohort 2023-11: before the three months shown). as_of = 2024-04-01 (exclusive).
  customers::OrderHistory h;
  h.customer_start = {0, 3, 4, 7, 9};
  h.ts = {EarlyOn(2024, 1, 10), EarlyOn(2024, 2, 5),  EarlyOn(2024, 3, 20),
          EarlyOn(2024, 1, 25), EarlyOn(2024, 2, 14), EarlyOn(2024, 2, 20),
          EarlyOn(2024, 4, 2),  EarlyOn(2023, 11, 1), EarlyOn(2024, 1, 3)};
  const std::vector<Cohort> cohorts = CohortRetention(h, EarlyOn(2024, 4, 1) - 3600, 3);
  // 2024-01: A, B. Month 0 both; month 1 (Feb) A; month 2 (Mar) A → 1, 0.5, 0.5.
  // 2024-02: C. Month 0; month 1 (Mar) nobody (Apr is after as_of) → 1, 0. Two Feb orders count
  // once. 2024-03: nobody first ordered → left out.
  ASSERT_EQ(cohorts.size(), 2u);
  EXPECT_EQ(cohorts[0].month, "2024-01");
  EXPECT_EQ(cohorts[0].customers, 2);
  EXPECT_EQ(cohorts[0].retention, (std::vector<double>{1, 0.5, 0.5}));
  EXPECT_EQ(cohorts[1].month, "2024-02");
  EXPECT_EQ(cohorts[1].customers, 1);
  EXPECT_EQ(cohorts[1].retention, (std::vector<double>{1, 0}));
}

TEST(DashboardCustomers, ThePageOfTheTinyStore) {
  DashboardCustomersOptions o;
  o.db = testing::WriteDashboardStore();
  o.insight.as_of = "2024-06-12";
  auto built = BuildDashboardCustomers(o);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const nlohmann::ordered_json j = DashboardCustomersJson(*built);
  EXPECT_EQ(j["as_of"], "2024-06-12");
  // ann, bob, cat ordered by 06-12 (the guest is no customer).
  EXPECT_EQ(j["customers"], 3);
  int64_t in_stages = 0, in_segments = 0, in_bins = 0;
  for (const auto& s : j["stages"]) in_stages += s["customers"].get<int64_t>();
  for (const auto& s : j["segments"]) in_segments += s["customers"].get<int64_t>();
  for (const auto& c : j["clv_histogram"]["counts"]) in_bins += c.get<int64_t>();
  EXPECT_EQ(in_stages, 3);
  EXPECT_EQ(in_segments, 3);
  EXPECT_EQ(in_bins, 3);
  EXPECT_EQ(j["clv_histogram"]["edges"].size(), 11u);
  // Cohorts: 2024-05 ann (ordered again in June: 1, 1); 2024-06 bob and cat (1).
  ASSERT_EQ(j["cohorts"].size(), 2u);
  EXPECT_EQ(j["cohorts"][0]["cohort"], "2024-05");
  EXPECT_EQ(j["cohorts"][0]["retention"], nlohmann::json({1.0, 1.0}));
  EXPECT_EQ(j["cohorts"][1]["cohort"], "2024-06");
  EXPECT_EQ(j["cohorts"][1]["customers"], 2);
  // The win-back list and the at-risk count agree with the insights' own selection.
  int64_t at_risk = 0;
  for (const auto& s : j["stages"]) {
    if (s["name"] == "at-risk") at_risk = s["customers"].get<int64_t>();
  }
  EXPECT_EQ(j["at_risk_count"], at_risk);
  EXPECT_EQ(j["winback_due_count"].get<size_t>(), j["winback_due"].size());
  for (const auto& w : j["winback_due"]) {
    EXPECT_FALSE(w["first_name"].get<std::string>().empty());
  }
}

TEST(DashboardCustomers, BadOptionsAreRefused) {
  DashboardCustomersOptions o;
  o.db = "unused";
  o.limit = 0;
  EXPECT_NE(BuildDashboardCustomers(o).status().message().find("expected 1 to 1000"),
            std::string::npos);
}

// Insights fitted with the default options on the tiny store as of `as_of`.
customers::CustomerInsights DefaultInsights(const std::string& db, const std::string& as_of) {
  auto data = LoadCustomerData(db);
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  InsightArgs args;
  args.as_of = as_of;
  auto insights = ComputeCustomerInsights(args, *data);
  EXPECT_TRUE(insights.ok()) << insights.status().ToString();
  return std::move(insights).value();
}

TEST(DashboardCustomers, InsightsComputedElsewhereGiveTheSamePage) {
  DashboardCustomersOptions o;
  o.db = testing::WriteDashboardStore();
  auto computed = BuildDashboardCustomers(o);
  ASSERT_TRUE(computed.ok()) << computed.status().ToString();
  const customers::CustomerInsights served = DefaultInsights(o.db, "");
  o.computed = &served;
  auto reused = BuildDashboardCustomers(o);
  ASSERT_TRUE(reused.ok()) << reused.status().ToString();
  EXPECT_EQ(DashboardCustomersJson(*reused).dump(), DashboardCustomersJson(*computed).dump());
}

TEST(DashboardCustomers, InsightsComputedElsewhereAreUsedOnlyWhenTheyAnswerTheOptions) {
  DashboardCustomersOptions o;
  o.db = testing::WriteDashboardStore();
  customers::CustomerInsights served = DefaultInsights(o.db, "2024-06-12");
  served.customers.pop_back();  // so that the page shows which insights it used
  o.computed = &served;
  o.insight.as_of = "2024-06-12";  // their as_of: used
  EXPECT_EQ(BuildDashboardCustomers(o).value().customers, 2);
  o.insight.as_of = "";  // the default (the served insights stand for the latest data): used
  EXPECT_EQ(BuildDashboardCustomers(o).value().customers, 2);
  o.insight.as_of = "2024-06-11";  // another day: fitted anew (ann, bob and cat by then)
  EXPECT_EQ(BuildDashboardCustomers(o).value().customers, 3);
  EXPECT_EQ(ReusableInsights(&served, o.insight), nullptr);
  o.insight.as_of = "2024-06-12";
  o.insight.lapse_threshold = 0.4;  // other options: fitted anew
  EXPECT_EQ(ReusableInsights(&served, o.insight), nullptr);
  EXPECT_EQ(BuildDashboardCustomers(o).value().customers, 3);
  o.insight = InsightArgs{};
  o.insight.model = "pareto_nbd";
  EXPECT_EQ(ReusableInsights(&served, o.insight), nullptr);
  EXPECT_EQ(ReusableInsights(nullptr, InsightArgs{}), nullptr);
  EXPECT_EQ(ReusableInsights(&served, InsightArgs{}), &served);
}

TEST(ListCustomers, InsightsComputedElsewhereGiveTheSameList) {
  ListCustomersOptions o;
  o.db = testing::WriteDashboardStore();
  auto computed = ListCustomers(o);
  ASSERT_TRUE(computed.ok()) << computed.status().ToString();
  const customers::CustomerInsights served = DefaultInsights(o.db, "");
  o.computed = &served;
  auto reused = ListCustomers(o);
  ASSERT_TRUE(reused.ok()) << reused.status().ToString();
  EXPECT_EQ(CustomerListCsv(*reused), CustomerListCsv(*computed));
  EXPECT_EQ(reused->chosen.size(), 3u);
  o.db = o.db + ".missing";
  EXPECT_EQ(ListCustomers(o).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mercato::app
