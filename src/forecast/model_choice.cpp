// The safe automatic choice: rolling-origin errors of every candidate on the series' own
// history, then the best candidate's forecast of the whole history.
#include "forecast/model_choice.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "forecast/intermittent.h"
#include "forecast/models.h"

namespace mercato::forecast {
namespace {

constexpr size_t kOrigins = 3;
constexpr size_t kMinHistory = 4;

struct Candidate {
  std::string_view name;
  ModelFn fn;
  // Whole cycles every origin must have before it (0: none; 2 means more than two).
  int cycles;
  // The candidates of a history with a period without demand (a zero): the moving average and
  // median and the intermittent-demand models replace the smooth ones there, which on SKU demand
  // that pauses trail them and only add selection noise (UCI Online Retail in bench/REPORT.md);
  // the seasonal ones compete on both kinds of history.
  bool pausing_only = false;
};

// In tie order. auto is the median of ets, theta and damped; at the origins it is computed from
// their forecasts rather than fitted again.
constexpr Candidate kCandidates[] = {
    {"auto", ForecastAuto, 0},
    {"theta", ForecastTheta, 0},
    {"damped", ForecastDamped, 0},
    {"ets", ForecastEts, 0},
    {"ses", ForecastSes, 0},
    {"naive2", ForecastNaive2, 0},
    {"stlf", ForecastStlf, 2},
    {"snaive", ForecastSeasonalNaive, 1},
    {"median", ForecastMedian, 0, true},
    {"ma", ForecastMa, 0, true},
    {"tsb", [](const std::vector<double>& y, int h, int) { return ForecastTsb(y, h); }, 0, true},
    {"sba", [](const std::vector<double>& y, int h, int) { return ForecastSba(y, h); }, 0, true},
};
constexpr size_t kAuto = 0, kTheta = 1, kDamped = 2, kEts = 3, kMedian = 8;

bool Eligible(const Candidate& c, size_t first_origin, int m, bool pausing) {
  if (c.pausing_only != pausing && c.cycles == 0) return false;
  if (pausing && c.cycles > 0 && m < 2) return false;  // without a cycle, snaive is naive
  const auto cycle = static_cast<size_t>(m);
  if (c.cycles == 2) return m >= 2 && first_origin > 2 * cycle;
  if (c.cycles == 1) return first_origin >= cycle;
  return true;
}

double AbsoluteError(const std::vector<double>& y, size_t origin, const std::vector<double>& f) {
  double sum = 0;
  for (size_t j = 0; j < f.size(); ++j) {
    const double e = y[origin + j] - f[j];
    sum += std::isfinite(e) ? std::abs(e) : HUGE_VAL;
  }
  return sum;
}

// The index in kCandidates of the model ChooseModel picks.
size_t BestCandidate(const std::vector<double>& y, int h, int m) {
  const size_t n = y.size(), steps = static_cast<size_t>(h);
  std::vector<size_t> origins;
  for (size_t j = 1; j <= kOrigins && j * steps + kMinHistory <= n; ++j) {
    origins.push_back(n - j * steps);
  }
  constexpr size_t kCount = std::size(kCandidates);
  size_t best = kAuto;
  if (!origins.empty()) {
    const size_t first_origin = origins.back();
    const bool pausing = std::find(y.begin(), y.end(), 0.0) != y.end();
    double loss[kCount] = {};
    bool eligible[kCount];
    for (size_t c = 0; c < kCount; ++c) {
      eligible[c] = Eligible(kCandidates[c], first_origin, m, pausing);
    }
    if (pausing) best = kMedian;  // auto is not a candidate of such a history
    for (size_t origin : origins) {
      const std::vector<double> history(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(origin));
      std::vector<double> f[kCount];
      for (size_t c = 0; c < kCount; ++c) {
        if (c == kAuto || !eligible[c]) continue;
        f[c] = kCandidates[c].fn(history, h, m);
      }
      if (eligible[kAuto]) f[kAuto] = MedianOfThree(f[kEts], f[kTheta], f[kDamped]);
      for (size_t c = 0; c < kCount; ++c) {
        if (eligible[c]) loss[c] += AbsoluteError(y, origin, f[c]);
      }
    }
    // Ties: for demand that pauses, to its own candidates first (many forecast the origins'
    // zeros alike, where seasonal naive would carry a cycle-old sale on); else in kCandidates'
    // order.
    if (pausing) {
      for (size_t c = 0; c < kCount; ++c) {
        if (eligible[c] && kCandidates[c].pausing_only && loss[c] <= loss[best]) {
          best = loss[c] < loss[best] || !kCandidates[best].pausing_only ? c : best;
        }
      }
    }
    for (size_t c = 0; c < kCount; ++c) {
      if (eligible[c] && loss[c] < loss[best]) best = c;
    }
  }
  return best;
}

}  // namespace

std::string_view ChooseModel(const std::vector<double>& y, int h, int m) {
  return kCandidates[BestCandidate(y, h, m)].name;
}

std::vector<double> ForecastSafe(const std::vector<double>& y, int h, int m) {
  return kCandidates[BestCandidate(y, h, m)].fn(y, h, m);
}

}  // namespace mercato::forecast
