// Demand rate estimation for inventory planning.
#include "inventory/demand_estimate.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mercato::inventory {

namespace {

constexpr int kMinModelWeeks = 8;
constexpr int kHoldoutWeeks = 8;
constexpr size_t kYearWeeks = 52;

double Mean(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double SampleSd(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  const double m = Mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

// The yearly cycle once the weeks hold two of them, so the seasonal models can see it; none
// before (one cycle cannot tell a season from noise).
int SeasonOf(const std::vector<double>& weeks) {
  return weeks.size() >= 2 * kYearWeeks ? static_cast<int>(kYearWeeks) : 1;
}

double ForecastMean(forecast::ModelFn model, const std::vector<double>& y, int h) {
  const std::vector<double> f = model(y, h, SeasonOf(y));
  return std::max(0.0, Mean(f));
}

}  // namespace

std::vector<double> CensoredWeeklyDemand(const std::vector<double>& daily_sales,
                                         const std::vector<bool>& out_of_stock) {
  const size_t weeks = daily_sales.size() / 7;
  const size_t offset = daily_sales.size() - weeks * 7;
  std::vector<double> values;
  std::vector<bool> censored;
  for (size_t w = 0; w < weeks; ++w) {
    double sum = 0;
    int in_stock = 0;
    for (size_t d = offset + 7 * w; d < offset + 7 * (w + 1); ++d) {
      if (out_of_stock[d]) continue;
      sum += daily_sales[d];
      ++in_stock;
    }
    values.push_back(in_stock > 0 ? sum * 7.0 / in_stock : 0.0);
    censored.push_back(in_stock == 0);
  }
  double kept = 0;
  int n_kept = 0;
  for (size_t w = 0; w < values.size(); ++w) {
    if (!censored[w]) kept += values[w], ++n_kept;
  }
  const double fill = n_kept > 0 ? kept / n_kept : 0.0;
  for (size_t w = 0; w < values.size(); ++w) {
    if (censored[w]) values[w] = fill;
  }
  return values;
}

DemandEstimate EstimateDemand(const InventoryData& data, int32_t item, int64_t as_of_day,
                              double horizon_days, forecast::ModelFn model,
                              const InventoryOptions& options) {
  DemandEstimate est;
  // The series starts at the SKU's first sale ever (its launch), at most history_weeks back.
  const int64_t launch = data.FirstSaleDay(item);
  if (launch < 0) return est;
  const int64_t from =
      std::max(launch, as_of_day - 7 * static_cast<int64_t>(options.history_weeks));
  if (as_of_day <= from) return est;
  const std::vector<double> sales = data.DailySales(item, from, as_of_day);
  for (size_t d = sales.size(); d-- > 0;) {
    if (sales[d] > 0) {
      est.last_sale_day = from + static_cast<int64_t>(d);
      break;
    }
  }
  const std::vector<double> weeks =
      CensoredWeeklyDemand(sales, data.OutOfStock(item, from, as_of_day));
  est.weeks = static_cast<int>(weeks.size());
  if (weeks.empty() || est.last_sale_day < 0) return est;
  double mean_week, sd_week;
  if (est.weeks < kMinModelWeeks) {
    mean_week = Mean(weeks);
    sd_week = SampleSd(weeks);
  } else {
    const int h = std::max(1, static_cast<int>(std::ceil(horizon_days / 7.0)));
    mean_week = ForecastMean(model, weeks, h);
    const int k = std::min(kHoldoutWeeks, est.weeks / 4);
    const std::vector<double> train(weeks.begin(), weeks.end() - k);
    const std::vector<double> f = model(train, k, SeasonOf(train));
    double ss = 0;
    for (int i = 0; i < k; ++i) {
      const double e = weeks[train.size() + static_cast<size_t>(i)] - std::max(0.0, f[i]);
      ss += e * e;
    }
    sd_week = std::sqrt(ss / k);
  }
  sd_week = std::max(sd_week, std::sqrt(mean_week));
  est.rate = {mean_week / 7.0, sd_week / std::sqrt(7.0)};
  return est;
}

}  // namespace mercato::inventory
