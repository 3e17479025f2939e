// Simulation time: days since the period start (a double) mapped to UTC timestamps, and the daily
// rhythm of activity (quiet nights, busy evenings).
#pragma once

#include <array>
#include <cstdint>

#include "common/time.h"

namespace mercato::synth {

class Clock {
 public:
  /// `start` must be midnight UTC.
  Clock(Timestamp start, int64_t days);

  /// Timestamp of simulation time t (days since start), to the second.
  Timestamp ToTimestamp(double t) const;
  /// Activity multiplier of the hour containing t (mean 1 over a day).
  double HourFactor(double t) const;
  double MaxHourFactor() const { return max_hour_factor_; }
  /// A time of day (fraction in [0, 1)) following the hourly profile, given u uniform on [0, 1).
  double TimeOfDay(double u) const;
  Timestamp DayStart(int64_t day) const { return start_ + day * kSecondsPerDay; }
  /// 0 = Monday ... 6 = Sunday.
  int Weekday(int64_t day) const;
  /// 0-based day of the year.
  int DayOfYear(int64_t day) const;

  Timestamp start() const { return start_; }
  /// End of the period (exclusive): the calibration end.
  Timestamp end() const { return DayStart(days_); }
  int64_t days() const { return days_; }

  /// Relative activity per hour of day (UTC), as planted.
  static const std::array<double, 24>& HourWeights();

 private:
  Timestamp start_;
  int64_t days_;
  int64_t first_day_;             // days since epoch of the start
  std::array<double, 25> cum_{};  // cumulative hour weights, normalized to 1
  std::array<double, 24> factor_{};
  double max_hour_factor_ = 0;
};

}  // namespace mercato::synth
