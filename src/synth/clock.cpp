// Simulation clock: day arithmetic and the warped time of day.
#include "synth/clock.h"

#include <algorithm>
#include <cmath>

namespace mercato::synth {

const std::array<double, 24>& Clock::HourWeights() {
  static const std::array<double, 24> w{0.5, 0.3, 0.2, 0.2, 0.2, 0.3, 0.6, 1.0, 1.3, 1.4, 1.4, 1.5,
                                        1.7, 1.6, 1.5, 1.5, 1.6, 1.8, 2.0, 2.3, 2.5, 2.3, 1.7, 1.0};
  return w;
}

Clock::Clock(Timestamp start, int64_t days) : start_(start), days_(days), first_day_(DayOf(start)) {
  const auto& w = HourWeights();
  double total = 0;
  for (double x : w) total += x;
  for (size_t h = 0; h < w.size(); ++h) {
    cum_[h + 1] = cum_[h] + w[h] / total;
    factor_[h] = w[h] * 24.0 / total;
    max_hour_factor_ = std::max(max_hour_factor_, factor_[h]);
  }
  cum_[24] = 1.0;
}

Timestamp Clock::ToTimestamp(double t) const {
  return start_ + static_cast<int64_t>(std::floor(t * static_cast<double>(kSecondsPerDay)));
}

double Clock::HourFactor(double t) const {
  const double f = t - std::floor(t);
  return factor_[std::min<size_t>(23, static_cast<size_t>(f * 24.0))];
}

double Clock::TimeOfDay(double u) const {
  const size_t h = std::min<size_t>(
      23,
      static_cast<size_t>(std::upper_bound(cum_.begin() + 1, cum_.end(), u) - cum_.begin() - 1));
  const double within = std::clamp((u - cum_[h]) / (cum_[h + 1] - cum_[h]), 0.0, 1.0);
  return std::min((static_cast<double>(h) + within) / 24.0, 1.0 - 1e-9);
}

int Clock::Weekday(int64_t day) const { return static_cast<int>((first_day_ + day + 3) % 7); }

int Clock::DayOfYear(int64_t day) const {
  const int64_t abs_day = first_day_ + day;
  return static_cast<int>(abs_day - DaysFromCivil(CivilFromDays(abs_day).year, 1, 1));
}

}  // namespace mercato::synth
