// Plans promotions and price changes.
#include "synth/pricing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "synth/vocabulary.h"

namespace mercato::synth {

namespace {

int64_t PricePoint(double cents) {
  return std::max<int64_t>(199, std::llround(cents / 100.0) * 100 - 1);
}

std::string PromotionId(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "PR%06zu", i + 1);
  return buf;
}

}  // namespace

PriceBook::PriceBook(const Catalog& catalog, const SynthConfig& config, const Clock& clock,
                     Rng& rng)
    : catalog_(&catalog), promo_lift_(config.promo_lift) {
  const size_t n = catalog.skus.size();
  const int64_t days = clock.days();
  regular_.resize(n);
  promo_cents_.assign(n, 0);
  for (size_t k = 0; k < n; ++k) regular_[k] = catalog.skus[k].base_cents;

  // One permanent price change on some SKUs, away from the ends of the period.
  std::vector<int64_t> change_day(n, days);
  std::vector<int64_t> changed_cents(n, 0);
  for (size_t k = 0; k < n; ++k) {
    if (!rng.Bernoulli(config.price_change_share) || days < 90) continue;
    const double factor = rng.Bernoulli(0.5) ? rng.Uniform(0.8, 0.95) : rng.Uniform(1.05, 1.2);
    const int64_t day = rng.Int(30, days - 30);
    const int64_t cents = PricePoint(static_cast<double>(regular_[k]) * factor);
    if (cents == regular_[k]) continue;
    change_day[k] = day;
    changed_cents[k] = cents;
    changes_.push_back({change_day[k], static_cast<uint32_t>(k), Kind::kRegular, changed_cents[k]});
    Promotion row;
    row.id = PromotionId(rows_.size());
    row.sku = catalog.skus[k].product.sku;
    row.start = clock.DayStart(change_day[k]);
    row.price = static_cast<double>(changed_cents[k]) / 100.0;
    row.kind = "price_change";
    rows_.push_back(std::move(row));
    ++price_changes_;
  }

  // Weekly promotions on random SKUs, never overlapping a SKU's other promotion or price change.
  static constexpr int64_t kDiscounts[] = {10, 15, 20, 25, 30, 40};
  std::vector<int64_t> busy_until(n, 0);
  const int64_t per_week = std::llround(config.promo_share_per_week * static_cast<double>(n));
  for (int64_t week = 0; week * 7 < days; ++week) {
    for (int64_t i = 0; i < per_week; ++i) {
      const size_t k = rng.Index(n);
      const int64_t start = week * 7 + rng.Int(0, 6);
      const int64_t end = std::min(days, start + rng.Int(3, 14));
      const int64_t pct = kDiscounts[rng.Index(std::size(kDiscounts))];
      if (start >= days || busy_until[k] > start ||
          (change_day[k] >= start && change_day[k] <= end)) {
        continue;
      }
      busy_until[k] = end + 7;
      const int64_t regular = start >= change_day[k] ? changed_cents[k] : regular_[k];
      const int64_t promo =
          std::max<int64_t>(1, std::llround(static_cast<double>(regular) * (100 - pct) / 100.0));
      changes_.push_back({start, static_cast<uint32_t>(k), Kind::kPromoStart, promo});
      changes_.push_back({end, static_cast<uint32_t>(k), Kind::kPromoEnd, 0});
      Promotion row;
      row.id = PromotionId(rows_.size());
      row.sku = catalog.skus[k].product.sku;
      row.start = clock.DayStart(start);
      row.end = clock.DayStart(end);
      row.price = static_cast<double>(promo) / 100.0;
      row.discount_pct = static_cast<double>(pct);
      row.kind = "promotion";
      rows_.push_back(std::move(row));
    }
  }
  final_regular_ = regular_;
  for (size_t k = 0; k < n; ++k) {
    if (change_day[k] < days) final_regular_[k] = changed_cents[k];
  }
  std::stable_sort(changes_.begin(), changes_.end(),
                   [](const Change& a, const Change& b) { return a.day < b.day; });
}

double PriceBook::DemandFactor(uint32_t sku) const {
  const Sku& s = catalog_->skus[sku];
  const double ratio = static_cast<double>(PriceCents(sku)) / static_cast<double>(s.base_cents);
  const double f = std::pow(ratio, Departments()[s.dept].elasticity);
  return OnPromotion(sku) ? f * promo_lift_ : f;
}

}  // namespace mercato::synth
