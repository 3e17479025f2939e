// The planted demand calendar: weekday, seasonality and trend per department, and the price factor
// per subcategory, combined into the multiplier S_c(d) of subcategory c's purchase intensity.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "synth/catalog.h"
#include "synth/clock.h"
#include "synth/pricing.h"

namespace mercato::synth {

class DemandCalendar {
 public:
  /// `prices` is replayed on a copy to know every day's price factor in advance.
  DemandCalendar(const Catalog& catalog, const Clock& clock, PriceBook prices);

  /// Day-of-week multiplier (mean 1), Monday first.
  static const std::array<double, 7>& WeekdayMultipliers();
  double Weekday(int64_t day) const { return WeekdayMultipliers()[clock_->Weekday(day)]; }
  /// Seasonality × trend of a department on a day (days past the period extrapolate).
  double SeasonTrend(int dept, int64_t day) const;
  /// S_c(d) = season × trend × Z_c(d)/Z_c(base): the last factor is the popularity-weighted mean
  /// price/promotion factor of the subcategory's SKUs, so a promotion adds demand instead of
  /// only moving it between SKUs.
  double Subcat(size_t c, int64_t day) const { return table_[day * n_ + c]; }
  /// Mean of S_c(d) over all subcategories.
  double Background(int64_t day) const { return background_[day]; }
  /// A subcategory drawn with probability ∝ S_c(d), given u uniform on [0, 1).
  size_t DrawSubcat(int64_t day, double u) const;
  double MaxSubcat(size_t c) const { return max_[c]; }
  double MaxBackground() const { return max_background_; }
  /// Σ over the `horizon` days after the period of Weekday × SeasonTrend (no promotions):
  /// per subcategory, and averaged over subcategories.
  double FutureSum(size_t c, int64_t horizon) const;
  double FutureBackgroundSum(int64_t horizon) const;

 private:
  const Catalog* catalog_;
  const Clock* clock_;
  size_t n_;
  std::vector<double> table_;       // days × subcategories
  std::vector<double> background_;  // per day
  std::vector<double> max_;
  double max_background_ = 0;
};

}  // namespace mercato::synth
