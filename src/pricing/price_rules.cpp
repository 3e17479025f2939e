// Price rules: scoped-rule parsing with the fair-pricing guardrail, validation, each product's
// allowed price range with the rules setting its ends, candidate prices and the rule check.
#include "pricing/price_rules.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "common/text.h"

namespace mercato::pricing {
namespace {

constexpr double kRuleTolerance = 1e-7;

std::string Money(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

/// The key's words: "Customer_Age" -> {"customer", "age"}.
std::vector<std::string> Words(const std::string& key) {
  std::vector<std::string> words(1);
  for (char c : key) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      words.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!words.back().empty()) {
      words.emplace_back();
    }
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

/// Why a rule may not be keyed on `key`, or "" when it may be (or the key is merely unknown).
std::string GuardrailRefusal(const std::string& key) {
  static const std::set<std::string> kProtected = {
      "age",        "birth",     "birthday",    "birthdate", "dob",        "gender",
      "sex",        "ethnicity", "ethnic",      "race",      "religion",   "nationality",
      "disability", "marital",   "orientation", "pregnancy", "citizenship"};
  static const std::set<std::string> kProxies = {
      "postal", "postcode", "zip",      "zipcode",  "area", "neighborhood", "neighbourhood",
      "city",   "address",  "district", "language", "name", "surname"};
  static const std::set<std::string> kCustomer = {
      "customer", "user",  "email",   "phone",  "segment", "loyalty", "tier",
      "clv",      "stage", "cluster", "device", "browser", "ip",      "income"};
  static const std::set<std::string> kGeography = {"country", "region", "state", "province"};
  const std::string why = "fair pricing: a price rule keyed on '" + key + "' is refused: ";
  const std::vector<std::string> words = Words(key);
  const auto any_in = [&](const std::set<std::string>& set) {
    return std::any_of(words.begin(), words.end(), [&](const auto& w) { return set.count(w); });
  };
  if (any_in(kProtected)) {
    return why +
           "it is a protected characteristic; prices may differ by product, never by who the "
           "customer is";
  }
  if (any_in(kProxies)) {
    return why +
           "it is a proxy for protected characteristics (where people live, their name or "
           "language stands in for ethnicity or income)";
  }
  if (any_in(kCustomer)) {
    return why + "prices never vary per customer: one price per product for everyone";
  }
  if (any_in(kGeography)) {
    return why + "country and region set currency and tax only, never a price";
  }
  if (any_in({"channel"})) {
    return why +
           "per-channel prices are not supported: mercato recommends one price per SKU for "
           "every channel";
  }
  return "";
}

Status CheckRange(const std::string& name, double v, double lo, bool lo_open, double hi,
                  bool hi_open) {
  const bool ok = std::isfinite(v) && (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
  if (ok) return Status::Ok();
  std::string range = std::string(lo_open ? "(" : "[") + Number(lo) + ", " +
                      (std::isinf(hi) ? "inf)" : Number(hi) + (hi_open ? ")" : "]"));
  return InvalidArgument(name + ": expected a number in " + range + ", got " + Number(v));
}

constexpr double kInf = std::numeric_limits<double>::infinity();

Status ValidateLimits(const std::string& prefix, std::optional<double> floor_price,
                      std::optional<double> min_margin_pct,
                      std::optional<double> max_above_competitor_pct,
                      std::optional<double> max_change_pct, std::optional<int> min_days) {
  if (floor_price) {
    RETURN_IF_ERROR(CheckRange(prefix + "floor_price", *floor_price, 0, false, kInf, true));
  }
  if (min_margin_pct) {
    RETURN_IF_ERROR(CheckRange(prefix + "min_margin_pct", *min_margin_pct, 0, false, 100, true));
  }
  if (max_above_competitor_pct) {
    RETURN_IF_ERROR(CheckRange(prefix + "max_above_competitor_pct", *max_above_competitor_pct, -100,
                               true, kInf, true));
  }
  if (max_change_pct) {
    RETURN_IF_ERROR(CheckRange(prefix + "max_change_pct", *max_change_pct, 0, true, 100, false));
  }
  if (min_days && *min_days < 0) {
    return InvalidArgument(prefix + "min_days_between_changes: expected an integer >= 0, got " +
                           std::to_string(*min_days));
  }
  return Status::Ok();
}

bool CategoryMatches(const std::string& path, const std::string& value) {
  return path == value || (path.size() > value.size() + 3 && path.starts_with(value) &&
                           path.compare(value.size(), 3, " > ") == 0);
}

bool Matches(const ScopedRule& rule, const ProductPriceFacts& p) {
  if (rule.key == "sku") return p.sku == rule.value;
  if (rule.key == "product") return p.product == rule.value;
  if (rule.key == "brand") return p.brand == rule.value;
  return CategoryMatches(p.category, rule.value);
}

bool Clearance(const ProductPriceFacts& p) { return p.excess_stock && !p.stockout_projected; }

/// The markdown limit (a percentage) and its rule name.
std::pair<double, const char*> MarkdownLimit(const PriceRules& rules, const RuleLimits& limits,
                                             const ProductPriceFacts& p) {
  if (Clearance(p) && rules.clearance_max_change_pct > limits.max_change_pct) {
    return {rules.clearance_max_change_pct, kClearanceChange};
  }
  return {limits.max_change_pct, kMaxChange};
}

/// The margin floor (a percentage) and its rule name.
std::pair<double, const char*> MarginLimit(const PriceRules& rules, const RuleLimits& limits,
                                           const ProductPriceFacts& p) {
  if (Clearance(p)) return {rules.clearance_min_margin_pct, kClearanceMargin};
  return {limits.min_margin_pct, kMinMargin};
}

int Cents(double price) { return static_cast<int>(std::llround(price * 100) % 100); }

std::vector<int> EndingCents(const std::vector<std::string>& endings) {
  std::vector<int> cents;
  for (const std::string& e : endings) cents.push_back(std::stoi(e.substr(1)));
  std::sort(cents.begin(), cents.end());
  cents.erase(std::unique(cents.begin(), cents.end()), cents.end());
  return cents;
}

// Whether the promotion calendar keeps the regular price: a promotion running, or starting
// within the minimum days between changes.
bool PromotionBinds(const RuleLimits& l, const ProductPriceFacts& p) {
  return p.promotion && p.promotion->ends_in >= 0 &&
         p.promotion->starts_in < l.min_days_between_changes;
}

// "today", "in 1 day", "in 5 days".
std::string InDays(int64_t days) {
  if (days == 0) return "today";
  return "in " + std::to_string(days) + (days == 1 ? " day" : " days");
}

}  // namespace

Result<ScopedRule> ParseScopedRule(const std::string& text) {
  const std::string where = "rule '" + text + "': ";
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t semi; (semi = text.find(';', start)) != std::string::npos; start = semi + 1) {
    parts.push_back(std::string(Trim(text.substr(start, semi - start))));
  }
  parts.push_back(std::string(Trim(text.substr(start))));
  const auto split = [&](const std::string& part) -> Result<std::pair<std::string, std::string>> {
    const size_t eq = part.find('=');
    if (eq == std::string::npos || std::string(Trim(part.substr(0, eq))).empty() ||
        std::string(Trim(part.substr(eq + 1))).empty()) {
      return InvalidArgument(where + "expected KEY=VALUE, got '" + part +
                             "' (e.g. \"category=Apparel; max_change_pct=5\")");
    }
    return std::pair{std::string(Trim(part.substr(0, eq))), std::string(Trim(part.substr(eq + 1)))};
  };
  ASSIGN_OR_RETURN(auto scope, split(parts[0]));
  ScopedRule rule;
  rule.key = scope.first;
  rule.value = scope.second;
  if (const std::string refusal = GuardrailRefusal(rule.key); !refusal.empty()) {
    return InvalidArgument(where + refusal);
  }
  if (rule.key != "sku" && rule.key != "product" && rule.key != "category" && rule.key != "brand") {
    return InvalidArgument(where + "unknown key '" + rule.key +
                           "': a rule is keyed on sku, product, category or brand");
  }
  if (parts.size() < 2) {
    return InvalidArgument(where + "sets nothing: add FIELD=NUMBER after a ';'");
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    ASSIGN_OR_RETURN(auto field, split(parts[i]));
    auto number = ParseReal(field.second);
    if (!number.ok()) {
      return InvalidArgument(where + field.first + ": expected a number, got '" + field.second +
                             "'");
    }
    const double v = *number;
    if (field.first == "floor_price") {
      rule.floor_price = v;
    } else if (field.first == "min_margin_pct") {
      rule.min_margin_pct = v;
    } else if (field.first == "max_above_competitor_pct") {
      rule.max_above_competitor_pct = v;
    } else if (field.first == "max_change_pct") {
      rule.max_change_pct = v;
    } else if (field.first == "min_days_between_changes") {
      if (v != std::floor(v) || std::abs(v) > 1e9) {
        return InvalidArgument(where + "min_days_between_changes: expected an integer, got '" +
                               field.second + "'");
      }
      rule.min_days_between_changes = static_cast<int>(v);
    } else {
      return InvalidArgument(where + "unknown field '" + field.first +
                             "': expected floor_price, min_margin_pct, max_above_competitor_pct, "
                             "max_change_pct or min_days_between_changes");
    }
  }
  RETURN_IF_ERROR(ValidateLimits(where, rule.floor_price, rule.min_margin_pct,
                                 rule.max_above_competitor_pct, rule.max_change_pct,
                                 rule.min_days_between_changes));
  return rule;
}

Status ValidateRules(const PriceRules& rules) {
  const RuleLimits& l = rules.limits;
  RETURN_IF_ERROR(ValidateLimits("", l.floor_price, l.min_margin_pct, l.max_above_competitor_pct,
                                 l.max_change_pct, l.min_days_between_changes));
  RETURN_IF_ERROR(
      CheckRange("clearance_min_margin_pct", rules.clearance_min_margin_pct, 0, false, 100, true));
  RETURN_IF_ERROR(
      CheckRange("clearance_max_change_pct", rules.clearance_max_change_pct, 0, false, 100, true));
  for (const std::string& e : rules.price_endings) {
    if (e.size() != 3 || e[0] != '.' || !std::isdigit(static_cast<unsigned char>(e[1])) ||
        !std::isdigit(static_cast<unsigned char>(e[2]))) {
      return InvalidArgument("price_endings: expected endings like .99 or .95, got '" + e + "'");
    }
  }
  for (const ScopedRule& r : rules.scoped) {
    RETURN_IF_ERROR(ValidateLimits("rule '" + r.key + "=" + r.value + "': ", r.floor_price,
                                   r.min_margin_pct, r.max_above_competitor_pct, r.max_change_pct,
                                   r.min_days_between_changes));
  }
  return Status::Ok();
}

RuleLimits LimitsFor(const PriceRules& rules, const ProductPriceFacts& product) {
  RuleLimits l = rules.limits;
  for (const ScopedRule& r : rules.scoped) {
    if (!Matches(r, product)) continue;
    if (r.floor_price) l.floor_price = r.floor_price;
    if (r.min_margin_pct) l.min_margin_pct = *r.min_margin_pct;
    if (r.max_above_competitor_pct) l.max_above_competitor_pct = r.max_above_competitor_pct;
    if (r.max_change_pct) l.max_change_pct = *r.max_change_pct;
    if (r.min_days_between_changes) l.min_days_between_changes = *r.min_days_between_changes;
  }
  return l;
}

PriceBounds AllowedRange(const PriceRules& rules, const ProductPriceFacts& p) {
  const RuleLimits l = LimitsFor(rules, p);
  const double p0 = p.current_price;
  struct Bound {
    double value;
    const char* rule;
    std::string reason;
  };
  std::vector<Bound> lows, highs;
  if (l.floor_price) {
    lows.push_back({*l.floor_price, kFloorPrice, "never below " + Money(*l.floor_price)});
  }
  if (p.cost) {
    const auto [margin, rule] = MarginLimit(rules, l, p);
    lows.push_back({*p.cost / (1 - margin / 100), rule,
                    "at least " + Number(margin) + "% margin over the cost " + Money(*p.cost)});
  }
  const auto [markdown, markdown_rule] = MarkdownLimit(rules, l, p);
  lows.push_back({p0 * (1 - markdown / 100), markdown_rule,
                  "at most " + Number(markdown) + "% below the current " + Money(p0)});
  if (p.stockout_projected) {
    lows.push_back({p0, kStockout, "a stock-out is projected, so no markdown"});
  }
  if (l.max_above_competitor_pct && p.lowest_competitor_price) {
    highs.push_back(
        {*p.lowest_competitor_price * (1 + *l.max_above_competitor_pct / 100), kCompetitor,
         "at most " + Number(*l.max_above_competitor_pct) + "% above the lowest competitor price " +
             Money(*p.lowest_competitor_price)});
  }
  if (p.compare_at_price) {
    highs.push_back({*p.compare_at_price, kCompareAt,
                     "never above the compare-at price " + Money(*p.compare_at_price)});
  }
  highs.push_back({p0 * (1 + l.max_change_pct / 100), kMaxChange,
                   "at most " + Number(l.max_change_pct) + "% above the current " + Money(p0)});
  PriceBounds b;
  const Bound* low = &lows[0];
  for (const Bound& x : lows) low = x.value > low->value ? &x : low;
  const Bound* high = &highs[0];
  for (const Bound& x : highs) high = x.value < high->value ? &x : high;
  b.low = std::ceil(low->value * 100 - 1e-6) / 100;
  b.high = std::floor(high->value * 100 + 1e-6) / 100;
  b.low_rule = low->rule;
  b.high_rule = high->rule;
  b.low_reason = std::string(low->rule) + ": " + low->reason;
  b.high_reason = std::string(high->rule) + ": " + high->reason;
  if (PromotionBinds(l, p)) {
    b.frozen = kPromotionCalendar;
    b.frozen_reason = p.promotion->starts_in <= 0
                          ? "a promotion runs (its last day " + InDays(p.promotion->ends_in) +
                                "): the regular price is not changed under it"
                          : "a promotion starts " + InDays(p.promotion->starts_in) +
                                ": the regular price is not changed within " +
                                std::to_string(l.min_days_between_changes) + " days before one";
  } else if (p.days_since_change && *p.days_since_change < l.min_days_between_changes) {
    b.frozen = kMinDaysBetweenChanges;
    b.frozen_reason = "last changed " + std::to_string(*p.days_since_change) +
                      " days ago; no change within " + std::to_string(l.min_days_between_changes) +
                      " days of the last one";
  } else if (b.low > b.high + kRuleTolerance) {
    b.frozen = b.low_rule;
    b.frozen_reason = "the rules contradict each other: " + b.low_reason + ", but " +
                      b.high_reason + "; left at the current price";
  } else if (!rules.price_endings.empty() && CandidatePrices(b, rules.price_endings, 2).empty()) {
    b.frozen = kPriceEnding;
    std::string endings;
    for (const std::string& e : rules.price_endings) endings += (endings.empty() ? "" : ", ") + e;
    b.frozen_reason = "no price ending in " + endings + " between " + Money(b.low) + " and " +
                      Money(b.high) + "; left at the current price";
  }
  return b;
}

std::vector<double> CandidatePrices(const PriceBounds& bounds,
                                    const std::vector<std::string>& endings, int grid_points) {
  std::vector<double> out;
  if (bounds.low > bounds.high + kRuleTolerance) return out;
  const auto lo = static_cast<int64_t>(std::llround(bounds.low * 100));
  const auto hi = static_cast<int64_t>(std::llround(bounds.high * 100));
  if (!endings.empty()) {
    const std::vector<int> cents = EndingCents(endings);
    for (int64_t whole = lo / 100; whole <= hi / 100; ++whole) {
      for (int c : cents) {
        const int64_t v = whole * 100 + c;
        if (v >= lo && v <= hi) out.push_back(static_cast<double>(v) / 100);
      }
    }
    return out;
  }
  const int n = std::max(grid_points, 2);
  for (int i = 0; i < n; ++i) {
    const int64_t v = lo + std::llround(static_cast<double>(hi - lo) * i / (n - 1));
    const double price = static_cast<double>(v) / 100;
    if (out.empty() || price > out.back()) out.push_back(price);
  }
  return out;
}

std::vector<std::string> BrokenRules(const PriceRules& rules, const ProductPriceFacts& p,
                                     double price) {
  const RuleLimits l = LimitsFor(rules, p);
  const double p0 = p.current_price;
  const bool changed = std::abs(price - p0) > kRuleTolerance;
  std::vector<std::string> broken;
  if (l.floor_price && price < *l.floor_price - kRuleTolerance) broken.push_back(kFloorPrice);
  if (p.cost) {
    const auto [margin, rule] = MarginLimit(rules, l, p);
    if (price - *p.cost < margin / 100 * price - kRuleTolerance) broken.push_back(rule);
  }
  if (l.max_above_competitor_pct && p.lowest_competitor_price &&
      price >
          *p.lowest_competitor_price * (1 + *l.max_above_competitor_pct / 100) + kRuleTolerance) {
    broken.push_back(kCompetitor);
  }
  if (p.compare_at_price && price > *p.compare_at_price + kRuleTolerance)
    broken.push_back(kCompareAt);
  if (price > p0 * (1 + l.max_change_pct / 100) + kRuleTolerance) broken.push_back(kMaxChange);
  const auto [markdown, markdown_rule] = MarkdownLimit(rules, l, p);
  if (price < p0 * (1 - markdown / 100) - kRuleTolerance) broken.push_back(markdown_rule);
  if (p.stockout_projected && price < p0 - kRuleTolerance) broken.push_back(kStockout);
  if (changed && p.days_since_change && *p.days_since_change < l.min_days_between_changes) {
    broken.push_back(kMinDaysBetweenChanges);
  }
  if (changed && PromotionBinds(l, p)) broken.push_back(kPromotionCalendar);
  if (!rules.price_endings.empty()) {
    const std::vector<int> cents = EndingCents(rules.price_endings);
    if (!std::binary_search(cents.begin(), cents.end(), Cents(price))) {
      broken.push_back(kPriceEnding);
    }
  }
  return broken;
}

}  // namespace mercato::pricing
