// Rolling-origin backtests of demand models on the store's demand panel: MASE, RMSSE, sMAPE,
// WAPE, bias, pinball loss and quantile coverage, per SKU, per demand class and in aggregate.
#include "forecast/demand_backtest.h"

#include <algorithm>
#include <cmath>

#include "forecast/metrics.h"
#include "forecast/model_registry.h"
#include "forecast/parallel_for.h"

namespace mercato::forecast {
namespace {

double Pinball(double y, double q, double p) { return y >= q ? p * (y - q) : (1 - p) * (q - y); }

// Mean squared one-step naive error of the history (RMSSE's scale); 0 when n < 2.
double SquaredScale(const std::vector<double>& history) {
  double sum = 0;
  for (size_t t = 1; t < history.size(); ++t) {
    sum += (history[t] - history[t - 1]) * (history[t] - history[t - 1]);
  }
  return history.size() < 2 ? 0 : sum / static_cast<double>(history.size() - 1);
}

double Ratio(double a, double b) { return b > 0 ? a / b : 0; }

// One series' sums per model (and per class of its history at each origin).
struct SeriesSums {
  bool scored = false;
  DemandClass last_class = DemandClass::kSmooth;
  std::vector<AccuracySums> models;
  std::vector<std::map<DemandClass, AccuracySums>> by_class;
  std::vector<std::map<std::string, size_t>> chosen;
};

}  // namespace

void AccuracySums::Add(const std::vector<double>& history, const std::vector<double>& actual,
                       const DemandForecast& forecast) {
  std::vector<double> y, f;
  double sq = 0;
  for (size_t j = 0; j < actual.size(); ++j) {
    if (std::isnan(actual[j])) continue;
    const double a = actual[j], m = forecast.mean[j];
    y.push_back(a);
    f.push_back(m);
    sq += (a - m) * (a - m);
    abs_error += std::abs(a - m);
    abs_error_p50 += std::abs(a - forecast.p50[j]);
    error += m - a;
    actual_sum += a;
    pinball += Pinball(a, forecast.p50[j], 0.5) + Pinball(a, forecast.p90[j], 0.9) +
               Pinball(a, forecast.p95[j], 0.95);
    below_p50 += a <= forecast.p50[j];
    below_p90 += a <= forecast.p90[j];
    below_p95 += a <= forecast.p95[j];
  }
  if (y.empty()) return;
  ++forecasts;
  periods += y.size();
  smape += Smape(y, f);
  const double scale = MaseScale(history, 1), sq_scale = SquaredScale(history);
  if (scale > 0 && sq_scale > 0) {
    ++scaled;
    mase += Mase(history, y, f, 1);
    rmsse += std::sqrt(sq / static_cast<double>(y.size()) / sq_scale);
  }
}

void AccuracySums::Merge(const AccuracySums& o) {
  forecasts += o.forecasts;
  periods += o.periods;
  scaled += o.scaled;
  smape += o.smape;
  mase += o.mase;
  rmsse += o.rmsse;
  abs_error += o.abs_error;
  abs_error_p50 += o.abs_error_p50;
  error += o.error;
  actual_sum += o.actual_sum;
  pinball += o.pinball;
  below_p50 += o.below_p50;
  below_p90 += o.below_p90;
  below_p95 += o.below_p95;
}

Accuracy AccuracySums::Finish() const {
  Accuracy a;
  a.forecasts = forecasts;
  a.periods = periods;
  a.smape = Ratio(smape, static_cast<double>(forecasts));
  a.mase = Ratio(mase, static_cast<double>(scaled));
  a.rmsse = Ratio(rmsse, static_cast<double>(scaled));
  a.wape = Ratio(abs_error, actual_sum);
  a.wape_p50 = Ratio(abs_error_p50, actual_sum);
  a.bias = Ratio(error, actual_sum);
  a.pinball = Ratio(pinball, 3 * actual_sum);
  const double n = static_cast<double>(periods);
  a.coverage_p50 = Ratio(below_p50, n);
  a.coverage_p90 = Ratio(below_p90, n);
  a.coverage_p95 = Ratio(below_p95, n);
  return a;
}

Result<DemandBacktestResult> BacktestDemand(const DemandPanel& panel,
                                            const DemandBacktestSettings& settings) {
  const int h = settings.forecast.horizon;
  if (h < 1) return InvalidArgument("horizon must be at least 1");
  if (settings.origins < 1) return InvalidArgument("origins must be at least 1");
  std::vector<const ForecastModel*> models;
  bool panel_models = false, needs_lines = false;
  for (const std::string& name : settings.models) {
    const ForecastModel* model = FindForecastModel(name);
    if (model == nullptr) return InvalidArgument("unknown model '" + name + "'");
    models.push_back(model);
    panel_models = panel_models || IsPanelModel(*model);
    needs_lines = needs_lines || model->input == ModelInput::kOrderLines;
  }
  const int64_t first_origin = panel.end - h - (settings.origins - 1);
  if (first_origin <= panel.first) {
    return InvalidArgument("the data has " + std::to_string(panel.end - panel.first) +
                           " complete periods; horizon " + std::to_string(h) + " with " +
                           std::to_string(settings.origins) + " origins needs at least " +
                           std::to_string(h + settings.origins) + "");
  }
  const size_t n_models = settings.models.size();
  DemandBacktestResult result;
  // Panel model forecasts per origin (index origin − first_origin).
  std::vector<GlobalForecasts> panel_forecasts;
  if (panel_models) {
    GlobalModelSettings global = settings.global;
    global.threads = settings.threads;
    for (int64_t origin = first_origin; origin < first_origin + settings.origins; ++origin) {
      ASSIGN_OR_RETURN(GlobalForecasts f, ForecastGlobal(panel, settings.covariates, origin,
                                                         settings.forecast, global));
      panel_forecasts.push_back(std::move(f));
    }
    result.ensemble_weights = panel_forecasts.back().weights;
    result.feature_gain = panel_forecasts.back().gain;
  }
  // Only the models reading order lines need them copied.
  std::vector<SeriesSums> sums(panel.series.size());
  ParallelFor(panel.series.size(), settings.threads, [&](size_t i) {
    const DemandSeries& s = panel.series[i];
    SeriesSums& out = sums[i];
    out.models.resize(n_models);
    out.by_class.resize(n_models);
    out.chosen.resize(n_models);
    DemandForecastSettings forecast_settings = settings.forecast;
    if (settings.covariates != nullptr) forecast_settings.calendar = &settings.covariates->calendar;
    for (int64_t origin = first_origin; origin < first_origin + settings.origins; ++origin) {
      if (origin <= s.first) continue;
      forecast_settings.end = origin;
      const size_t local = static_cast<size_t>(origin - s.first);
      const std::vector<double> history = Observed(s.sales, local);
      const std::vector<double> actual(
          s.sales.begin() + static_cast<std::ptrdiff_t>(local),
          s.sales.begin() + static_cast<std::ptrdiff_t>(local + static_cast<size_t>(h)));
      if (history.empty()) continue;
      const OrderLineHistory lines = needs_lines ? LinesBefore(s, local) : OrderLineHistory{};
      out.last_class = ClassifyDemand(history).demand_class;
      for (size_t k = 0; k < n_models; ++k) {
        const ForecastModel& model = *models[k];
        DemandForecast forecast;
        if (IsPanelModel(model)) {
          const GlobalForecasts& g = panel_forecasts[static_cast<size_t>(origin - first_origin)];
          forecast = (g.*(model.panel))[i];
        } else {
          // Models were validated above and the lines are given, so forecasting cannot fail.
          forecast = ForecastDemand(history, settings.models[k], forecast_settings, &lines).value();
        }
        const size_t before = out.models[k].forecasts;
        out.models[k].Add(history, actual, forecast);
        if (out.models[k].forecasts == before) continue;
        out.scored = true;
        out.by_class[k][out.last_class].Add(history, actual, forecast);
        ++out.chosen[k][forecast.model];
      }
    }
  });
  std::vector<AccuracySums> total(n_models);
  std::map<std::string, std::vector<AccuracySums>> by_class;
  for (size_t i = 0; i < sums.size(); ++i) {
    const SeriesSums& s = sums[i];
    if (!s.scored) continue;
    ++result.series;
    SkuAccuracy sku{panel.series[i].sku, panel.series[i].location, s.last_class, {}};
    for (size_t k = 0; k < n_models; ++k) {
      const std::string& model = settings.models[k];
      total[k].Merge(s.models[k]);
      sku.models[model] = s.models[k].Finish();
      for (const auto& [c, class_sums] : s.by_class[k]) {
        auto& slot = by_class[std::string(DemandClassName(c))];
        slot.resize(n_models);
        slot[k].Merge(class_sums);
      }
      for (const auto& [chosen, count] : s.chosen[k]) {
        if (models[k]->reports_choice) result.chosen[model][chosen] += count;
      }
    }
    result.skus.push_back(std::move(sku));
  }
  for (size_t k = 0; k < n_models; ++k) {
    result.models[settings.models[k]] = total[k].Finish();
    for (const auto& [c, slot] : by_class) {
      result.by_class[c][settings.models[k]] = slot[k].Finish();
    }
  }
  return result;
}

}  // namespace mercato::forecast
