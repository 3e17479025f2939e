// Forecasts of one demand series: a named model or an automatic choice (by rolling-origin
// backtest on the series' own history, or by demand class), with P50/P90/P95 quantiles from
// the model's own rolling-origin errors.
#include "forecast/demand_forecast.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "forecast/model_registry.h"
#include "forecast/parallel_for.h"

namespace mercato::forecast {
namespace {

constexpr std::string_view kSelectCandidates[] = {"ma",    "median", "naive", "ses",
                                                  "theta", "sba",    "tsb"};
constexpr size_t kMinInnerHistory = 3;

// The registered point model of that name (the names the combining models choose from).
const ForecastModel& PointModel(std::string_view name) {
  const ForecastModel* model = FindForecastModel(name);
  if (model == nullptr || !IsPointModel(*model)) {
    std::abort();  // a combining model names an unregistered model: a programming error
  }
  return *model;
}

// Point forecast of a point model from history y ending just before calendar period `end`,
// floored at 0.
std::vector<double> Point(const ForecastModel& model, const std::vector<double>& y, int h,
                          const DemandForecastSettings& s, int64_t end) {
  std::vector<double> f;
  if (y.empty()) {
    f.assign(static_cast<size_t>(h), 0.0);
  } else if (model.dated != nullptr && s.calendar != nullptr) {
    f = model.dated(y, h, s.calendar->season,
                    s.calendar->Slice(end - static_cast<int64_t>(y.size()), end + h));
  } else if (model.windowed != nullptr) {
    f = model.windowed(y, h, s.ma_window);
  } else {
    f = model.point(y, h, s.season);
  }
  for (double& v : f) v = std::isfinite(v) ? std::max(v, 0.0) : 0.0;
  return f;
}

// Errors (actual − forecast) of `model` at the inner origins: the last `inner_origins` origins
// whose histories have at least kMinInnerHistory points, each forecasting up to `horizon`
// periods that have actuals.
std::vector<double> InnerErrors(const ForecastModel& model, const std::vector<double>& y,
                                const DemandForecastSettings& s) {
  std::vector<double> errors;
  const size_t n = y.size(), h = static_cast<size_t>(s.horizon);
  const size_t k = static_cast<size_t>(std::max(s.inner_origins, 0));
  if (n <= kMinInnerHistory || k == 0) return errors;
  const size_t start = std::max(kMinInnerHistory, n > h + k - 1 ? n - h - k + 1 : 0);
  for (size_t o = start; o < n && o < start + k; ++o) {
    const size_t steps = std::min(h, n - o);
    const std::vector<double> history(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(o));
    const std::vector<double> f =
        Point(model, history, static_cast<int>(steps), s, s.end - static_cast<int64_t>(n - o));
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
std::string_view ModelForClass(DemandClass c) {
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

// The per-series model of that name, checked against the settings and whether order lines are
// at hand.
Result<const ForecastModel*> PerSeriesModel(const std::string& name,
                                            const DemandForecastSettings& settings,
                                            bool have_lines) {
  if (settings.horizon < 1) return InvalidArgument("horizon must be at least 1");
  const ForecastModel* m = FindForecastModel(name);
  if (m == nullptr) return InvalidArgument("unknown model '" + name + "'");
  if (!IsPerSeriesModel(*m)) {
    return InvalidArgument("'" + name + "' is a panel model: it forecasts every series at once");
  }
  if (m->input == ModelInput::kOrderLines && !have_lines) {
    return InvalidArgument("the " + name + " model needs the store's order lines (--db)");
  }
  return m;
}

// The point model's forecast of `history` with the quantiles of its errors `errors`.
DemandForecast WithErrorQuantiles(const ForecastModel& model, const std::vector<double>& history,
                                  std::vector<double> errors,
                                  const DemandForecastSettings& settings) {
  DemandForecast out;
  out.model = model.name;
  out.mean = Point(model, history, settings.horizon, settings, settings.end);
  const double q50 = EmpiricalQuantile(errors, 0.5), q90 = EmpiricalQuantile(errors, 0.9),
               q95 = EmpiricalQuantile(errors, 0.95);
  for (double f : out.mean) {
    out.p50.push_back(std::max(0.0, f + q50));
    out.p90.push_back(std::max(0.0, f + q90));
    out.p95.push_back(std::max(0.0, f + q95));
  }
  return out;
}

}  // namespace

double EmpiricalQuantile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double pos = std::clamp(p, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const size_t lo = static_cast<size_t>(pos);
  const size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

DemandForecast ForecastSelect(const std::vector<double>& history, const OrderLineHistory&,
                              const DemandForecastSettings& settings) {
  const ForecastModel* best = nullptr;
  double best_loss = 0;
  std::vector<double> best_errors;
  for (std::string_view candidate : kSelectCandidates) {
    const ForecastModel& model = PointModel(candidate);
    std::vector<double> e = InnerErrors(model, history, settings);
    const double loss = AbsoluteSum(e);
    if (best == nullptr || loss < best_loss) {
      best = &model;
      best_loss = loss;
      best_errors = std::move(e);
    }
  }
  return WithErrorQuantiles(*best, history, std::move(best_errors), settings);
}

DemandForecast ForecastByClass(const std::vector<double>& history, const OrderLineHistory&,
                               const DemandForecastSettings& settings) {
  const ForecastModel& model = PointModel(ModelForClass(ClassifyDemand(history).demand_class));
  return WithErrorQuantiles(model, history, InnerErrors(model, history, settings), settings);
}

DemandForecast ForecastCompoundDemand(const std::vector<double>&, const OrderLineHistory& lines,
                                      const DemandForecastSettings& settings) {
  const CompoundForecast c = ForecastCompound(lines);
  const auto h = static_cast<size_t>(settings.horizon);
  DemandForecast out;
  out.model = "compound";
  out.mean.assign(h, c.mean);
  out.p50.assign(h, c.p50);
  out.p90.assign(h, c.p90);
  out.p95.assign(h, c.p95);
  return out;
}

Result<DemandForecast> ForecastDemand(const std::vector<double>& history, const std::string& model,
                                      const DemandForecastSettings& settings,
                                      const OrderLineHistory* lines) {
  ASSIGN_OR_RETURN(const ForecastModel* m, PerSeriesModel(model, settings, lines != nullptr));
  if (m->choose != nullptr && !history.empty()) {
    m = &PointModel(m->choose(history, settings.horizon, settings.season));
  }
  DemandForecast out =
      m->series != nullptr
          ? m->series(history, lines != nullptr ? *lines : OrderLineHistory{}, settings)
          : WithErrorQuantiles(*m, history, InnerErrors(*m, history, settings), settings);
  out.demand_class = ClassifyDemand(history).demand_class;
  return out;
}

Result<std::vector<DemandForecast>> ForecastPanel(const DemandPanel& panel,
                                                  const std::string& model,
                                                  DemandForecastSettings settings, int threads) {
  ASSIGN_OR_RETURN(const ForecastModel* m, PerSeriesModel(model, settings, true));
  settings.end = panel.end;
  const bool reads_lines = m->input == ModelInput::kOrderLines;
  std::vector<DemandForecast> out(panel.series.size());
  ParallelFor(panel.series.size(), threads, [&](size_t i) {
    const DemandSeries& s = panel.series[i];
    const OrderLineHistory lines =
        reads_lines ? LinesBefore(s, s.sales.size()) : OrderLineHistory{};
    out[i] = ForecastDemand(Observed(s.sales, s.sales.size()), model, settings, &lines).value();
  });
  return out;
}

}  // namespace mercato::forecast
