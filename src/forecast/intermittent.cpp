// Demand classification by ADI and CV² (Syntetos–Boylan) and the models for intermittent
// demand: moving average, Croston, SBA and TSB.
#include "forecast/intermittent.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mercato::forecast {
namespace {

constexpr double kAdiCutoff = 1.32;
constexpr double kCv2Cutoff = 0.49;
constexpr double kAlphas[] = {0.05, 0.1, 0.2, 0.3};

// Croston's recursions with smoothing constant `alpha`: the final size and interval estimates
// and the in-sample one-step squared error (from the first demand on).
struct CrostonFit {
  double size = 0, interval = 1, sse = 0;
};

CrostonFit RunCroston(const std::vector<double>& y, double alpha, double debias) {
  CrostonFit fit;
  bool started = false;
  int since = 1;  // periods since the last demand, counting this one
  for (double v : y) {
    if (started) {
      const double f = debias * fit.size / fit.interval;
      fit.sse += (v - f) * (v - f);
    }
    if (v > 0) {
      if (!started) {
        fit.size = v;
        fit.interval = since;
        started = true;
      } else {
        fit.size += alpha * (v - fit.size);
        fit.interval += alpha * (since - fit.interval);
      }
      since = 1;
    } else {
      ++since;
    }
  }
  return fit;
}

// `sba`: apply the 1 − α/2 factor (in the fit as well, so α is chosen for the debiased model).
std::vector<double> CrostonFamily(const std::vector<double>& y, int h, bool sba) {
  CrostonFit best;
  double best_alpha = 0;
  best.sse = std::numeric_limits<double>::infinity();
  for (double alpha : kAlphas) {
    const CrostonFit fit = RunCroston(y, alpha, sba ? 1 - alpha / 2 : 1.0);
    if (fit.sse < best.sse) {
      best = fit;
      best_alpha = alpha;
    }
  }
  const double factor = sba ? 1 - best_alpha / 2 : 1.0;
  return std::vector<double>(static_cast<size_t>(h), factor * best.size / best.interval);
}

struct TsbFit {
  double size = 0, prob = 0, sse = 0;
};

TsbFit RunTsb(const std::vector<double>& y, double alpha, double beta) {
  TsbFit fit;
  // Initial states: the mean non-zero size and the share of periods with demand.
  double total = 0, count = 0;
  for (double v : y) {
    if (v > 0) {
      total += v;
      ++count;
    }
  }
  if (count == 0) return fit;
  fit.size = total / count;
  fit.prob = count / static_cast<double>(y.size());
  for (double v : y) {
    const double f = fit.prob * fit.size;
    fit.sse += (v - f) * (v - f);
    if (v > 0) {
      fit.prob += beta * (1 - fit.prob);
      fit.size += alpha * (v - fit.size);
    } else {
      fit.prob -= beta * fit.prob;
    }
  }
  return fit;
}

}  // namespace

std::string_view DemandClassName(DemandClass c) {
  switch (c) {
    case DemandClass::kSmooth:
      return "smooth";
    case DemandClass::kErratic:
      return "erratic";
    case DemandClass::kIntermittent:
      return "intermittent";
    case DemandClass::kLumpy:
      return "lumpy";
  }
  return "smooth";
}

DemandProfile ClassifyDemand(const std::vector<double>& y) {
  DemandProfile p;
  double sum = 0, sum2 = 0, count = 0;
  for (double v : y) {
    if (v > 0) {
      sum += v;
      sum2 += v * v;
      ++count;
    }
  }
  if (count == 0) {
    p.adi = std::numeric_limits<double>::infinity();
    p.demand_class = DemandClass::kLumpy;
    return p;
  }
  p.adi = static_cast<double>(y.size()) / count;
  if (count >= 2) {
    const double mean = sum / count;
    const double var = std::max(0.0, (sum2 - count * mean * mean) / (count - 1));
    p.cv2 = var / (mean * mean);
  }
  const bool intermittent = p.adi >= kAdiCutoff, erratic = p.cv2 >= kCv2Cutoff;
  p.demand_class = intermittent ? (erratic ? DemandClass::kLumpy : DemandClass::kIntermittent)
                                : (erratic ? DemandClass::kErratic : DemandClass::kSmooth);
  return p;
}

std::vector<double> ForecastMovingAverage(const std::vector<double>& y, int h, int window) {
  const size_t k = std::min(y.size(), static_cast<size_t>(std::max(window, 1)));
  double sum = 0;
  for (size_t i = y.size() - k; i < y.size(); ++i) sum += y[i];
  return std::vector<double>(static_cast<size_t>(h), k == 0 ? 0.0 : sum / static_cast<double>(k));
}

std::vector<double> ForecastMovingMedian(const std::vector<double>& y, int h, int window) {
  const size_t k = std::min(y.size(), static_cast<size_t>(std::max(window, 1)));
  std::vector<double> last(y.end() - static_cast<std::ptrdiff_t>(k), y.end());
  std::sort(last.begin(), last.end());
  double median = 0;
  if (k > 0) median = k % 2 == 1 ? last[k / 2] : 0.5 * (last[k / 2 - 1] + last[k / 2]);
  return std::vector<double>(static_cast<size_t>(h), median);
}

std::vector<double> ForecastCroston(const std::vector<double>& y, int h) {
  return CrostonFamily(y, h, false);
}

std::vector<double> ForecastSba(const std::vector<double>& y, int h) {
  return CrostonFamily(y, h, true);
}

std::vector<double> ForecastTsb(const std::vector<double>& y, int h) {
  TsbFit best;
  best.sse = std::numeric_limits<double>::infinity();
  for (double alpha : kAlphas) {
    for (double beta : kAlphas) {
      const TsbFit fit = RunTsb(y, alpha, beta);
      if (fit.sse < best.sse) best = fit;
    }
  }
  return std::vector<double>(static_cast<size_t>(h), best.prob * best.size);
}

}  // namespace mercato::forecast
