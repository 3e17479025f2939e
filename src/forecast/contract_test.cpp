// The contract every forecast model passes: one suite parameterized over every registered model
// of every scope (local, combining, panel), so a new registry entry is covered without editing
// this file. It runs each model over a small panel holding smooth, seasonal, trending,
// intermittent, erratic and lumpy series beside the awkward ones: constant, all zero, one point, no
// observed point, shorter than the horizon.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "common/text.h"
#include "forecast/model_registry.h"
#include "forecast/store_forecast.h"

namespace mercato::forecast {
namespace {

constexpr double kCensored = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t kFirst = 2000, kPeriods = 26;

// A series ending at the panel's end; each period's units arrive as order lines of at most
// 3 units (what the compound model reads).
DemandSeries Series(std::string sku, std::vector<double> sales) {
  DemandSeries s;
  s.sku = std::move(sku);
  s.first = kFirst + kPeriods - static_cast<int64_t>(sales.size());
  for (size_t t = 0; t < sales.size(); ++t) {
    double lines = 0;
    for (double left = std::isnan(sales[t]) ? 0 : sales[t]; left > 0; left -= 3) {
      s.line_units.emplace_back(static_cast<int32_t>(t), std::min(left, 3.0));
      ++lines;
    }
    s.lines.push_back(lines);
    s.censored += std::isnan(sales[t]) ? 1 : 0;
  }
  s.sales = std::move(sales);
  s.returns.assign(s.sales.size(), 0.0);
  return s;
}

// The series by name, in the panel's order.
std::vector<DemandSeries> AllSeries() {
  std::vector<double> smooth, seasonal, trend, intermittent, erratic, lumpy;
  for (int t = 0; t < kPeriods; ++t) {
    smooth.push_back(10 + (t * 7) % 5 - 2);
    seasonal.push_back(t % 4 == 0 ? 9 : 3);
    trend.push_back(2 + t);
    intermittent.push_back(t % 5 == 0 ? 2 : 0);
    erratic.push_back(t % 2 == 0 ? 2 + t % 3 : 14 + t % 5);
    lumpy.push_back(t % 4 == 0 ? (t % 8 == 0 ? 20 : 1) : 0);
  }
  std::vector<double> gappy = smooth;
  gappy[3] = gappy[10] = gappy[11] = kCensored;
  return {Series("smooth", smooth),
          Series("seasonal", seasonal),
          Series("trend", trend),
          Series("intermittent", intermittent),
          Series("erratic", erratic),
          Series("lumpy", lumpy),
          Series("gappy", gappy),
          Series("constant", std::vector<double>(kPeriods, 5)),
          Series("zero", std::vector<double>(kPeriods, 0)),
          Series("one_point", {4}),
          Series("two_points", {3, 0}),
          Series("unobserved", {kCensored, kCensored, kCensored})};
}

// The panel and covariates spanning it and `horizon` periods more (no price, promotion or
// holiday).
StoreDemand Demand(int horizon) {
  StoreDemand d;
  d.horizon = horizon;
  d.panel.period = Period::kWeek;
  d.panel.first = kFirst;
  d.panel.end = kFirst + kPeriods;
  d.panel.series = AllSeries();
  PanelCovariates& c = d.covariates;
  c.first = d.panel.first;
  c.end = d.panel.end + horizon;
  const size_t width = static_cast<size_t>(c.end - c.first);
  c.holidays.assign(width, 0.0f);
  for (size_t i = 0; i < d.panel.series.size(); ++i) {
    c.price.emplace_back(width, std::numeric_limits<float>::quiet_NaN());
    c.list_price.push_back(std::numeric_limits<float>::quiet_NaN());
    c.promo.emplace_back(width, 0.0f);
  }
  return d;
}

DemandForecastSettings Settings(int horizon) {
  DemandForecastSettings s;
  s.horizon = horizon;
  return s;
}

// Few boosting rounds on one thread: the contract is about shapes, not accuracy, and it runs
// under the sanitizers.
GlobalModelSettings SmallGlobal() {
  GlobalModelSettings g;
  g.rounds = 20;
  g.train_origins = 8;
  g.threads = 1;
  return g;
}

// Every series' forecast from the panel's end: per-series models as ForecastStoreDemand runs
// them, panel models from one panel fit.
Result<std::vector<DemandForecast>> Forecast(const ForecastModel& model, const StoreDemand& d) {
  const DemandForecastSettings s = Settings(d.horizon);
  if (IsPerSeriesModel(model)) return ForecastPanel(d.panel, std::string(model.name), s, 2);
  ASSIGN_OR_RETURN(GlobalForecasts f,
                   ForecastGlobal(d.panel, &d.covariates, d.panel.end, s, SmallGlobal()));
  return std::move(f.*(model.panel));
}

bool IsRegistered(const std::string& name) { return FindForecastModel(name) != nullptr; }

class ForecastContractTest : public ::testing::TestWithParam<const ForecastModel*> {
 protected:
  const ForecastModel& model() const { return *GetParam(); }

  std::vector<DemandForecast> Run(const StoreDemand& demand) const {
    auto f = Forecast(model(), demand);
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    if (!f.ok()) return {};
    EXPECT_EQ(f->size(), demand.panel.series.size());
    return std::move(f).value();
  }
};

TEST_P(ForecastContractTest, HorizonRespectedFiniteNonNegativeAndQuantilesOrdered) {
  for (int horizon : {1, 6}) {
    const StoreDemand demand = Demand(horizon);
    const std::vector<DemandForecast> forecasts = Run(demand);
    for (size_t i = 0; i < forecasts.size(); ++i) {
      SCOPED_TRACE(demand.panel.series[i].sku + " h=" + std::to_string(horizon));
      const DemandForecast& f = forecasts[i];
      const auto h = static_cast<size_t>(horizon);
      ASSERT_EQ(f.mean.size(), h);
      ASSERT_EQ(f.p50.size(), h);
      ASSERT_EQ(f.p90.size(), h);
      ASSERT_EQ(f.p95.size(), h);
      for (size_t k = 0; k < h; ++k) {
        for (double v : {f.mean[k], f.p50[k], f.p90[k], f.p95[k]}) {
          EXPECT_TRUE(std::isfinite(v)) << "period " << k;
          EXPECT_GE(v, 0.0) << "period " << k;
        }
        EXPECT_LE(f.p50[k], f.p90[k]) << "period " << k;
        EXPECT_LE(f.p90[k], f.p95[k]) << "period " << k;
      }
    }
  }
}

TEST_P(ForecastContractTest, DeterministicForTheSameDataAndSeed) {
  const StoreDemand demand = Demand(4);
  const std::vector<DemandForecast> a = Run(demand), b = Run(demand);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(demand.panel.series[i].sku);
    EXPECT_EQ(a[i].model, b[i].model);
    EXPECT_EQ(a[i].demand_class, b[i].demand_class);
    EXPECT_EQ(a[i].mean, b[i].mean);
    EXPECT_EQ(a[i].p50, b[i].p50);
    EXPECT_EQ(a[i].p90, b[i].p90);
    EXPECT_EQ(a[i].p95, b[i].p95);
  }
}

// A forecast names its own model, or (models that choose) registered models joined by '+'.
TEST_P(ForecastContractTest, ForecastsNameRegisteredModels) {
  const StoreDemand demand = Demand(3);
  for (const DemandForecast& f : Run(demand)) {
    if (!model().reports_choice && IsPerSeriesModel(model())) {
      EXPECT_EQ(f.model, model().name);
      continue;
    }
    std::string rest = f.model;
    for (size_t plus; (plus = rest.find('+')) != std::string::npos; rest.erase(0, plus + 1)) {
      EXPECT_TRUE(IsRegistered(rest.substr(0, plus))) << f.model;
    }
    EXPECT_TRUE(IsRegistered(rest)) << f.model;
  }
}

// Nothing sold, or nothing observed: per-series models forecast no demand at all.
TEST_P(ForecastContractTest, NoDemandForecastsNoDemand) {
  if (!IsPerSeriesModel(model())) GTEST_SKIP() << "panel models learn across series";
  const StoreDemand demand = Demand(5);
  const std::vector<DemandForecast> forecasts = Run(demand);
  for (size_t i = 0; i < forecasts.size(); ++i) {
    const std::string& sku = demand.panel.series[i].sku;
    if (sku != "zero" && sku != "unobserved") continue;
    SCOPED_TRACE(sku);
    for (const std::vector<double>* v :
         {&forecasts[i].mean, &forecasts[i].p50, &forecasts[i].p90, &forecasts[i].p95}) {
      EXPECT_EQ(*v, std::vector<double>(5, 0.0));
    }
  }
}

TEST_P(ForecastContractTest, RejectsAHorizonBelowOne) {
  const auto f = Forecast(model(), Demand(0));
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument);
}

std::vector<const ForecastModel*> Registered() {
  std::vector<const ForecastModel*> models;
  for (const ForecastModel& m : ForecastModels()) models.push_back(&m);
  return models;
}

INSTANTIATE_TEST_SUITE_P(EveryModel, ForecastContractTest, ::testing::ValuesIn(Registered()),
                         [](const auto& p) { return std::string(p.param->name); });

// Each entry is described, has a unique name and exactly the way to run it its scope and input
// call for.
TEST(ForecastRegistryTest, EveryEntryIsCompleteAndConsistent) {
  std::set<std::string_view> names;
  for (const ForecastModel& m : ForecastModels()) {
    SCOPED_TRACE(std::string(m.name));
    EXPECT_TRUE(names.insert(m.name).second);
    EXPECT_FALSE(m.doc.empty());
    EXPECT_EQ(FindForecastModel(m.name), &m);
    const int ways = (m.point != nullptr) + (m.series != nullptr) + (m.panel != nullptr);
    EXPECT_EQ(ways, 1);
    EXPECT_TRUE(m.windowed == nullptr || m.point != nullptr);
    EXPECT_EQ(m.panel != nullptr, m.scope == ModelScope::kPanel);
    EXPECT_EQ(m.panel != nullptr, m.input == ModelInput::kCovariates);
    if (m.scope == ModelScope::kCombining || m.input == ModelInput::kOrderLines) {
      EXPECT_NE(m.series, nullptr);
    }
  }
  EXPECT_EQ(FindForecastModel("arima"), nullptr);
}

TEST(ForecastRegistryTest, PointModelsAreTheLocalModelsOfTheHistoryAlone) {
  std::vector<std::string> expected;
  for (const ForecastModel& m : ForecastModels()) {
    if (m.scope == ModelScope::kLocal && m.input == ModelInput::kHistory) {
      expected.emplace_back(m.name);
    }
  }
  EXPECT_EQ(ModelNames(), expected);
  for (const std::string& name : expected) EXPECT_NE(FindModel(name), nullptr) << name;
  for (const char* name : {"class", "select", "compound", "global", "ensemble", "arima"}) {
    EXPECT_EQ(FindModel(name), nullptr) << name;
  }
}

// The names the CLI and the API list, in the order they always listed them.
TEST(ForecastRegistryTest, NamesInTheirListedOrder) {
  EXPECT_EQ(Join(ForecastModelNames(), ","),
            "naive,snaive,naive2,ses,holt,damped,ets,theta,auto,stlf,safe,ma,median,croston,sba,"
            "tsb,dhr,class,select,compound,global,ensemble");
  EXPECT_EQ(Join(ForecastModelNames(IsPanelModel), ","), "global,ensemble");
  EXPECT_EQ(ForecastModelNames([](const ForecastModel& m) { return m.backtest_by_default; }),
            (std::vector<std::string>{"naive", "ses", "ets", "theta", "ma", "croston", "sba", "tsb",
                                      "class", "select"}));
}

TEST(ForecastRegistryTest, PerSeriesForecastRefusesPanelModelsAndMissingLines) {
  DemandForecastSettings s;
  EXPECT_EQ(ForecastDemand({1, 2, 3}, "global", s).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ForecastDemand({1, 2, 3}, "arima", s).status().message(), "unknown model 'arima'");
  EXPECT_EQ(ForecastDemand({1, 2, 3}, "compound", s).status().message(),
            "the compound model needs the store's order lines (--db)");
}

}  // namespace
}  // namespace mercato::forecast
