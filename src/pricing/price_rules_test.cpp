// Tests of the price rules: scoped-rule parsing and the fair-pricing guardrail, validation, each
// rule's bound on hand-computed products, candidate prices, and a property over random rule sets.
#include "pricing/price_rules.h"

#include <gtest/gtest.h>

#include <random>

#include "pricing/price_rules_test_util.h"

namespace mercato::pricing {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

ProductPriceFacts Mug() {
  ProductPriceFacts p;
  p.sku = "MUG-1";
  p.product = "mug";
  p.category = "Home > Mugs";
  p.brand = "Acme";
  p.current_price = 20;
  p.cost = 12;
  p.compare_at_price = 25;
  return p;
}

std::string ErrorOf(const std::string& text) {
  auto rule = ParseScopedRule(text);
  EXPECT_FALSE(rule.ok()) << text;
  return rule.ok() ? "" : rule.status().message();
}

TEST(ScopedRule, ParsesKeyValueAndOverrides) {
  const ScopedRule r =
      ParseScopedRule(
          " category = Home ; max_change_pct=5; min_margin_pct = 30;"
          "min_days_between_changes=14; floor_price=3.5; max_above_competitor_pct=-2")
          .value();
  EXPECT_EQ(r.key, "category");
  EXPECT_EQ(r.value, "Home");
  EXPECT_EQ(r.max_change_pct, 5.0);
  EXPECT_EQ(r.min_margin_pct, 30.0);
  EXPECT_EQ(r.min_days_between_changes, 14);
  EXPECT_EQ(r.floor_price, 3.5);
  EXPECT_EQ(r.max_above_competitor_pct, -2.0);
}

TEST(ScopedRule, FairPricingGuardrailRefusesProtectedKeysProxiesCustomersAndRegions) {
  EXPECT_PRED2(Contains, ErrorOf("age=18-25; max_change_pct=5"), "protected characteristic");
  EXPECT_PRED2(Contains, ErrorOf("Customer_Gender=f; max_change_pct=5"), "protected");
  EXPECT_PRED2(Contains, ErrorOf("ethnicity=x; max_change_pct=5"), "protected");
  EXPECT_PRED2(Contains, ErrorOf("postal_code=10001; max_change_pct=5"), "proxy");
  EXPECT_PRED2(Contains, ErrorOf("zip=10001; max_change_pct=5"), "proxy");
  EXPECT_PRED2(Contains, ErrorOf("area=north; max_change_pct=5"), "proxy");
  EXPECT_PRED2(Contains, ErrorOf("customer_id=c1; max_change_pct=5"),
               "prices never vary per customer");
  EXPECT_PRED2(Contains, ErrorOf("loyalty_tier=gold; max_change_pct=5"), "per customer");
  EXPECT_PRED2(Contains, ErrorOf("country=US; max_change_pct=5"), "currency and tax only");
  EXPECT_PRED2(Contains, ErrorOf("channel=pos; max_change_pct=5"), "per-channel");
  EXPECT_PRED2(Contains, ErrorOf("age=18"), "fair pricing");  // refused before anything else
}

TEST(ScopedRule, BadRulesSayWhatIsExpected) {
  EXPECT_PRED2(Contains, ErrorOf("color=red; max_change_pct=5"),
               "unknown key 'color': a rule is keyed on sku, product, category or brand");
  EXPECT_PRED2(Contains, ErrorOf("category=Home"), "sets nothing");
  EXPECT_PRED2(Contains, ErrorOf("category; max_change_pct=5"), "expected KEY=VALUE");
  EXPECT_PRED2(Contains, ErrorOf("category=Home; max_change_pct=lots"),
               "max_change_pct: expected a number, got 'lots'");
  EXPECT_PRED2(Contains, ErrorOf("category=Home; speed=5"), "unknown field 'speed'");
  EXPECT_PRED2(Contains, ErrorOf("category=Home; max_change_pct=0"),
               "max_change_pct: expected a number in (0, 100], got 0");
  EXPECT_PRED2(Contains, ErrorOf("category=Home; min_days_between_changes=1.5"),
               "expected an integer");
}

TEST(PriceRules, ValidationNamesTheField) {
  PriceRules rules;
  EXPECT_TRUE(ValidateRules(rules).ok());
  rules.price_endings = {".99", ".9"};
  EXPECT_PRED2(Contains, ValidateRules(rules).message(), "price_endings");
  rules = {};
  rules.limits.min_margin_pct = 100;
  EXPECT_PRED2(Contains, ValidateRules(rules).message(),
               "min_margin_pct: expected a number in [0, 100), got 100");
  rules = {};
  rules.limits.min_days_between_changes = -1;
  EXPECT_PRED2(Contains, ValidateRules(rules).message(), "min_days_between_changes");
  rules = {};
  rules.clearance_max_change_pct = 100;
  EXPECT_PRED2(Contains, ValidateRules(rules).message(), "clearance_max_change_pct");
}

TEST(PriceRules, EachRuleBoundsTheRange) {
  PriceRules rules;  // min margin 10%, max change 10%, endings .99
  ProductPriceFacts p = Mug();
  // low: max(margin 12 / 0.9 = 13.333 -> 13.34, change 20 · 0.9 = 18) = 18 (max_change);
  // high: min(compare-at 25, change 20 · 1.1 = 22) = 22 (max_change).
  PriceBounds b = AllowedRange(rules, p);
  EXPECT_DOUBLE_EQ(b.low, 18);
  EXPECT_DOUBLE_EQ(b.high, 22);
  EXPECT_EQ(b.low_rule, kMaxChange);
  EXPECT_EQ(b.high_rule, kMaxChange);
  EXPECT_EQ(b.frozen, "");

  // Competitor 20.50, at most 0% above it: high 20.50 (competitor).
  rules.limits.max_above_competitor_pct = 0;
  p.lowest_competitor_price = 20.5;
  b = AllowedRange(rules, p);
  EXPECT_DOUBLE_EQ(b.high, 20.5);
  EXPECT_EQ(b.high_rule, kCompetitor);
  EXPECT_EQ(b.high_reason, "competitor: at most 0% above the lowest competitor price 20.50");

  // A compare-at of 20.25, below the competitor's 20.50: high 20.25 (compare_at).
  p.compare_at_price = 20.25;
  EXPECT_EQ(AllowedRange(rules, p).high_rule, kCompareAt);

  // A scoped rule for the category "Home" (the path "Home > Mugs" starts with it): max change
  // 5% -> low 19.
  rules.scoped.push_back(ParseScopedRule("category=Home; max_change_pct=5").value());
  EXPECT_DOUBLE_EQ(AllowedRange(rules, p).low, 19);
  // A floor of 19.50 wins over it.
  rules.scoped.push_back(ParseScopedRule("sku=MUG-1; floor_price=19.5").value());
  b = AllowedRange(rules, p);
  EXPECT_DOUBLE_EQ(b.low, 19.5);
  EXPECT_EQ(b.low_rule, kFloorPrice);
  // ... but not for another brand's or category's product.
  ProductPriceFacts other = Mug();
  other.sku = "MUG-2";
  other.category = "Homeware";  // not "Home" nor under it
  EXPECT_DOUBLE_EQ(AllowedRange(rules, other).low, 18);
}

TEST(PriceRules, InventoryStockoutForbidsMarkdownAndExcessAllowsClearance) {
  PriceRules rules;
  ProductPriceFacts p = Mug();
  p.stockout_projected = true;
  PriceBounds b = AllowedRange(rules, p);
  EXPECT_DOUBLE_EQ(b.low, 20);
  EXPECT_EQ(b.low_rule, kStockout);
  // Excess stock: margin floor 0% (cost 12), markdown up to 25% (20 · 0.75 = 15): low 15.
  p.stockout_projected = false;
  p.excess_stock = true;
  b = AllowedRange(rules, p);
  EXPECT_DOUBLE_EQ(b.low, 15);
  EXPECT_EQ(b.low_rule, kClearanceChange);
  // A cost of 16 then holds it up at cost (0% margin).
  p.cost = 16;
  b = AllowedRange(rules, p);
  EXPECT_DOUBLE_EQ(b.low, 16);
  EXPECT_EQ(b.low_rule, kClearanceMargin);
  // Both: the stock-out wins.
  p.stockout_projected = true;
  EXPECT_EQ(AllowedRange(rules, p).low_rule, kStockout);
}

TEST(PriceRules, FrozenByRecentChangeConflictOrEndings) {
  PriceRules rules;
  ProductPriceFacts p = Mug();
  p.days_since_change = 3;
  PriceBounds b = AllowedRange(rules, p);
  EXPECT_EQ(b.frozen, kMinDaysBetweenChanges);
  EXPECT_EQ(b.frozen_reason, "last changed 3 days ago; no change within 7 days of the last one");
  p.days_since_change = 7;
  EXPECT_EQ(AllowedRange(rules, p).frozen, "");

  // Cost 21 at 10% margin needs 23.34; the change allows at most 22.
  p.cost = 21;
  b = AllowedRange(rules, p);
  EXPECT_EQ(b.frozen, kMinMargin);
  EXPECT_PRED2(Contains, b.frozen_reason, "contradict");

  // At 10.00 with 1% changes, [9.90, 10.10] holds 9.99 and 9.95 but no .49.
  p = Mug();
  p.cost.reset();
  p.current_price = 10;
  rules.limits.max_change_pct = 1;
  EXPECT_EQ(AllowedRange(rules, p).frozen, "");
  rules.price_endings = {".49"};
  b = AllowedRange(rules, p);
  EXPECT_EQ(b.frozen, kPriceEnding);
  EXPECT_EQ(b.frozen_reason,
            "no price ending in .49 between 9.90 and 10.10; left at the current price");
}

TEST(PriceRules, ThePromotionCalendarKeepsTheRegularPrice) {
  PriceRules rules;  // 7 days between changes
  ProductPriceFacts p = Mug();
  // Running since 2 days, its last day in 5: frozen, and a change would break the calendar.
  p.promotion = ProductPriceFacts::Promotion{-2, 5};
  PriceBounds b = AllowedRange(rules, p);
  EXPECT_EQ(b.frozen, kPromotionCalendar);
  EXPECT_EQ(b.frozen_reason,
            "a promotion runs (its last day in 5 days): the regular price is not changed under it");
  EXPECT_EQ(BrokenRules(rules, p, 18.99), (std::vector<std::string>{kPromotionCalendar}));
  // Keeping the price breaks no change rule (20.00 only misses the .99 ending).
  EXPECT_EQ(BrokenRules(rules, p, 20), (std::vector<std::string>{kPriceEnding}));
  // Starting in 6 days (< 7 between changes): frozen; in 7 days: free.
  p.promotion = ProductPriceFacts::Promotion{6, 12};
  b = AllowedRange(rules, p);
  EXPECT_EQ(b.frozen, kPromotionCalendar);
  EXPECT_EQ(b.frozen_reason,
            "a promotion starts in 6 days: the regular price is not changed within 7 days before "
            "one");
  p.promotion = ProductPriceFacts::Promotion{7, 12};
  EXPECT_EQ(AllowedRange(rules, p).frozen, "");
  EXPECT_TRUE(BrokenRules(rules, p, 18.99).empty());
  // Its last day today still binds; ended yesterday binds nothing.
  p.promotion = ProductPriceFacts::Promotion{-6, 0};
  EXPECT_EQ(AllowedRange(rules, p).frozen_reason,
            "a promotion runs (its last day today): the regular price is not changed under it");
  p.promotion = ProductPriceFacts::Promotion{-7, -1};
  EXPECT_EQ(AllowedRange(rules, p).frozen, "");
}

TEST(PriceRules, CandidatePrices) {
  PriceBounds b;
  b.low = 18;
  b.high = 21;
  EXPECT_EQ(CandidatePrices(b, {".99", ".95"}, 2),
            (std::vector<double>{18.95, 18.99, 19.95, 19.99, 20.95, 20.99}));
  b.low = 10;
  b.high = 11;
  EXPECT_EQ(CandidatePrices(b, {}, 3), (std::vector<double>{10, 10.5, 11}));
  b.low = 12;
  EXPECT_TRUE(CandidatePrices(b, {}, 3).empty());
}

TEST(PriceRules, BrokenRulesNamesEveryRuleAPriceBreaks) {
  PriceRules rules;
  rules.limits.max_above_competitor_pct = 0;
  ProductPriceFacts p = Mug();
  p.lowest_competitor_price = 21;
  EXPECT_TRUE(BrokenRules(rules, p, 20.99).empty());
  EXPECT_EQ(BrokenRules(rules, p, 23.99), (std::vector<std::string>{kCompetitor, kMaxChange}));
  EXPECT_EQ(BrokenRules(rules, p, 21.00), (std::vector<std::string>{kPriceEnding}));
  p.days_since_change = 1;
  EXPECT_EQ(BrokenRules(rules, p, 19.99), (std::vector<std::string>{kMinDaysBetweenChanges}));
  EXPECT_EQ(BrokenRules(rules, p, 20), (std::vector<std::string>{kPriceEnding}));  // unchanged
}

TEST(PriceRules, PropertyEveryCandidateOfARandomRuleSetKeepsEveryRule) {
  std::mt19937 rng(7);
  int searched = 0, frozen = 0;
  for (int i = 0; i < 3000; ++i) {
    const auto [rules, p] = testing::RandomRuleCase(rng);
    ASSERT_TRUE(ValidateRules(rules).ok());
    const PriceBounds b = AllowedRange(rules, p);
    const std::vector<double> candidates = CandidatePrices(b, rules.price_endings, 51);
    if (!b.frozen.empty()) {
      ++frozen;
      EXPECT_FALSE(b.frozen_reason.empty());
      continue;
    }
    ++searched;
    ASSERT_FALSE(candidates.empty()) << i;
    for (double c : candidates) {
      EXPECT_TRUE(BrokenRules(rules, p, c).empty())
          << "case " << i << " price " << c << " breaks " << BrokenRules(rules, p, c).front();
    }
  }
  EXPECT_GT(searched, 300);  // both branches are exercised
  EXPECT_GT(frozen, 300);
}

}  // namespace
}  // namespace mercato::pricing
