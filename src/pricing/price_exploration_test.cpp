// Tests of the exploration test prices (within the rules, toward the recommendation) and of the
// choice of the uncertain products worth measuring.
#include "pricing/price_exploration.h"

#include <gtest/gtest.h>

namespace mercato::pricing {
namespace {

ProductPriceFacts Product(std::string sku, double price) {
  ProductPriceFacts p;
  p.sku = std::move(sku);
  p.current_price = price;
  return p;
}

TEST(TestPrice, NearestAllowedPriceAStepAwayTheWayAskedThenTheOther) {
  const PriceRules rules;  // .99 endings, at most 10% a change, 10% margin, 7 days apart
  const ProductPriceFacts p = Product("A", 19.99);
  // 19.99 · 1.05 = 20.99 and 19.99 · 0.95 = 18.99: both end in .99 and move under 10%.
  EXPECT_NEAR(TestPrice(rules, p, 5, true).value(), 20.99, 1e-9);
  EXPECT_NEAR(TestPrice(rules, p, 5, false).value(), 18.99, 1e-9);
  // A cost of 18.50 with a 10% margin floor puts the lowest price at 18.50 / 0.9 = 20.56: no
  // allowed price below the current one, so the test goes up.
  ProductPriceFacts costly = p;
  costly.cost = 18.5;
  EXPECT_NEAR(TestPrice(rules, costly, 5, false).value(), 20.99, 1e-9);
  // Changed 2 days ago (7 days between changes): frozen, no test price.
  ProductPriceFacts recent = p;
  recent.days_since_change = 2;
  EXPECT_FALSE(TestPrice(rules, recent, 5, true).has_value());
  // A step larger than the rules allow stops at the range's end: 10% above 19.99 is 21.989, so
  // the last .99 price within it, 20.99, is the nearest to 19.99 · 1.2 = 23.99.
  EXPECT_NEAR(TestPrice(rules, p, 20, true).value(), 20.99, 1e-9);
}

TEST(ChooseExplorationCells, WideIntervalsOfSellingProductsWorthMostFirstWithinTheShare) {
  const PriceRules rules;
  const auto product = [](std::string sku, double units, double low, double high,
                          double recommended) {
    ExplorationProduct p;
    p.facts = Product(std::move(sku), 19.99);
    p.weekly_units = units;
    p.ci_low = low;
    p.ci_high = high;
    p.recommended_price = recommended;
    return p;
  };
  std::vector<ExplorationProduct> products = {
      product("narrow", 10, -1.6, -1.4, 19.99),   // width 0.2 < 0.5: measured well enough
      product("busy", 10, -2.5, -1.5, 17.99),     // width 1, worth 1 · 10 · 19.99 = 199.9
      product("thin", 1, -3.0, -1.0, 21.99),      // width 2, worth 2 · 1 · 19.99 = 40.0
      product("unsold", 0, -3.0, -1.0, 19.99),    // no demand to measure
      product("frozen", 50, -3.0, -1.0, 19.99)};  // changed yesterday
  products[4].facts.days_since_change = 1;
  ExplorationOptions options;
  options.fraction = 0.2;  // ceil(0.2 · 5) = 1 product
  std::vector<ExplorationCell> cells = ChooseExplorationCells(rules, products, options);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0].product, 1u);
  EXPECT_NEAR(cells[0].interval_width, 1.0, 1e-12);
  EXPECT_NEAR(cells[0].test_price, 18.99, 1e-9);  // its recommendation is lower: a step down
  options.fraction = 1;
  cells = ChooseExplorationCells(rules, products, options);
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[1].product, 2u);
  EXPECT_NEAR(cells[1].test_price, 20.99, 1e-9);  // recommended higher: a step up
  options.min_interval_width = 1.5;
  cells = ChooseExplorationCells(rules, products, options);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0].product, 2u);
}

TEST(CheckExplorationOptions, EachOptionOutOfItsRangeIsNamed) {
  EXPECT_TRUE(CheckExplorationOptions({}).ok());
  ExplorationOptions o;
  o.fraction = 0;
  EXPECT_NE(CheckExplorationOptions(o).message().find("--fraction"), std::string::npos);
  o = {};
  o.step_pct = 60;
  EXPECT_NE(CheckExplorationOptions(o).message().find("--step-pct"), std::string::npos);
  o = {};
  o.min_interval_width = -1;
  EXPECT_NE(CheckExplorationOptions(o).message().find("--min-interval-width"), std::string::npos);
}

}  // namespace
}  // namespace mercato::pricing
