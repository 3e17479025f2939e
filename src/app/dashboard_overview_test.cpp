// The dashboard overview: period bucketing, sales and conversion per period with the change
// against the previous one, top products and the attention list, on the tiny store of
// dashboard_test_util.h (every expected figure is derived in a comment).
#include "app/dashboard_overview.h"

#include <gtest/gtest.h>

#include "app/customer_data.h"
#include "app/dashboard_test_util.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

int64_t Day(int y, int m, int d) { return DaysFromCivil(y, m, d); }

TEST(DashboardPeriods, WeeksStartOnTheIsoMondayAndTheLastEndsAtAsOf) {
  // 2024-06-12 is a Wednesday: its week began on Monday 06-10.
  const auto p = DashboardPeriods(DashboardPeriod::kWeek, 3, Day(2024, 6, 12));
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].first_day, Day(2024, 5, 27));
  EXPECT_EQ(p[0].last_day, Day(2024, 6, 2));
  EXPECT_EQ(p[1].first_day, Day(2024, 6, 3));
  EXPECT_EQ(p[1].last_day, Day(2024, 6, 9));
  EXPECT_EQ(p[2].first_day, Day(2024, 6, 10));
  EXPECT_EQ(p[2].last_day, Day(2024, 6, 12));
}

TEST(DashboardPeriods, MonthsAreCalendarMonthsAndDaysAreDays) {
  // 2024 is a leap year: February has 29 days.
  const auto m = DashboardPeriods(DashboardPeriod::kMonth, 2, Day(2024, 3, 15));
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].first_day, Day(2024, 2, 1));
  EXPECT_EQ(m[0].last_day, Day(2024, 2, 29));
  EXPECT_EQ(m[1].first_day, Day(2024, 3, 1));
  EXPECT_EQ(m[1].last_day, Day(2024, 3, 15));
  const auto d = DashboardPeriods(DashboardPeriod::kDay, 2, Day(2024, 1, 1));
  EXPECT_EQ(d[0].first_day, Day(2023, 12, 31));
  EXPECT_EQ(d[0].last_day, Day(2023, 12, 31));
  EXPECT_EQ(d[1].first_day, Day(2024, 1, 1));
}

TEST(DashboardPeriods, NamesParseAndOthersAreRefused) {
  EXPECT_EQ(ParseDashboardPeriod("month").value(), DashboardPeriod::kMonth);
  const auto bad = ParseDashboardPeriod("year");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("expected day, week or month"), std::string::npos);
}

TEST(RelativeChange, IsNullWhenThePreviousIsZeroOrUnknown) {
  EXPECT_DOUBLE_EQ(*RelativeChange(85.0, 40.0), 1.125);
  EXPECT_FALSE(RelativeChange(5.0, 0.0).has_value());
  EXPECT_FALSE(RelativeChange(5.0, std::nullopt).has_value());
  EXPECT_FALSE(RelativeChange(std::nullopt, 5.0).has_value());
}

class DashboardOverviewTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::WriteDashboardStore(); }
  DashboardOverviewOptions Options() const {
    DashboardOverviewOptions o;
    o.db = db_;
    o.periods = 2;
    o.as_of = "2024-06-12";
    return o;
  }
  std::string db_;
};

TEST_F(DashboardOverviewTest, SalesPerWeekWithChangeAgainstThePreviousWeek) {
  auto built = BuildDashboardOverview(Options());
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const nlohmann::ordered_json j = DashboardOverviewJson(*built);
  EXPECT_EQ(j["as_of"], "2024-06-12");
  EXPECT_EQ(j["period"], "week");
  ASSERT_EQ(j["series"].size(), 2u);
  // Current week 06-10 … 06-12: O4 50 + O5 30 + O6 (guest) 5 = 85 over 3 orders (O7 is after
  // as_of); AOV 85 / 3 = 28.33. Customers ann and cat (the guest is not one); cat's first order
  // is in the week (new), ann's was 05-28 (repeat): rate 1/2.
  const auto& cur = j["current"];
  EXPECT_EQ(cur["start"], "2024-06-10");
  EXPECT_EQ(cur["end"], "2024-06-12");
  EXPECT_DOUBLE_EQ(cur["revenue"].get<double>(), 85.0);
  EXPECT_EQ(cur["orders"], 3);
  EXPECT_DOUBLE_EQ(cur["aov"].get<double>(), 28.33);
  EXPECT_EQ(cur["customers"], 2);
  EXPECT_EQ(cur["new_customers"], 1);
  EXPECT_DOUBLE_EQ(cur["repeat_purchase_rate"].get<double>(), 0.5);
  // Visitors: sessions s1, s2, s3 and "customer:bob" (no session); the event with neither is
  // not counted. Converted: s1 (a purchase event) and s2 (cat ordered this week): 2 / 4.
  // Revenue per visitor 85 / 4 = 21.25.
  EXPECT_EQ(cur["visitors"], 4);
  EXPECT_DOUBLE_EQ(cur["conversion_rate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(cur["revenue_per_visitor"].get<double>(), 21.25);
  // Previous week 06-03 … 06-09: O2 20 + O3 20 = 40, 2 orders, AOV 20; ann (repeat) and bob
  // (new): rate 1/2. No events that week: visitor figures are null.
  const auto& prev = j["previous"];
  EXPECT_EQ(prev["start"], "2024-06-03");
  EXPECT_DOUBLE_EQ(prev["revenue"].get<double>(), 40.0);
  EXPECT_EQ(prev["orders"], 2);
  EXPECT_DOUBLE_EQ(prev["aov"].get<double>(), 20.0);
  EXPECT_EQ(prev["new_customers"], 1);
  EXPECT_TRUE(prev["visitors"].is_null());
  EXPECT_TRUE(prev["conversion_rate"].is_null());
  EXPECT_EQ(j["series"][0], prev);
  EXPECT_EQ(j["series"][1], cur);
  // Change: revenue (85 - 40) / 40 = 1.125, orders (3 - 2) / 2 = 0.5, AOV (28.333 - 20) / 20 =
  // 0.4167, customers 0, visitors null (none before).
  const auto& change = j["change"];
  EXPECT_DOUBLE_EQ(change["revenue"].get<double>(), 1.125);
  EXPECT_DOUBLE_EQ(change["orders"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(change["aov"].get<double>(), 0.4167);
  EXPECT_DOUBLE_EQ(change["customers"].get<double>(), 0.0);
  EXPECT_TRUE(change["visitors"].is_null());
  EXPECT_TRUE(change["conversion_rate"].is_null());
  EXPECT_TRUE(j["currency"].is_null());
}

TEST_F(DashboardOverviewTest, TheFirstShownPeriodHasItsOwnPreviousAndDefaultsFollowTheData) {
  DashboardOverviewOptions o = Options();
  o.periods = 3;
  o.as_of = "";  // the day of the last order: O7 on 2024-06-13
  auto built = BuildDashboardOverview(o);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const nlohmann::ordered_json j = DashboardOverviewJson(*built);
  EXPECT_EQ(j["as_of"], "2024-06-13");
  // Week 05-27 … 06-02: O1 ann 10; ann's first order: new, so no repeat buyer.
  const auto& first = j["series"][0];
  EXPECT_EQ(first["start"], "2024-05-27");
  EXPECT_DOUBLE_EQ(first["revenue"].get<double>(), 10.0);
  EXPECT_EQ(first["new_customers"], 1);
  EXPECT_DOUBLE_EQ(first["repeat_purchase_rate"].get<double>(), 0.0);
  // Current week now runs to 06-13: + O7 bob 10 = 95 over 4 orders.
  EXPECT_DOUBLE_EQ(j["current"]["revenue"].get<double>(), 95.0);
  EXPECT_EQ(j["current"]["customers"], 3);
}

TEST_F(DashboardOverviewTest, MonthsBucketTheSameOrders) {
  DashboardOverviewOptions o = Options();
  o.period = DashboardPeriod::kMonth;
  auto built = BuildDashboardOverview(o);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  // June to the 12th: 20 + 20 + 50 + 30 + 5 = 125 over 5 orders; May: O1 10. Change 11.5.
  EXPECT_DOUBLE_EQ(built->series.back().revenue, 125.0);
  EXPECT_EQ(built->series.back().orders, 5);
  EXPECT_DOUBLE_EQ(built->previous.revenue, 10.0);
  EXPECT_EQ(built->previous.days.first_day, Day(2024, 5, 1));
  EXPECT_DOUBLE_EQ(DashboardOverviewJson(*built)["change"]["revenue"].get<double>(), 11.5);
}

TEST_F(DashboardOverviewTest, TopProductsRollVariantsUpByRevenueThenUnits) {
  auto built = BuildDashboardOverview(Options());
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  // Current week: mug = MUG-R 1×10 + MUG-B 3×10 (4 units, 40), TEE 2×20 (2 units, 40), GHOST
  // 1×5. Mug and Tee tie on revenue: more units first. The mug is titled by what its variants'
  // titles share; TEE has no product id, so it is named by SKU.
  const nlohmann::ordered_json top = DashboardOverviewJson(*built)["top_products"];
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0]["product_id"], "mug");
  EXPECT_EQ(top[0]["title"], "Mug");
  EXPECT_EQ(top[0]["units"], 4);
  EXPECT_DOUBLE_EQ(top[0]["revenue"].get<double>(), 40.0);
  EXPECT_EQ(top[1]["sku"], "TEE");
  EXPECT_FALSE(top[1].contains("product_id"));
  EXPECT_EQ(top[1]["units"], 2);
  EXPECT_EQ(top[2]["sku"], "GHOST");
  EXPECT_DOUBLE_EQ(top[2]["revenue"].get<double>(), 5.0);
}

TEST_F(DashboardOverviewTest, AttentionListsAbandonedCartsAndDataQuality) {
  auto built = BuildDashboardOverview(Options());
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  std::map<std::string, std::vector<AttentionItem>> by_kind;
  for (const AttentionItem& a : built->attention) by_kind[a.kind].push_back(a);
  // Carts abandoned within 7 days before the end of 06-12: ann's (06-11), not bob's (05-01).
  ASSERT_EQ(by_kind["abandoned_carts"].size(), 1u);
  EXPECT_EQ(by_kind["abandoned_carts"][0].count, 1);
  EXPECT_NE(by_kind["abandoned_carts"][0].detail.find("18.00"), std::string::npos);
  // Data quality: O6's GHOST line names no product (O7 is after as_of but has a product
  // anyway); MUG-B has no cost.
  ASSERT_EQ(by_kind["data_quality"].size(), 2u);
  EXPECT_EQ(by_kind["data_quality"][0].title, "1 order line names no product of the catalog");
  EXPECT_EQ(by_kind["data_quality"][1].title, "1 product has no cost");
  EXPECT_EQ(by_kind["data_quality"][1].page, "#/settings");
  // Ordered by severity: medium before low.
  std::vector<std::string> severities;
  for (const AttentionItem& a : built->attention) severities.push_back(a.severity);
  EXPECT_TRUE(std::is_sorted(severities.begin(), severities.end(), [](auto& a, auto& b) {
    auto rank = [](const std::string& s) { return s == "high" ? 0 : s == "medium" ? 1 : 2; };
    return rank(a) < rank(b);
  }));
}

TEST_F(DashboardOverviewTest, ChecksThatCannotRunAreSkippedNotFatal) {
  // On 2024-05-01 nobody has ordered yet (O1 is 05-28): no insights can be fitted, so the
  // at-risk VIP check is skipped with the reason, and the sales still answer (all zero).
  DashboardOverviewOptions o = Options();
  o.as_of = "2024-05-01";
  auto built = BuildDashboardOverview(o);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(built->series.back().orders, 0);
  EXPECT_FALSE(built->series.back().aov.has_value());
  const nlohmann::ordered_json j = DashboardOverviewJson(*built);
  EXPECT_TRUE(j["current"]["aov"].is_null());
  EXPECT_TRUE(j["change"]["revenue"].is_null());  // 0 before: no change to speak of
  bool vip_skipped = false;
  for (const SkippedCheck& k : built->skipped) vip_skipped |= k.kind == "at_risk_vip";
  EXPECT_TRUE(vip_skipped);
}

TEST_F(DashboardOverviewTest, BadOptionsAreRefusedBeforeTheStoreIsRead) {
  DashboardOverviewOptions o = Options();
  o.periods = 0;
  EXPECT_NE(BuildDashboardOverview(o).status().message().find("expected 1 to 366"),
            std::string::npos);
  o = Options();
  o.as_of = "yesterday-ish";
  EXPECT_NE(BuildDashboardOverview(o).status().message().find("as_of"), std::string::npos);
  o = Options();
  o.db += ".missing";
  EXPECT_EQ(BuildDashboardOverview(o).status().code(), StatusCode::kNotFound);
}

TEST(PlanItems, StockOutsWithinTheLeadTimeAndExcessStock) {
  inventory::Plan plan;
  plan.as_of_day = 100;
  auto line = [&](const std::string& sku, std::optional<int64_t> stockout, double lead,
                  int64_t excess) {
    inventory::PlanLine l;
    l.sku = sku;
    l.stockout_day = stockout;
    l.lead_time.moments.mean = lead;
    l.excess_units = excess;
    plan.lines.push_back(l);
  };
  // A: out on day 105, lead time 4.2 days → 5 (rounded up): out within it. B: out on day 110,
  // lead 7: an order today arrives first. C: no stock-out, 30 units of excess. D: 12 excess.
  line("A", 105, 4.2, 0);
  line("B", 110, 7, 0);
  line("C", std::nullopt, 7, 30);
  line("D", std::nullopt, 7, 12);
  const std::vector<AttentionItem> items = PlanItems(plan);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].kind, "stockout");
  EXPECT_EQ(items[0].severity, "high");
  EXPECT_EQ(items[0].count, 1);
  EXPECT_NE(items[0].detail.find("A"), std::string::npos);
  EXPECT_EQ(items[1].kind, "excess_stock");
  EXPECT_EQ(items[1].count, 2);
  EXPECT_EQ(items[1].detail, "42 units above the excess cover");
}

TEST(AtRiskVips, AtRiskCustomersWhoSpentAtLeastTheVipCut) {
  customers::CustomerInsights insights;
  auto add = [&](const std::string& id, customers::LifecycleStage stage, double spend, double clv) {
    customers::CustomerInsight c;
    c.id = id;
    c.stage = stage;
    c.spend_last_365_days = spend;
    c.clv = clv;
    insights.customers.push_back(c);
  };
  using customers::LifecycleStage;
  // VIPs spent 500 and 300: the cut is 300. At risk: x 400 and y 300 (in), z 200 (out); w is
  // active with 1000 (not at risk). Highest CLV first: y (90) before x (50).
  add("v1", LifecycleStage::kVip, 500, 10);
  add("v2", LifecycleStage::kVip, 300, 10);
  add("x", LifecycleStage::kAtRisk, 400, 50);
  add("y", LifecycleStage::kAtRisk, 300, 90);
  add("z", LifecycleStage::kAtRisk, 200, 99);
  add("w", LifecycleStage::kActive, 1000, 99);
  const auto vips = AtRiskVips(insights);
  ASSERT_EQ(vips.size(), 2u);
  EXPECT_EQ(vips[0]->id, "y");
  EXPECT_EQ(vips[1]->id, "x");
  insights.customers.erase(insights.customers.begin(), insights.customers.begin() + 2);
  EXPECT_TRUE(AtRiskVips(insights).empty());  // no VIP: no cut
}

TEST_F(DashboardOverviewTest, TheCurrencyIsTheConfiguredOneElseTheImportedOne) {
  {
    auto store = OpenStore(db_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->PutSetting(Store::kCurrencySetting, "GBP").ok());
  }
  auto imported = BuildDashboardOverview(Options());
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(DashboardOverviewJson(*imported)["currency"], "GBP");
  DashboardOverviewOptions o = Options();
  o.currency = "eur";  // configured: wins, upper-cased
  auto configured = BuildDashboardOverview(o);
  ASSERT_TRUE(configured.ok()) << configured.status().ToString();
  EXPECT_EQ(DashboardOverviewJson(*configured)["currency"], "EUR");
  o.currency = "euro";
  EXPECT_EQ(BuildDashboardOverview(o).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(DashboardOverviewTest, InsightsComputedElsewhereGiveTheSameOverview) {
  // The server's served insights are fitted with the default options up to the last order;
  // the overview's own fit at its as_of is the same computation.
  for (const std::string as_of : {"2024-06-12", ""}) {
    DashboardOverviewOptions o = Options();
    o.as_of = as_of;
    auto computed = BuildDashboardOverview(o);
    ASSERT_TRUE(computed.ok()) << computed.status().ToString();
    auto data = LoadCustomerData(db_);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    InsightArgs args;
    args.as_of = DashboardOverviewJson(*computed)["as_of"];
    auto insights = ComputeCustomerInsights(args, *data);
    ASSERT_TRUE(insights.ok()) << insights.status().ToString();
    o.computed = &*insights;
    auto served = BuildDashboardOverview(o);
    ASSERT_TRUE(served.ok()) << served.status().ToString();
    EXPECT_EQ(DashboardOverviewJson(*served).dump(), DashboardOverviewJson(*computed).dump())
        << "as_of=" << as_of;
  }
}

}  // namespace
}  // namespace mercato::app
