// Planted prices over time: temporary promotions (% off) and permanent price changes per SKU, and
// the demand multiplier they imply through each department's price elasticity.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/entities.h"
#include "synth/catalog.h"
#include "synth/clock.h"
#include "synth/generator.h"
#include "synth/random.h"

namespace mercato::synth {

class PriceBook {
 public:
  /// Plans every promotion and price change of the period.
  PriceBook(const Catalog& catalog, const SynthConfig& config, const Clock& clock, Rng& rng);

  /// The promotions.csv rows.
  const std::vector<Promotion>& promotions() const { return rows_; }
  int64_t price_changes() const { return price_changes_; }

  /// Applies the changes effective at the start of `day` (days must not go backwards), calling
  /// on_change(sku) for each SKU whose price changed.
  template <class OnChange>
  void AdvanceTo(int64_t day, OnChange&& on_change) {
    while (next_ < changes_.size() && changes_[next_].day <= day) {
      const Change& c = changes_[next_++];
      if (c.kind == Kind::kRegular) regular_[c.sku] = c.cents;
      if (c.kind == Kind::kPromoStart) promo_cents_[c.sku] = c.cents;
      if (c.kind == Kind::kPromoEnd) promo_cents_[c.sku] = 0;
      on_change(c.sku);
    }
  }

  /// Selling price now: the promotional price while a promotion runs.
  int64_t PriceCents(uint32_t sku) const {
    return promo_cents_[sku] > 0 ? promo_cents_[sku] : regular_[sku];
  }
  int64_t RegularCents(uint32_t sku) const { return regular_[sku]; }
  /// Regular price at the end of the period, after every planned price change.
  int64_t FinalRegularCents(uint32_t sku) const { return final_regular_[sku]; }
  bool OnPromotion(uint32_t sku) const { return promo_cents_[sku] > 0; }
  /// (price / base price)^elasticity × (promo_lift while on promotion).
  double DemandFactor(uint32_t sku) const;

 private:
  enum class Kind { kRegular, kPromoStart, kPromoEnd };
  struct Change {
    int64_t day;
    uint32_t sku;
    Kind kind;
    int64_t cents;
  };

  const Catalog* catalog_;
  double promo_lift_;
  std::vector<Change> changes_;  // sorted by day
  size_t next_ = 0;
  std::vector<int64_t> regular_, promo_cents_, final_regular_;
  std::vector<Promotion> rows_;
  int64_t price_changes_ = 0;
};

}  // namespace mercato::synth
