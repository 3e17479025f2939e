// The input of the elasticity model: per series (a product, or a SKU in a store), its uncensored
// periods with units, price, promotion, feature and named covariates, and the group it pools with.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mercato::pricing {

/// One series: the periods in which its demand was observed (censored periods left out).
struct PriceSeries {
  std::string key;                // the product id or SKU
  std::string location;           // the panel's store; "" for a store's own products
  std::string category;           // a panel's category column ("" without one)
  std::vector<std::string> skus;  // the SKUs pooled in it (a product's variants)
  int32_t group = 0;              // index into PricePanel::groups (category, or the panel's SKU)
  std::vector<int64_t> period;    // period index (weeks), increasing
  std::vector<double> units;      // >= 0
  std::vector<double> price;      // > 0
  std::vector<double> promo;      // share of the period on promotion (or a 0/1 flag); empty: none
  std::vector<double> feature;    // share of the period featured (or a 0/1 flag); empty: none
  /// Per covariate (as PricePanel::covariates), per period.
  std::vector<std::vector<double>> covariates;
  /// Per period, the log price index of the other series of its location and category
  /// (pricing/cross_price.h); empty: not computed, or no other series there.
  std::vector<double> category_price;
  int censored = 0;  // periods left out because the series was out of stock
};

/// Series grouped for shrinkage: series -> group -> all.
struct PricePanel {
  std::vector<std::string> groups;      // group names (categories, or the panel's SKUs)
  std::vector<std::string> covariates;  // names of the extra covariates
  std::vector<PriceSeries> series;
  /// What each level is called in the output: a store's products pool in their category, then
  /// the store; a panel file's SKU-in-a-store series in the SKU, then all.
  std::string series_level = "product", group_level = "category", top_level = "store";
};

}  // namespace mercato::pricing
