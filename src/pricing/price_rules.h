// The merchant's price rules (issue 21): the range a product's recommended price may take, the
// rule that sets each end of it, and the fair-pricing guardrail on what a rule may be keyed on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace mercato::pricing {

/// The limits a scoped rule may override, each enforced on every recommended price.
struct RuleLimits {
  /// Never below this price; none: no floor.
  std::optional<double> floor_price;
  /// (price − cost) / price at least this percentage, for products with a cost.
  double min_margin_pct = 10;
  /// Never more than this percentage above the lowest competitor price (negative: below it);
  /// none: competitors do not bound the price.
  std::optional<double> max_above_competitor_pct;
  /// A change moves the price by at most this percentage of the current price.
  double max_change_pct = 10;
  /// No change within this many days of the last one.
  int min_days_between_changes = 7;
};

/// A rule for part of the catalog: "category=Apparel; max_change_pct=5; min_margin_pct=30".
/// Its overrides win over the base limits (and over earlier scoped rules) for the products it
/// matches.
struct ScopedRule {
  std::string key;    // sku, product, category (a path or any of its leading parts) or brand
  std::string value;  // matched exactly
  std::optional<double> floor_price, min_margin_pct, max_above_competitor_pct, max_change_pct;
  std::optional<int> min_days_between_changes;
};

struct PriceRules {
  RuleLimits limits;
  /// A recommended price ends in one of these (".99", ".95"); empty: any cent.
  std::vector<std::string> price_endings = {".99"};
  /// Clearance, for products the inventory plan shows with excess or ageing stock: the margin
  /// floor becomes this (instead of min_margin_pct) and a markdown may reach this percentage
  /// (instead of max_change_pct).
  double clearance_min_margin_pct = 0;
  double clearance_max_change_pct = 25;
  std::vector<ScopedRule> scoped;
};

/// Parses "KEY=VALUE; FIELD=NUMBER; ..." (the FIELDs of RuleLimits). The fair-pricing guardrail:
/// a key naming a protected characteristic (age, gender, ethnicity, religion, ...), a proxy for
/// one (postal code, zip, area, city, address, name, language), a customer (customer, segment,
/// loyalty tier, email, device, ...), a country or region (currency and tax only) or a channel
/// (one price per SKU for every channel) is an InvalidArgument saying why; so is an unknown key
/// or field, a bad number or a value out of its range (ValidateRules').
Result<ScopedRule> ParseScopedRule(const std::string& text);

/// Checks every field of the rules and of their scoped rules; the error names the first bad one
/// and its range: floor_price >= 0, min_margin_pct and clearance_min_margin_pct in [0, 100),
/// max_above_competitor_pct > -100, max_change_pct in (0, 100], clearance_max_change_pct in
/// [0, 100), min_days_between_changes >= 0, endings ".DD" (two digits).
Status ValidateRules(const PriceRules& rules);

/// What the rules need to know of one product (a SKU).
struct ProductPriceFacts {
  std::string sku, product, category, brand;  // category: the full path ("Home > Mugs")
  double current_price = 0;                   // > 0
  std::optional<double> cost, compare_at_price;
  std::optional<double> lowest_competitor_price;  // the lowest recent competitor observation
  std::optional<int64_t> days_since_change;       // none: no change on record
  /// From the inventory plan: excess or ageing stock (clearance allowed) and a projected
  /// stock-out (no markdown). A stock-out wins when both are set.
  bool excess_stock = false, stockout_projected = false;
  /// The promotion calendar: a temporary promotion running now or planned, in days from now to
  /// its first and its last day (starts_in <= 0 while it runs). The regular price is not changed
  /// while one runs, nor within the minimum days between changes before one starts; one that has
  /// ended (ends_in < 0) binds nothing.
  struct Promotion {
    int64_t starts_in = 0, ends_in = 0;
  };
  std::optional<Promotion> promotion;
};

/// The limits for `product`: the base limits with each matching scoped rule's overrides, in
/// order.
RuleLimits LimitsFor(const PriceRules& rules, const ProductPriceFacts& product);

/// Rule names, as the output's binding_rule spells them.
inline constexpr const char* kFloorPrice = "floor_price";
inline constexpr const char* kMinMargin = "min_margin";
inline constexpr const char* kClearanceMargin = "clearance_margin";
inline constexpr const char* kCompetitor = "competitor";
inline constexpr const char* kCompareAt = "compare_at";
inline constexpr const char* kMaxChange = "max_change";
inline constexpr const char* kClearanceChange = "clearance_max_change";
inline constexpr const char* kMinDaysBetweenChanges = "min_days_between_changes";
inline constexpr const char* kPriceEnding = "price_ending";
inline constexpr const char* kStockout = "no_markdown_stockout";
inline constexpr const char* kPromotionCalendar = "promotion_calendar";

/// The prices the rules allow for a product: [low, high] in whole cents, and the rule (and its
/// wording) setting each end. When no change is allowed — the last change too recent, the rules
/// contradicting each other (low > high), or no price with an allowed ending in range — `frozen`
/// names the rule and `frozen_reason` says why: the price stays at the current one.
struct PriceBounds {
  double low = 0, high = 0;
  std::string low_rule, high_rule;      // names above
  std::string low_reason, high_reason;  // e.g. "max_change: at most 10% above 19.99"
  std::string frozen, frozen_reason;
};
PriceBounds AllowedRange(const PriceRules& rules, const ProductPriceFacts& product);

/// The prices in [bounds.low, bounds.high] to search: every price with one of `endings` when
/// any are given, else `grid_points` (>= 2) evenly spaced ones rounded to cents; ascending,
/// distinct. Empty for a frozen range.
std::vector<double> CandidatePrices(const PriceBounds& bounds,
                                    const std::vector<std::string>& endings, int grid_points);

/// The names of the rules `price` breaks for `product` (a change to it, from the current
/// price); empty when it keeps them all. The current price itself breaks no change rule.
std::vector<std::string> BrokenRules(const PriceRules& rules, const ProductPriceFacts& product,
                                     double price);

}  // namespace mercato::pricing
