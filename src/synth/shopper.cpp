// Draws subcategories, SKUs and baskets.
#include "synth/shopper.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "synth/vocabulary.h"

namespace mercato::synth {

Shopper::Shopper(const Catalog& catalog, const DemandCalendar& calendar, const PriceBook& prices,
                 double spend_p, double taste_background)
    : catalog_(&catalog),
      calendar_(&calendar),
      prices_(&prices),
      spend_p_(spend_p),
      background_(taste_background),
      position_(catalog.skus.size()) {
  for (const Subcategory& sc : catalog.subcats) {
    std::vector<double> w;
    for (uint32_t k : sc.skus) {
      position_[k] = w.size();
      w.push_back(catalog.skus[k].popularity * prices.DemandFactor(k));
    }
    samplers_.emplace_back(w);
  }
}

void Shopper::OnPriceChange(uint32_t sku) {
  const Sku& s = catalog_->skus[sku];
  samplers_[s.subcat].Set(position_[sku], s.popularity * prices_->DemandFactor(sku));
}

double Shopper::Intensity(const CustomerState& c, int64_t day) const {
  double sum = background_ * calendar_->Background(day);
  for (uint8_t j = 0; j < c.taste_count; ++j) {
    sum += c.taste_weight[j] * calendar_->Subcat(c.taste[j], day);
  }
  return sum;
}

size_t Shopper::DrawSubcat(const CustomerState& c, int64_t day, Rng& rng) const {
  double target = rng.Uniform() * Intensity(c, day);
  for (uint8_t j = 0; j < c.taste_count; ++j) {
    target -= c.taste_weight[j] * calendar_->Subcat(c.taste[j], day);
    if (target < 0) return c.taste[j];
  }
  return calendar_->DrawSubcat(day, rng.Uniform());
}

uint32_t Shopper::DrawSku(size_t subcat, Rng& rng) const {
  return catalog_->subcats[subcat].skus[samplers_[subcat].Sample(rng.Uniform())];
}

std::vector<BasketItem> Shopper::FillBasket(const CustomerState& c, int64_t day, Rng& rng) const {
  const double target = rng.Gamma(spend_p_, 1.0 / c.nu) * 100.0;  // cents
  std::vector<BasketItem> basket;
  const size_t anchor = DrawSubcat(c, day, rng);
  double value = 0;
  for (int draw = 0; draw < kMaxBasketDraws && basket.size() < kMaxBasketLines; ++draw) {
    const size_t subcat = draw == 0 || rng.Bernoulli(0.6) ? anchor : DrawSubcat(c, day, rng);
    const uint32_t sku = DrawSku(subcat, rng);
    if (std::any_of(basket.begin(), basket.end(), [&](const auto& b) { return b.sku == sku; })) {
      continue;
    }
    const double price = static_cast<double>(prices_->PriceCents(sku));
    const bool multi = Departments()[catalog_->skus[sku].dept].multi_quantity;
    const int64_t qty = multi && price * 4 < target ? rng.Int(1, 3) : 1;
    const double added = value + price * static_cast<double>(qty);
    if (!basket.empty() && added > target) {
      if (std::abs(added - target) < std::abs(value - target)) basket.push_back({sku, qty});
      break;
    }
    basket.push_back({sku, qty});
    value = added;
    if (value >= target) break;
  }
  return basket;
}

}  // namespace mercato::synth
