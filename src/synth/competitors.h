// Competitor price observations: a few competitors, each watching a subset of SKUs weekly, priced
// around our regular price with noise and occasional sales of their own (competitor_prices.csv).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "synth/catalog.h"
#include "synth/clock.h"
#include "synth/output.h"
#include "synth/pricing.h"
#include "synth/random.h"

namespace mercato::synth {

struct CompetitorSpec {
  std::string_view name;
  std::string_view host;
  double price_level;  // their price / our regular price, before noise
};

const std::vector<CompetitorSpec>& Competitors();
/// Share of our SKUs each competitor watches; noise (log sd) and sale frequency of observations.
constexpr double kCompetitorCoverage = 0.25;
constexpr double kCompetitorNoise = 0.05;
constexpr double kCompetitorSaleProb = 0.05;
constexpr double kCompetitorSaleFactor = 0.8;

class CompetitorWatch {
 public:
  CompetitorWatch(const Catalog& catalog, Rng& rng);
  /// Writes the observations of `day` (on Wednesdays; no-op on other days).
  void Observe(int64_t day, const PriceBook& prices, const Clock& clock, Rng& rng,
               Sinks& sinks) const;

 private:
  const Catalog* catalog_;
  std::vector<std::vector<uint32_t>> watched_;  // per competitor
};

}  // namespace mercato::synth
