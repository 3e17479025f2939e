// The compound-Poisson demand model: order lines arrive as a Poisson process at a smoothed
// recent rate, and each line's units are resampled from the SKU's own past lines. Its
// simulated per-period distribution gives the mean, the P50 (the forecast that minimises the
// absolute error, hence WAPE) and the P90/P95 of lumpy, wholesale-style demand.
#pragma once

#include <vector>

namespace mercato::forecast {

/// What the compound model reads: order lines per observed period and the units of every past
/// line (in any order).
struct OrderLineHistory {
  std::vector<double> lines_per_period;
  std::vector<double> line_units;
};

/// One period's demand distribution (every future period gets the same one).
struct CompoundForecast {
  double rate = 0;  // order lines per period
  double mean = 0;  // rate × mean units per line
  double p50 = 0, p90 = 0, p95 = 0;
};

/// The rate is simple exponential smoothing of the lines per period, started at the mean of the
/// first 4 periods, with the smoothing constant of {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8} that has
/// the lowest in-sample one-step squared error (ties: the smaller); the quantiles come from 4,000
/// simulated periods: a Poisson number of lines, each with the units of a past line drawn at random
/// (Willemain, Smart & Schwarz 2004 bootstrap the sizes the same way). Seeded from the history, so
/// the result is reproducible. All zeros without a past line.
CompoundForecast ForecastCompound(const OrderLineHistory& history);

}  // namespace mercato::forecast
