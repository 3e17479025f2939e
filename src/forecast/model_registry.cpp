// The registry of forecast models: every model's entry, and the look-ups derived from it.
#include "forecast/model_registry.h"

#include "forecast/dhr.h"
#include "forecast/intermittent.h"

namespace mercato::forecast {
namespace {

using enum ModelScope;
using enum ModelInput;

constexpr ForecastModel kForecastModels[] = {
    {.name = "naive",
     .doc = "the last value repeated",
     .point = ForecastNaive,
     .backtest_by_default = true},
    {.name = "snaive",
     .doc = "the value of the same season one cycle earlier",
     .point = ForecastSeasonalNaive},
    {.name = "naive2",
     .doc = "M4's Naive2: naive on the seasonally adjusted series",
     .point = ForecastNaive2},
    {.name = "ses",
     .doc = "simple exponential smoothing, ETS(A,N,N), on the seasonally adjusted series",
     .point = ForecastSes,
     .backtest_by_default = true},
    {.name = "holt",
     .doc = "Holt's linear trend, ETS(A,A,N), on the seasonally adjusted series",
     .point = ForecastHolt},
    {.name = "damped",
     .doc = "damped trend, ETS(A,Ad,N), on the seasonally adjusted series",
     .point = ForecastDamped},
    {.name = "ets",
     .doc = "the ETS model with the lowest AICc",
     .point = ForecastEts,
     .backtest_by_default = true},
    {.name = "theta",
     .doc = "M4's Theta: SES with drift of half the trend slope",
     .point = ForecastTheta,
     .backtest_by_default = true},
    {.name = "auto",
     .doc = "the median, step by step, of ETS, Theta and Damped",
     .point = ForecastAuto},
    {.name = "stlf",
     .doc = "STL decomposition, ETS on the seasonally adjusted series, the last cycle added back",
     .point = ForecastStlf},
    {.name = "safe",
     .doc = "per series, the model with the lowest error at 3 rolling origins of its own history: "
            "auto, theta, damped, ets, ses, naive2, stlf, dhr or seasonal naive; for a series "
            "with a period without demand median, ma, tsb, sba, stlf, dhr or seasonal naive",
     .point = ForecastSafe,
     .choose = ChooseModel,
     .reports_choice = true},
    {.name = "ma",
     .doc = "moving average of the last periods (the merchant's baseline)",
     .point = ForecastMa,
     .windowed = ForecastMovingAverage,
     .backtest_by_default = true},
    {.name = "median",
     .doc = "moving median of the last periods",
     .point = ForecastMedian,
     .windowed = ForecastMovingMedian},
    {.name = "croston",
     .doc = "Croston's method for intermittent demand",
     .point = [](const std::vector<double>& y, int h, int) { return ForecastCroston(y, h); },
     .backtest_by_default = true},
    {.name = "sba",
     .doc = "Syntetos-Boylan approximation: Croston with its bias corrected",
     .point = [](const std::vector<double>& y, int h, int) { return ForecastSba(y, h); },
     .backtest_by_default = true},
    {.name = "tsb",
     .doc = "Teunter-Syntetos-Babai: smoothed demand probability times smoothed size",
     .point = [](const std::vector<double>& y, int h, int) { return ForecastTsb(y, h); },
     .backtest_by_default = true},
    {.name = "dhr",
     .doc = "dynamic harmonic regression: trend and Fourier terms of the season (52.18 weeks; 7 "
            "and 365.25 days) chosen by AICc, holidays and events by date, ETS on the residuals",
     .point = ForecastDhr,
     .dated = ForecastDhrDated},
    {.name = "class",
     .scope = kCombining,
     .doc = "by demand class: theta for smooth, median for erratic and lumpy, tsb for "
            "intermittent",
     .series = ForecastByClass,
     .reports_choice = true,
     .backtest_by_default = true},
    {.name = "select",
     .scope = kCombining,
     .doc = "the candidate with the lowest absolute error at the series' inner origins",
     .series = ForecastSelect,
     .reports_choice = true,
     .backtest_by_default = true},
    {.name = "compound",
     .input = kOrderLines,
     .doc = "compound Poisson: order lines at a smoothed rate, units resampled from past lines",
     .series = ForecastCompoundDemand},
    {.name = "global",
     .scope = kPanel,
     .input = kCovariates,
     .doc = "one gradient-boosted model across every series on lags, calendar and covariates",
     .panel = &GlobalForecasts::global},
    {.name = "ensemble",
     .scope = kPanel,
     .input = kCovariates,
     .doc = "the global and the class model weighted per demand class by backtest",
     .panel = &GlobalForecasts::ensemble,
     .reports_choice = true},
};

}  // namespace

std::span<const ForecastModel> ForecastModels() { return kForecastModels; }

const ForecastModel* FindForecastModel(std::string_view name) {
  for (const ForecastModel& model : kForecastModels) {
    if (model.name == name) return &model;
  }
  return nullptr;
}

std::vector<std::string> ForecastModelNames(bool (*keep)(const ForecastModel&)) {
  std::vector<std::string> names;
  for (const ForecastModel& model : kForecastModels) {
    if (keep == nullptr || keep(model)) names.emplace_back(model.name);
  }
  return names;
}

bool IsPerSeriesModel(const ForecastModel& model) { return model.scope != kPanel; }

bool IsPanelModel(const ForecastModel& model) { return model.scope == kPanel; }

bool IsPointModel(const ForecastModel& model) { return model.point != nullptr; }

ModelFn FindModel(std::string_view name) {
  const ForecastModel* model = FindForecastModel(name);
  return model == nullptr ? nullptr : model->point;
}

std::vector<std::string> ModelNames() { return ForecastModelNames(IsPointModel); }

}  // namespace mercato::forecast
