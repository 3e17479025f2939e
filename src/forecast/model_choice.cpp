// The safe automatic choice: rolling-origin errors of every candidate on the series' own
// history, then the best candidate's forecast of the whole history.
#include "forecast/model_choice.h"

#include <cmath>
#include <cstddef>

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
};

// In tie order. auto is the median of ets, theta and damped; at the origins it is computed from
// their forecasts rather than fitted again.
constexpr Candidate kCandidates[] = {
    {"auto", ForecastAuto, 0},     {"theta", ForecastTheta, 0},
    {"damped", ForecastDamped, 0}, {"ets", ForecastEts, 0},
    {"ses", ForecastSes, 0},       {"naive2", ForecastNaive2, 0},
    {"stlf", ForecastStlf, 2},     {"snaive", ForecastSeasonalNaive, 1},
};
constexpr size_t kAuto = 0, kTheta = 1, kDamped = 2, kEts = 3;

bool Eligible(const Candidate& c, size_t first_origin, int m) {
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
    double loss[kCount] = {};
    bool eligible[kCount];
    for (size_t c = 0; c < kCount; ++c) eligible[c] = Eligible(kCandidates[c], first_origin, m);
    for (size_t origin : origins) {
      const std::vector<double> history(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(origin));
      std::vector<double> f[kCount];
      for (size_t c = 0; c < kCount; ++c) {
        if (c == kAuto || !eligible[c]) continue;
        f[c] = kCandidates[c].fn(history, h, m);
      }
      f[kAuto] = MedianOfThree(f[kEts], f[kTheta], f[kDamped]);
      for (size_t c = 0; c < kCount; ++c) {
        if (eligible[c]) loss[c] += AbsoluteError(y, origin, f[c]);
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
