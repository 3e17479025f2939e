// Precomputes the demand calendar from the department tables and the price schedule.
#include "synth/demand.h"

#include <cmath>
#include <numbers>

#include "synth/vocabulary.h"

namespace mercato::synth {

const std::array<double, 7>& DemandCalendar::WeekdayMultipliers() {
  static const std::array<double, 7> m{0.95, 0.93, 0.95, 0.98, 1.02, 1.05, 1.12};
  return m;
}

DemandCalendar::DemandCalendar(const Catalog& catalog, const Clock& clock, PriceBook prices)
    : catalog_(&catalog), clock_(&clock), n_(catalog.subcats.size()) {
  const int64_t days = clock.days();
  std::vector<double> base(n_, 0.0), z(n_, 0.0);
  std::vector<double> factor(catalog.skus.size(), 1.0);
  for (size_t k = 0; k < catalog.skus.size(); ++k) {
    base[catalog.skus[k].subcat] += catalog.skus[k].popularity;
  }
  z = base;
  table_.resize(static_cast<size_t>(days) * n_);
  background_.resize(days);
  max_.assign(n_, 0.0);
  for (int64_t d = 0; d < days; ++d) {
    prices.AdvanceTo(d, [&](uint32_t k) {
      const Sku& s = catalog.skus[k];
      const double f = prices.DemandFactor(k);
      z[s.subcat] += s.popularity * (f - factor[k]);
      factor[k] = f;
    });
    double sum = 0;
    for (size_t c = 0; c < n_; ++c) {
      const double v = SeasonTrend(catalog.subcats[c].dept, d) * z[c] / base[c];
      table_[d * n_ + c] = v;
      max_[c] = std::max(max_[c], v);
      sum += v;
    }
    background_[d] = sum / static_cast<double>(n_);
    max_background_ = std::max(max_background_, background_[d]);
  }
}

double DemandCalendar::SeasonTrend(int dept, int64_t day) const {
  const DepartmentSpec& d = Departments()[dept];
  const double phase =
      2.0 * std::numbers::pi * (clock_->DayOfYear(day) - d.season_peak_day) / 365.25;
  const double mid = static_cast<double>(clock_->days() - 1) / 2.0;
  return (1.0 + d.season_amplitude * std::cos(phase)) *
         std::exp(d.trend_per_year * (static_cast<double>(day) - mid) / 365.0);
}

size_t DemandCalendar::DrawSubcat(int64_t day, double u) const {
  double target = u * background_[day] * static_cast<double>(n_);
  for (size_t c = 0; c + 1 < n_; ++c) {
    target -= table_[day * n_ + c];
    if (target < 0) return c;
  }
  return n_ - 1;
}

double DemandCalendar::FutureSum(size_t c, int64_t horizon) const {
  double sum = 0;
  for (int64_t d = clock_->days(); d < clock_->days() + horizon; ++d) {
    sum += Weekday(d) * SeasonTrend(catalog_->subcats[c].dept, d);
  }
  return sum;
}

double DemandCalendar::FutureBackgroundSum(int64_t horizon) const {
  double sum = 0;
  for (size_t c = 0; c < n_; ++c) sum += FutureSum(c, horizon);
  return sum / static_cast<double>(n_);
}

}  // namespace mercato::synth
