// Attribution of orders to exposures, checked against figures computed by hand.
#include "app/experiment_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "store/open_store.h"

namespace mercato::app {
namespace {

using experiment::Definition;
using experiment::UnitKind;

constexpr Timestamp kDay = kSecondsPerDay;
constexpr Timestamp kStart = 1000 * kDay;  // the experiment's start

class ExperimentDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(":memory:").value();
    Product mug;  // costs 4
    mug.sku = "MUG";
    mug.cost = 4;
    Product tea;  // cost unknown
    tea.sku = "TEA";
    ASSERT_TRUE(store_->Put(&mug).ok());
    ASSERT_TRUE(store_->Put(&tea).ok());
    definition_.key = "exp";
    definition_.variants = {{"control", 0.5, {}}, {"treatment", 0.5, {}}};
    definition_.control = "control";
    definition_.attribution_days = 14;
    definition_.repeat_days = 30;
    definition_.started_at = kStart;
  }

  // An order of `customer` at `ts` with lines (sku, quantity, unit price), less `discount`.
  void AddOrder(const std::string& id, const std::string& customer, Timestamp ts,
                std::vector<std::tuple<std::string, int, double>> lines, double discount = 0,
                bool cancelled = false) {
    Order o;
    o.id = id;
    o.customer_id = customer;
    o.ts = ts;
    if (discount != 0) o.discount_total = discount;
    if (cancelled) o.cancelled_at = ts + 1;
    ASSERT_TRUE(store_->Put(&o).ok());
    int n = 0;
    for (const auto& [sku, qty, price] : lines) {
      OrderLine l;
      l.order_id = id;
      l.line_no = ++n;
      l.sku = sku;
      l.quantity = qty;
      l.unit_price = price;
      ASSERT_TRUE(store_->Put(&l).ok());
    }
  }

  void Expose(const std::vector<Exposure>& exposures) {
    ExperimentRecord r;
    r.key = definition_.key;
    r.unit = std::string(experiment::UnitKindName(definition_.unit));
    r.definition = "{}";
    ASSERT_TRUE(store_->PutExperiment(r).ok());
    ASSERT_TRUE(store_->RecordExposures(definition_.key, exposures).ok());
  }

  experiment::ExperimentData Build(Timestamp now = kStart + 20 * kDay) {
    const experiment::UnitKind kinds[] = {definition_.unit};
    auto sales = LoadAttributionSales(*store_, kinds);
    EXPECT_TRUE(sales.ok()) << sales.status().ToString();
    auto data = BuildExperimentData(*store_, *sales, definition_, now);
    EXPECT_TRUE(data.ok()) << data.status().ToString();
    return data.ok() ? std::move(data).value() : experiment::ExperimentData{};
  }

  std::unique_ptr<Store> store_;
  Definition definition_;
};

TEST_F(ExperimentDataTest, CustomerOrdersInTheWindowsAroundTheFirstExposure) {
  const Timestamp t = kStart + 2 * kDay + 3600;  // alice's first exposure
  // Before: 10 days before (in the 14-day pre-period) and 20 days before (outside it).
  AddOrder("o-pre", "alice", t - 10 * kDay, {{"TEA", 1, 7}});
  AddOrder("o-old", "alice", t - 20 * kDay, {{"TEA", 1, 100}});
  // In the window: 2 mugs at 10 less 5 discount (revenue 15, margin 15 - 8 = 7), and tea and a
  // mug (revenue 6 + 10 = 16, margin 16 - 4 = 12).
  AddOrder("o-1", "alice", t, {{"MUG", 2, 10}}, 5);
  AddOrder("o-2", "alice", t + 13 * kDay, {{"TEA", 2, 3}, {"MUG", 1, 10}});
  // After the attribution window but within repeat_days; and one cancelled in the window.
  AddOrder("o-3", "alice", t + 14 * kDay, {{"TEA", 1, 50}});
  AddOrder("o-x", "alice", t + 1 * kDay, {{"TEA", 1, 999}}, 0, /*cancelled=*/true);
  // bob: one order in his window, none before; carol never ordered; dave ordered only long after.
  AddOrder("o-b", "bob", kStart + 5 * kDay, {{"MUG", 1, 20}});
  AddOrder("o-d", "dave", kStart + 60 * kDay, {{"MUG", 1, 20}});
  Expose({{"alice", "treatment", t},
          {"bob", "control", kStart + 4 * kDay},
          {"carol", "control", kStart},
          {"dave", "treatment", kStart}});

  const auto data = Build();
  ASSERT_EQ(data.variants.size(), 2u);
  EXPECT_EQ(data.variants[1].name, "treatment");
  EXPECT_DOUBLE_EQ(data.variants[1].weight, 0.5);
  EXPECT_EQ(data.control, 0);
  EXPECT_EQ(data.days_running, 20);
  ASSERT_EQ(data.units.size(), 4u);  // in unit order: alice, bob, carol, dave
  const auto& alice = data.units[0];
  EXPECT_EQ(alice.variant, 1);
  EXPECT_EQ(alice.exposure_day, 2);
  EXPECT_DOUBLE_EQ(alice.orders, 2);
  EXPECT_DOUBLE_EQ(alice.revenue, 31);
  EXPECT_DOUBLE_EQ(alice.margin, 19);
  EXPECT_DOUBLE_EQ(alice.pre_revenue, 7);
  EXPECT_DOUBLE_EQ(alice.repeat, 1);  // three orders within 30 days
  const auto& bob = data.units[1];
  EXPECT_EQ(bob.variant, 0);
  EXPECT_EQ(bob.exposure_day, 4);
  EXPECT_DOUBLE_EQ(bob.orders, 1);
  EXPECT_DOUBLE_EQ(bob.revenue, 20);
  EXPECT_DOUBLE_EQ(bob.margin, 16);
  EXPECT_DOUBLE_EQ(bob.repeat, 0);
  for (int i : {2, 3}) {  // carol and dave: exposed, nothing attributed
    EXPECT_DOUBLE_EQ(data.units[i].orders, 0);
    EXPECT_DOUBLE_EQ(data.units[i].revenue, 0);
    EXPECT_DOUBLE_EQ(data.units[i].pre_revenue, 0);
    EXPECT_EQ(data.units[i].exposure_day, 0);
  }
}

TEST_F(ExperimentDataTest, ProductUnitsCountTheirOwnLinesWithAShareOfTheDiscount) {
  definition_.unit = UnitKind::kProduct;
  // Order of 2 mugs (20) and tea (5 x 2 = 10), 6 off: the mugs bear 4 (revenue 16, margin 8).
  AddOrder("o-1", "alice", kStart + kDay, {{"MUG", 2, 10}, {"TEA", 2, 5}}, 6);
  // Two lines of mugs in one order are one sale: 1 x 10 + 1 x 12 = 22, margin 14.
  AddOrder("o-2", "bob", kStart + 2 * kDay, {{"MUG", 1, 10}, {"TEA", 1, 1}, {"MUG", 1, 12}});
  AddOrder("o-0", "bob", kStart - kDay, {{"MUG", 1, 9}});  // pre-period
  Expose({{"MUG", "treatment", kStart}, {"TEA", "control", kStart}});
  const auto data = Build();
  ASSERT_EQ(data.units.size(), 2u);
  const auto& mug = data.units[0];
  EXPECT_DOUBLE_EQ(mug.orders, 2);
  EXPECT_NEAR(mug.revenue, 16 + 22, 1e-9);
  EXPECT_NEAR(mug.margin, 8 + 14, 1e-9);
  EXPECT_NEAR(mug.pre_revenue, 9, 1e-9);
  EXPECT_DOUBLE_EQ(mug.repeat, 1);
  const auto& tea = data.units[1];  // 10 less its share 2 = 8; then 1; no cost known
  EXPECT_DOUBLE_EQ(tea.orders, 2);
  EXPECT_NEAR(tea.revenue, 9, 1e-9);
  EXPECT_NEAR(tea.margin, 9, 1e-9);
}

TEST_F(ExperimentDataTest, SessionUnitsCountTheOrdersOfTheirCarts) {
  definition_.unit = UnitKind::kSession;
  AddOrder("o-1", "alice", kStart + kDay, {{"TEA", 1, 8}});
  AddOrder("o-2", "", kStart + 20 * kDay, {{"TEA", 1, 5}});  // a guest, after the window
  AddOrder("o-3", "bob", kStart + kDay, {{"TEA", 1, 3}});    // a cart of no exposed session
  for (const auto& [cart_id, session, order] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"c1", "s1", "o-1"}, {"c2", "s1", "o-2"}, {"c3", "s9", "o-3"}, {"c4", "s2", ""}}) {
    Cart cart;
    cart.id = cart_id;
    cart.session_id = session;
    cart.order_id = order;
    cart.started_at = kStart;
    ASSERT_TRUE(store_->Put(&cart).ok());
  }
  Expose({{"s1", "treatment", kStart}, {"s2", "control", kStart}});
  const auto data = Build();
  ASSERT_EQ(data.units.size(), 2u);
  EXPECT_DOUBLE_EQ(data.units[0].orders, 1);
  EXPECT_DOUBLE_EQ(data.units[0].revenue, 8);
  EXPECT_DOUBLE_EQ(data.units[0].repeat, 1);  // two orders within 30 days
  EXPECT_DOUBLE_EQ(data.units[1].orders, 0);
}

TEST_F(ExperimentDataTest, WithoutAStartTheFirstExposureStartsAndStoppedEnds) {
  definition_.started_at.reset();
  definition_.stopped_at = kStart + 9 * kDay;
  Expose({{"a", "control", kStart + 2 * kDay}, {"b", "treatment", kStart + 5 * kDay}});
  const auto data = Build(kStart + 100 * kDay);
  EXPECT_EQ(data.units[0].exposure_day, 0);
  EXPECT_EQ(data.units[1].exposure_day, 3);
  EXPECT_EQ(data.days_running, 7);
}

TEST_F(ExperimentDataTest, ALineWithoutASkuCostsWhatTheProductItsTitleNamesCosts) {
  Product cup;  // a line titled "Blue Cup" without a SKU is this product
  cup.sku = "CUP-1";
  cup.title = "Blue Cup";
  cup.cost = 3;
  ASSERT_TRUE(store_->Put(&cup).ok());
  AddOrder("o-1", "alice", kStart + kDay, {{"title:blue-cup", 2, 10}, {"title:red-cup", 1, 5}});
  Expose({{"alice", "treatment", kStart}});
  const auto data = Build();
  ASSERT_EQ(data.units.size(), 1u);
  EXPECT_DOUBLE_EQ(data.units[0].revenue, 25);
  EXPECT_DOUBLE_EQ(data.units[0].margin, 25 - 2 * 3);  // the red cup names no product: no cost
}

TEST_F(ExperimentDataTest, OrdersReadOnceForSeveralUnitKindsAttributeAsReadForEach) {
  AddOrder("o-1", "alice", kStart + kDay, {{"MUG", 2, 10}, {"TEA", 2, 5}}, 6);
  AddOrder("o-2", "bob", kStart + 2 * kDay, {{"MUG", 1, 10}});
  Cart cart;
  cart.id = "c1";
  cart.session_id = "s1";
  cart.order_id = "o-2";
  ASSERT_TRUE(store_->Put(&cart).ok());
  const std::vector<UnitKind> all = {UnitKind::kSession, UnitKind::kCustomer, UnitKind::kProduct};
  const AttributionSales shared = LoadAttributionSales(*store_, all).value();
  for (const auto& [kind, unit] :
       std::vector<std::pair<UnitKind, std::string>>{{UnitKind::kCustomer, "alice"},
                                                     {UnitKind::kProduct, "MUG"},
                                                     {UnitKind::kSession, "s1"}}) {
    definition_.unit = kind;
    definition_.key = "exp-" + unit;
    Expose({{unit, "treatment", kStart}});
    const auto alone = Build();
    const auto together = BuildExperimentData(*store_, shared, definition_, kStart + 20 * kDay);
    ASSERT_TRUE(together.ok()) << together.status().ToString();
    ASSERT_EQ(alone.units.size(), 1u);
    ASSERT_EQ(together->units.size(), 1u);
    EXPECT_GT(alone.units[0].revenue, 0) << unit;
    EXPECT_EQ(together->units[0].revenue, alone.units[0].revenue) << unit;
    EXPECT_EQ(together->units[0].margin, alone.units[0].margin) << unit;
    EXPECT_EQ(together->units[0].orders, alone.units[0].orders) << unit;
  }
}

TEST_F(ExperimentDataTest, ManyCustomersAttributeAsAStraightforwardScanOfTheirOrders) {
  // 600 orders of 150 customers (and guests) around the start, 5% cancelled, 128 customers
  // exposed at random times, some of whom never ordered: more units and orders than one batch of
  // lookups. Every price, quantity, cost and discount is a whole number, so each sum is exact in
  // any order and the reference below, which scans all orders for each exposure, must match to
  // the bit.
  std::mt19937 rng(7);
  const auto uniform = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  struct RefOrder {
    std::string customer;
    Timestamp ts;
    double revenue, margin;
    bool cancelled;
  };
  std::vector<RefOrder> orders;
  for (int i = 0; i < 600; ++i) {
    const std::string customer = uniform(0, 19) == 0 ? "" : "c" + std::to_string(uniform(0, 149));
    const Timestamp ts = kStart - 40 * kDay + uniform(0, 100 * 24) * 3600;
    std::vector<std::tuple<std::string, int, double>> lines;
    double gross = 0, cost = 0;
    for (int n = uniform(1, 3); n > 0; --n) {
      const bool mug = uniform(0, 1) == 0;  // MUG costs 4, TEA's cost is unknown
      const int quantity = uniform(1, 3);
      const double price = uniform(1, 20);
      lines.emplace_back(mug ? "MUG" : "TEA", quantity, price);
      gross += quantity * price;
      cost += mug ? quantity * 4.0 : 0.0;
    }
    const double discount = uniform(0, 3) == 0 ? uniform(1, 3) : 0;
    const bool cancelled = uniform(0, 19) == 0;
    AddOrder("o" + std::to_string(i), customer, ts, lines, discount, cancelled);
    orders.push_back({customer, ts, gross - discount, gross - discount - cost, cancelled});
  }
  std::vector<Exposure> exposures;
  for (int c = 0; c < 170; ++c) {  // c150..c169 never ordered
    if (c % 4 == 3) continue;
    exposures.push_back({"c" + std::to_string(c), c % 2 == 0 ? "control" : "treatment",
                         kStart + uniform(0, 28 * 24) * 3600});
  }
  Expose(exposures);
  std::sort(exposures.begin(), exposures.end(),
            [](const Exposure& a, const Exposure& b) { return a.unit < b.unit; });

  const int64_t window = 14 * kDay, repeat_window = 30 * kDay;
  std::vector<experiment::UnitOutcome> expected;
  for (const Exposure& e : exposures) {
    experiment::UnitOutcome u;
    u.variant = e.variant == "control" ? 0 : 1;
    u.exposure_day = static_cast<int32_t>((e.first_at - kStart) / kDay);
    int repeats = 0;
    for (const RefOrder& o : orders) {
      if (o.cancelled || o.customer != e.unit) continue;
      if (o.ts >= e.first_at - window && o.ts < e.first_at) u.pre_revenue += o.revenue;
      if (o.ts >= e.first_at && o.ts < e.first_at + window) {
        u.orders += 1;
        u.revenue += o.revenue;
        u.margin += o.margin;
      }
      if (o.ts >= e.first_at && o.ts < e.first_at + repeat_window) ++repeats;
    }
    u.repeat = repeats >= 2 ? 1 : 0;
    expected.push_back(u);
  }
  int attributed = 0;
  for (const auto& u : expected) attributed += u.orders > 0 && u.pre_revenue > 0;
  EXPECT_GT(attributed, 10);  // the data exercises both windows at once for many units

  const experiment::UnitKind kinds[] = {UnitKind::kCustomer};
  const AttributionSales sales = LoadAttributionSales(*store_, kinds).value();
  // The size hint changes nothing: none, exact, too small, too large.
  for (const int64_t hint : {int64_t{0}, int64_t{128}, int64_t{3}, int64_t{100000}}) {
    const auto data = BuildExperimentData(*store_, sales, definition_, kStart + 40 * kDay, hint);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    ASSERT_EQ(data->units.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      SCOPED_TRACE(exposures[i].unit + " hint " + std::to_string(hint));
      EXPECT_EQ(data->units[i].variant, expected[i].variant);
      EXPECT_EQ(data->units[i].exposure_day, expected[i].exposure_day);
      EXPECT_EQ(data->units[i].pre_revenue, expected[i].pre_revenue);
      EXPECT_EQ(data->units[i].orders, expected[i].orders);
      EXPECT_EQ(data->units[i].revenue, expected[i].revenue);
      EXPECT_EQ(data->units[i].margin, expected[i].margin);
      EXPECT_EQ(data->units[i].repeat, expected[i].repeat);
    }
  }
}

TEST_F(ExperimentDataTest, OrdersNotReadForTheExperimentsUnitKindAreAnError) {
  Expose({{"a", "control", kStart}});
  const UnitKind products[] = {UnitKind::kProduct};
  auto data = BuildExperimentData(*store_, LoadAttributionSales(*store_, products).value(),
                                  definition_, kStart);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(data.status().message().find("customer"), std::string::npos);
}

TEST_F(ExperimentDataTest, AnExposureToAnUnknownVariantIsAnError) {
  Expose({{"a", "control", kStart}, {"b", "blue", kStart}});
  const experiment::UnitKind kinds[] = {definition_.unit};
  auto data = BuildExperimentData(*store_, LoadAttributionSales(*store_, kinds).value(),
                                  definition_, kStart);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(data.status().message().find("names the variant 'blue'"), std::string::npos);
}

}  // namespace
}  // namespace mercato::app
