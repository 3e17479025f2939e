// The fixed tables the synthetic store is drawn from: departments with their planted demand,
// price and return parameters and word lists, customer names and regions.
#pragma once

#include <string_view>
#include <vector>

namespace mercato::synth {

struct SubcategorySpec {
  std::string_view name;
  std::vector<std::string_view> nouns;
};

struct DepartmentSpec {
  std::string_view name;
  double sku_share;         // share of the catalog's SKUs
  double price_median;      // log-normal regular price: median (dollars) ...
  double price_sigma;       // ... and sigma of log(price)
  double cost_ratio;        // mean cost / price
  double elasticity;        // demand multiplier (price / base price)^elasticity
  double season_amplitude;  // seasonal multiplier 1 + A·cos(2π(doy − peak)/365.25)
  int season_peak_day;      // 0-based day of year of the peak
  double trend_per_year;    // demand multiplier exp(trend · (day − mid-period) / 365)
  double return_rate;       // base probability that a sold line is returned
  bool has_color;
  bool multi_quantity;  // cheap items are sometimes bought 2–3 at a time
  std::vector<SubcategorySpec> subcategories;
  std::vector<std::string_view> materials;
  std::vector<std::string_view> adjectives;
  std::vector<std::string_view> uses;  // "for standing all day"
  std::vector<std::string_view> brands;
  std::vector<std::string_view> return_reasons;
};

const std::vector<DepartmentSpec>& Departments();
const std::vector<std::string_view>& Colors();
const std::vector<std::string_view>& FirstNames();
const std::vector<std::string_view>& LastNames();

/// Consent regime of a jurisdiction: opt-in (nothing allowed until granted) or opt-out (allowed
/// until revoked).
enum class ConsentRegime { kOptIn, kOptOut };

struct RegionSpec {
  std::string_view group;  // EU, UK, US-CA, US, other
  std::string_view country;
  std::string_view region;
  std::string_view city;
  double weight;  // share of customers
  ConsentRegime regime;
  int postal_digits;  // 0: no postal code
};

const std::vector<RegionSpec>& Regions();

}  // namespace mercato::synth
