// Builds the synthetic catalog from the department tables.
#include "synth/catalog.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/text.h"
#include "synth/vocabulary.h"

namespace mercato::synth {

namespace {

std::string Capitalize(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::string TitleCase(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    if ((i == 0 || out[i - 1] == ' ') && out[i] >= 'a' && out[i] <= 'z') {
      out[i] = static_cast<char>(out[i] - 32);
    }
  }
  return out;
}

std::string Pick(const std::vector<std::string_view>& words, Rng& rng) {
  return std::string(words[rng.Index(words.size())]);
}

// Regular price in cents: log-normal, rounded to a .99 price point.
int64_t DrawPriceCents(const DepartmentSpec& d, Rng& rng) {
  const double dollars = rng.LogNormal(std::log(d.price_median), d.price_sigma);
  return std::max<int64_t>(199, static_cast<int64_t>(std::llround(dollars)) * 100 - 1);
}

int64_t RoundCents(double cents) { return static_cast<int64_t>(std::llround(cents)); }

void FillProduct(const DepartmentSpec& d, const SubcategorySpec& spec, const std::string& path,
                 size_t index, Sku& sku, const Clock& clock, Rng& rng) {
  const std::string brand = Pick(d.brands, rng);
  const std::string material = Pick(d.materials, rng);
  sku.adjective = Pick(d.adjectives, rng);
  const size_t other = (rng.Index(d.adjectives.size() - 1) + 1);
  const auto first_pos = std::find(d.adjectives.begin(), d.adjectives.end(), sku.adjective);
  const std::string adj2(
      d.adjectives[(static_cast<size_t>(first_pos - d.adjectives.begin()) + other) %
                   d.adjectives.size()]);
  sku.noun = Pick(spec.nouns, rng);
  sku.use = Pick(d.uses, rng);
  if (d.has_color) sku.color = Pick(Colors(), rng);

  Product& p = sku.product;
  p.sku = SkuId(index);
  char buf[32];
  std::snprintf(buf, sizeof buf, "P%05zu", index + 1);
  p.product_id = buf;
  p.title = brand + " " + TitleCase(sku.adjective) + " " + TitleCase(material) + " " +
            TitleCase(sku.noun);
  const bool vowel = std::string_view("aeiou").find(sku.adjective[0]) != std::string_view::npos;
  const std::string first = d.has_color
                                ? std::string(vowel ? "An " : "A ") + sku.adjective + " " +
                                      sku.noun + " in " + sku.color + ", made of " + material + "."
                                : Capitalize(sku.adjective) + " " + material + " " + sku.noun + ".";
  p.description = first + " " + Capitalize(adj2) + " and " + sku.adjective + ", " + sku.use +
                  ". By " + brand + ".";
  p.brand = brand;
  p.category = path;
  nlohmann::json attrs = {{"material", material}, {"features", {sku.adjective, adj2}}};
  if (d.has_color) attrs["color"] = sku.color;
  p.attributes = attrs.dump();
  p.tags = ToLower(d.name) + "," + ToLower(spec.name) + "," + sku.adjective;
  p.currency = "USD";
  p.created_at = clock.start() - rng.Int(30, 720) * kSecondsPerDay;
  p.status = "active";
  p.url = "https://shop.example.com/products/" + p.sku;
  p.image_url = "https://shop.example.com/images/" + p.sku + ".jpg";

  sku.base_cents = DrawPriceCents(d, rng);
  p.cost =
      RoundCents(static_cast<double>(sku.base_cents) * d.cost_ratio * rng.Uniform(0.85, 1.15)) /
      100.0;
  if (rng.Bernoulli(0.2)) {
    p.compare_at_price =
        (RoundCents(static_cast<double>(sku.base_cents) * rng.Uniform(1.15, 1.5) / 100.0) * 100 -
         1) /
        100.0;
  }
}

}  // namespace

std::string SkuId(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "SKU-%05zu", i + 1);
  return buf;
}

Catalog BuildCatalog(int64_t sku_count, const Clock& clock, Rng& rng) {
  Catalog cat;
  const auto& depts = Departments();
  int64_t assigned = 0;
  for (size_t di = 0; di < depts.size(); ++di) {
    const DepartmentSpec& d = depts[di];
    const int64_t n = di + 1 == depts.size()
                          ? sku_count - assigned
                          : std::llround(static_cast<double>(sku_count) * d.sku_share);
    assigned += n;
    const int64_t n_sub = static_cast<int64_t>(d.subcategories.size());
    std::vector<int64_t> prices;
    for (int64_t s = 0; s < n_sub; ++s) {
      const SubcategorySpec& spec = d.subcategories[s];
      Subcategory sc;
      sc.dept = static_cast<int>(di);
      sc.path = std::string(d.name) + " > " + std::string(spec.name);
      const int64_t count = n / n_sub + (s < n % n_sub ? 1 : 0);
      // Zipf popularity over a random ranking of the subcategory's SKUs.
      std::vector<int64_t> ranks(count);
      for (int64_t k = 0; k < count; ++k) ranks[k] = k;
      for (int64_t k = count - 1; k > 0; --k) std::swap(ranks[k], ranks[rng.Index(k + 1)]);
      for (int64_t k = 0; k < count; ++k) {
        const size_t index = cat.skus.size();
        Sku sku;
        sku.dept = static_cast<int>(di);
        sku.subcat = static_cast<int>(cat.subcats.size());
        sku.popularity = 1.0 / std::pow(static_cast<double>(ranks[k] + 1), kZipfExponent);
        FillProduct(d, spec, sc.path, index, sku, clock, rng);
        prices.push_back(sku.base_cents);
        sc.skus.push_back(static_cast<uint32_t>(index));
        cat.skus.push_back(std::move(sku));
      }
      cat.subcats.push_back(std::move(sc));
    }
    std::sort(prices.begin(), prices.end());
    cat.dept_median_cents.push_back(prices.empty() ? 0 : prices[prices.size() / 2]);
  }
  return cat;
}

std::string SearchQuery(const Sku& sku, Rng& rng) {
  switch (rng.Index(4)) {
    case 0:
      return sku.adjective + " " + sku.noun;
    case 1:
      return sku.noun + " " + sku.use;
    case 2:
      return sku.color.empty() ? sku.noun : sku.color + " " + sku.noun;
    default:
      return sku.adjective + " " + sku.noun + " " + sku.use;
  }
}

}  // namespace mercato::synth
