// The synthetic catalog: a department > subcategory tree and SKUs with word-list titles and
// descriptions, log-normal prices and Zipf popularity within each subcategory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/entities.h"
#include "synth/clock.h"
#include "synth/random.h"

namespace mercato::synth {

/// Exponent of the Zipf popularity of SKUs within a subcategory (weight 1 / rank^s).
constexpr double kZipfExponent = 1.0;

struct Sku {
  int dept = 0;
  int subcat = 0;
  int64_t base_cents = 0;  // regular price at the start: the reference of the price elasticity
  double popularity = 0;   // Zipf weight within the subcategory
  int supplier = -1;
  Product product;  // the catalog row; its price is set when products.csv is written
  std::string adjective, noun, use, color;
};

struct Subcategory {
  int dept = 0;
  std::string path;  // "Footwear > Work Shoes"
  std::vector<uint32_t> skus;
};

struct Catalog {
  std::vector<Subcategory> subcats;
  std::vector<Sku> skus;
  std::vector<int64_t> dept_median_cents;  // median regular price per department
};

/// Id of the i-th SKU: SKU-00001, ...
std::string SkuId(size_t i);

Catalog BuildCatalog(int64_t sku_count, const Clock& clock, Rng& rng);

/// A search query someone looking for `sku` might type, from its words (lower case).
std::string SearchQuery(const Sku& sku, Rng& rng);

}  // namespace mercato::synth
