// What customers buy and look at: a subcategory by taste × demand calendar, then a SKU by
// popularity × price/promotion factor, and baskets filled up to a Gamma-Gamma spend.
#pragma once

#include <cstdint>
#include <vector>

#include "synth/catalog.h"
#include "synth/customers.h"
#include "synth/demand.h"
#include "synth/pricing.h"
#include "synth/random.h"
#include "synth/weighted_sampler.h"

namespace mercato::synth {

/// Basket limits: lines per order and SKU draws per basket.
constexpr size_t kMaxBasketLines = 8;
constexpr int kMaxBasketDraws = 20;

struct BasketItem {
  uint32_t sku = 0;
  int64_t qty = 0;
};

class Shopper {
 public:
  Shopper(const Catalog& catalog, const DemandCalendar& calendar, const PriceBook& prices,
          double spend_p, double taste_background);

  /// Refreshes a SKU's weight after its price changed.
  void OnPriceChange(uint32_t sku);
  /// Σ_j w_j·S_{c_j}(d) + background·mean_c S_c(d): the customer's intensity multiplier before
  /// the weekday factor.
  double Intensity(const CustomerState& c, int64_t day) const;
  size_t DrawSubcat(const CustomerState& c, int64_t day, Rng& rng) const;
  uint32_t DrawSku(size_t subcat, Rng& rng) const;
  uint32_t DrawTasteSku(const CustomerState& c, int64_t day, Rng& rng) const {
    return DrawSku(DrawSubcat(c, day, rng), rng);
  }
  /// Items until their value reaches a spend z ~ Gamma(shape p, rate ν_i); the last item is
  /// kept only when it brings the value closer to z.
  std::vector<BasketItem> FillBasket(const CustomerState& c, int64_t day, Rng& rng) const;

 private:
  const Catalog* catalog_;
  const DemandCalendar* calendar_;
  const PriceBook* prices_;
  double spend_p_;
  double background_;
  std::vector<WeightedSampler> samplers_;  // per subcategory
  std::vector<size_t> position_;           // SKU → index within its subcategory
};

}  // namespace mercato::synth
