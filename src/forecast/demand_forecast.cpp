// Forecasts of one demand series: a named model or an automatic choice (by rolling-origin
// backtest on the series' own history, or by demand class), with P50/P90/P95 quantiles from
// the model's own rolling-origin errors.
#include "forecast/demand_forecast.h"

#include <algorithm>
#include <cmath>

#include "forecast/models.h"
#include "forecast/parallel_for.h"

namespace mercato::forecast {
namespace {

constexpr const char* kSelectCandidates[] = {"ma", "median", "naive", "ses", "theta", "sba", "tsb"};
constexpr size_t kMinInnerHistory = 3;

// Point forecast of a named model (not select/class), floored at 0.
std::vector<double> Point(const std::string& model, const std::vector<double>& y, int h,
                          const DemandForecastSettings& s) {
  std::vector<double> f;
  if (y.empty()) {
    f.assign(static_cast<size_t>(h), 0.0);
  } else if (model == "ma") {
    f = ForecastMovingAverage(y, h, s.ma_window);
  } else if (model == "median") {
    f = ForecastMovingMedian(y, h, s.ma_window);
  } else {
    f = FindModel(model)(y, h, s.season);
  }
  for (double& v : f) v = std::isfinite(v) ? std::max(v, 0.0) : 0.0;
  return f;
}

// Errors (actual − forecast) of `model` at the inner origins: the last `inner_origins` origins
// whose histories have at least kMinInnerHistory points, each forecasting up to `horizon`
// periods that have actuals.
std::vector<double> InnerErrors(const std::string& model, const std::vector<double>& y,
                                const DemandForecastSettings& s) {
  std::vector<double> errors;
  const size_t n = y.size(), h = static_cast<size_t>(s.horizon);
  const size_t k = static_cast<size_t>(std::max(s.inner_origins, 0));
  if (n <= kMinInnerHistory || k == 0) return errors;
  const size_t start = std::max(kMinInnerHistory, n > h + k - 1 ? n - h - k + 1 : 0);
  for (size_t o = start; o < n && o < start + k; ++o) {
    const size_t steps = std::min(h, n - o);
    const std::vector<double> history(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(o));
    const std::vector<double> f = Point(model, history, static_cast<int>(steps), s);
    for (size_t j = 0; j < steps; ++j) errors.push_back(y[o + j] - f[j]);
  }
  return errors;
}

double AbsoluteSum(const std::vector<double>& errors) {
  double sum = 0;
  for (double e : errors) sum += std::abs(e);
  return sum;
}

// Measured on UCI Online Retail (bench/forecast_bench.py): the moving median is best on
// erratic and lumpy weeks, TSB on intermittent ones, Theta on smooth ones.
std::string ModelForClass(DemandClass c) {
  switch (c) {
    case DemandClass::kSmooth:
      return "theta";
    case DemandClass::kIntermittent:
      return "tsb";
    case DemandClass::kErratic:
    case DemandClass::kLumpy:
      return "median";
  }
  return "theta";
}

}  // namespace

std::vector<std::string> DemandModelNames() {
  std::vector<std::string> names = ModelNames();
  names.emplace_back("class");
  names.emplace_back("select");
  names.emplace_back("compound");
  return names;
}

bool IsDemandModel(const std::string& name) {
  return name == "select" || name == "class" || name == "compound" || FindModel(name) != nullptr;
}

double EmpiricalQuantile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double pos = std::clamp(p, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const size_t lo = static_cast<size_t>(pos);
  const size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

Result<DemandForecast> ForecastDemand(const std::vector<double>& history, const std::string& model,
                                      const DemandForecastSettings& settings,
                                      const OrderLineHistory* lines) {
  if (settings.horizon < 1) return InvalidArgument("horizon must be at least 1");
  if (!IsDemandModel(model)) return InvalidArgument("unknown model '" + model + "'");
  DemandForecast out;
  out.demand_class = ClassifyDemand(history).demand_class;
  if (model == "compound") {
    if (lines == nullptr) {
      return InvalidArgument("the compound model needs the store's order lines (--db)");
    }
    const CompoundForecast c = ForecastCompound(*lines);
    const auto h = static_cast<size_t>(settings.horizon);
    out.model = model;
    out.mean.assign(h, c.mean);
    out.p50.assign(h, c.p50);
    out.p90.assign(h, c.p90);
    out.p95.assign(h, c.p95);
    return out;
  }
  std::vector<double> errors;
  if (model == "select") {
    double best = 0;
    for (const char* candidate : kSelectCandidates) {
      std::vector<double> e = InnerErrors(candidate, history, settings);
      const double loss = AbsoluteSum(e);
      if (out.model.empty() || loss < best) {
        out.model = candidate;
        best = loss;
        errors = std::move(e);
      }
    }
  } else {
    out.model = model == "class" ? ModelForClass(out.demand_class) : model;
    errors = InnerErrors(out.model, history, settings);
  }
  out.mean = Point(out.model, history, settings.horizon, settings);
  const double q50 = EmpiricalQuantile(errors, 0.5), q90 = EmpiricalQuantile(errors, 0.9),
               q95 = EmpiricalQuantile(errors, 0.95);
  for (double f : out.mean) {
    out.p50.push_back(std::max(0.0, f + q50));
    out.p90.push_back(std::max(0.0, f + q90));
    out.p95.push_back(std::max(0.0, f + q95));
  }
  return out;
}

Result<std::vector<DemandForecast>> ForecastPanel(const DemandPanel& panel,
                                                  const std::string& model,
                                                  const DemandForecastSettings& settings,
                                                  int threads) {
  if (settings.horizon < 1) return InvalidArgument("horizon must be at least 1");
  if (!IsDemandModel(model)) return InvalidArgument("unknown model '" + model + "'");
  std::vector<DemandForecast> out(panel.series.size());
  ParallelFor(panel.series.size(), threads, [&](size_t i) {
    const DemandSeries& s = panel.series[i];
    const OrderLineHistory lines =
        model == "compound" ? LinesBefore(s, s.sales.size()) : OrderLineHistory{};
    // Validated above, and the lines are given, so forecasting cannot fail.
    out[i] = ForecastDemand(Observed(s.sales, s.sales.size()), model, settings, &lines).value();
  });
  return out;
}

}  // namespace mercato::forecast
