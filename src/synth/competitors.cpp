// Weekly competitor price observations.
#include "synth/competitors.h"

#include <cmath>

namespace mercato::synth {

const std::vector<CompetitorSpec>& Competitors() {
  static const std::vector<CompetitorSpec> c{{"ShopRival", "shoprival.example", 0.97},
                                             {"MegaMart Online", "megamart.example", 1.02},
                                             {"BargainBay", "bargainbay.example", 0.92}};
  return c;
}

CompetitorWatch::CompetitorWatch(const Catalog& catalog, Rng& rng)
    : catalog_(&catalog), watched_(Competitors().size()) {
  for (auto& list : watched_) {
    for (size_t k = 0; k < catalog.skus.size(); ++k) {
      if (rng.Bernoulli(kCompetitorCoverage)) list.push_back(static_cast<uint32_t>(k));
    }
  }
}

void CompetitorWatch::Observe(int64_t day, const PriceBook& prices, const Clock& clock, Rng& rng,
                              Sinks& sinks) const {
  if (clock.Weekday(day) != 2) return;
  for (size_t c = 0; c < watched_.size(); ++c) {
    const CompetitorSpec& spec = Competitors()[c];
    for (uint32_t k : watched_[c]) {
      double cents = static_cast<double>(prices.RegularCents(k)) * spec.price_level *
                     rng.LogNormal(0.0, kCompetitorNoise);
      if (rng.Bernoulli(kCompetitorSaleProb)) cents *= kCompetitorSaleFactor;
      CompetitorPrice row;
      row.sku = catalog_->skus[k].product.sku;
      row.competitor = std::string(spec.name);
      row.ts = clock.ToTimestamp(static_cast<double>(day) + 0.4);
      row.price =
          static_cast<double>(std::max<int64_t>(99, std::llround(cents / 100.0) * 100 - 1)) / 100.0;
      row.url = "https://" + std::string(spec.host) + "/p/" + row.sku;
      sinks.Write(row);
    }
  }
}

}  // namespace mercato::synth
