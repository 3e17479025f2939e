// Tests of the safe automatic choice: the pick is the candidate with the lowest rolling-origin
// error, seasonal naive and STL are candidates only when the history carries their cycle, and
// backtests count the picks.
#include "forecast/model_choice.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "forecast/backtest.h"
#include "forecast/demand_forecast.h"
#include "forecast/model_registry.h"

namespace mercato::forecast {
namespace {

// The candidates ChooseModel documents, in tie order.
const std::vector<std::string> kCandidates = {"auto", "theta",  "damped", "ets",
                                              "ses",  "naive2", "stlf",   "snaive"};

// Sum of absolute errors of `name` at the origins n − h, n − 2h, n − 3h (with ≥ 4 points
// before them): the loss ChooseModel documents, computed here through the registry.
double RollingLoss(const std::string& name, const std::vector<double>& y, int h, int m) {
  double loss = 0;
  const size_t n = y.size(), steps = static_cast<size_t>(h);
  for (size_t j = 1; j <= 3 && j * steps + 4 <= n; ++j) {
    const size_t origin = n - j * steps;
    const std::vector<double> history(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(origin));
    const std::vector<double> f = FindModel(name)(history, h, m);
    for (size_t i = 0; i < steps; ++i) loss += std::abs(y[origin + i] - f[i]);
  }
  return loss;
}

std::vector<double> NoisySeasonalSeries(std::mt19937& rng, size_t n, int m) {
  std::normal_distribution<double> noise(0, 4);
  std::vector<double> y;
  for (size_t t = 0; t < n; ++t) {
    const double season = 15 * std::sin(2 * M_PI * static_cast<double>(t) / m);
    y.push_back(std::max(0.0, 100 + 0.2 * static_cast<double>(t) + season + noise(rng)));
  }
  return y;
}

TEST(ModelChoiceTest, PicksTheCandidateWithTheLowestRollingOriginError) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 3; ++trial) {
    const int m = trial % 2 == 0 ? 12 : 4, h = 6;
    const std::vector<double> y = NoisySeasonalSeries(rng, 60 + 10 * trial, m);
    const std::string pick(ChooseModel(y, h, m));
    const double pick_loss = RollingLoss(pick, y, h, m);
    // Every origin here has more than two cycles before it (the first is at n − 18 ≥ 42 > 24),
    // so all eight candidates compete.
    for (const std::string& c : kCandidates) {
      EXPECT_LE(pick_loss, RollingLoss(c, y, h, m) + 1e-9 * (1 + pick_loss))
          << "trial " << trial << ": " << pick << " over " << c;
    }
    EXPECT_EQ(ForecastSafe(y, h, m), FindModel(pick)(y, h, m));
  }
}

TEST(ModelChoiceTest, SeasonalNaiveWinsWhereEverySeasonWandersOnItsOwn) {
  // A seasonal random walk: each of the 30 seasons (a cycle too long for seasonal ETS, which
  // stops at 24) moves from one cycle to the next by its own N(0, 10) step. The best forecast
  // of a season is its value one cycle earlier (seasonal naive); the decomposition models
  // average the seasons' indexes over the whole history, and STL smooths them over 11 cycles,
  // so they trail the wandering seasons.
  std::mt19937 rng(5);
  std::normal_distribution<double> step(0, 10);
  std::uniform_real_distribution<double> start(100, 300);
  for (int trial = 0; trial < 3; ++trial) {
    std::vector<double> season(30), y;
    for (double& s : season) s = start(rng);
    for (int t = 0; t < 150; ++t) {
      season[t % 30] = std::max(1.0, season[t % 30] + step(rng));
      y.push_back(season[t % 30]);
    }
    EXPECT_EQ(ChooseModel(y, 10, 30), "snaive") << trial;
  }
  // An exactly repeating cycle: seasonal naive's rolling-origin error is 0, so the pick's is at
  // most that (whichever model it is) and it forecasts the cycle.
  const std::vector<double> cycle{0, 0, 0, 0, 0, 0, 70};
  std::vector<double> y;
  for (int t = 0; t < 70; ++t) y.push_back(cycle[t % 7]);
  const std::vector<double> f = ForecastSafe(y, 7, 7);
  for (int i = 0; i < 7; ++i) EXPECT_NEAR(f[i], cycle[i], 1e-6) << i;
}

TEST(ModelChoiceTest, SeasonalCandidatesNeedTheirCyclesBeforeEveryOrigin) {
  // n = 120, h = 13, m = 52: origins 107, 94 and 81; the first has one cycle before it but not
  // two, so seasonal naive competes and STL does not.
  std::mt19937 rng(11);
  for (int trial = 0; trial < 5; ++trial) {
    const std::vector<double> y = NoisySeasonalSeries(rng, 120, 52);
    EXPECT_NE(ChooseModel(y, 13, 52), "stlf") << trial;
  }
  // A cycle of 75 weeks: the first origin (110 − 39 = 71) has no full cycle before it, so
  // neither competes, even on a series that repeats its first 35 weeks exactly.
  std::vector<double> y;
  for (int t = 0; t < 110; ++t) y.push_back(t % 75 < 37 ? 10.0 : 50.0);
  const std::string pick(ChooseModel(y, 13, 75));
  EXPECT_NE(pick, "snaive");
  EXPECT_NE(pick, "stlf");
}

TEST(ModelChoiceTest, DemandThatPausesHasTheMovingAverageMedianAndIntermittentModels) {
  // Weekly SKU demand that pauses: 1 to 9 units in about a third of the weeks, else none. Without
  // a cycle (m = 1) its candidates are median, ma, tsb and sba only, and the pick has the lowest
  // rolling-origin error among them.
  const std::vector<std::string> pausing = {"median", "ma", "tsb", "sba"};
  std::mt19937 rng(13);
  std::bernoulli_distribution sells(0.35);
  std::uniform_int_distribution<int> units(1, 9);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> y;
    for (int t = 0; t < 60; ++t) y.push_back(sells(rng) ? units(rng) : 0);
    const std::string pick(ChooseModel(y, 8, 1));
    ASSERT_NE(std::find(pausing.begin(), pausing.end(), pick), pausing.end()) << pick;
    const double pick_loss = RollingLoss(pick, y, 8, 1);
    for (const std::string& c : pausing) {
      EXPECT_LE(pick_loss, RollingLoss(c, y, 8, 1) + 1e-9 * (1 + pick_loss))
          << "trial " << trial << ": " << pick << " over " << c;
    }
    EXPECT_EQ(ForecastSafe(y, 8, 1), FindModel(pick)(y, 8, 1));
    // The same demand without its pauses (every zero a 1) has the usual candidates only.
    for (double& v : y) v = std::max(v, 1.0);
    const std::string smooth(ChooseModel(y, 8, 1));
    EXPECT_NE(std::find(kCandidates.begin(), kCandidates.end(), smooth), kCandidates.end())
        << smooth;
  }
  // With a cycle, seasonal naive still competes: a weekly pattern that pauses on weekdays and
  // repeats exactly is forecast by it (rolling-origin error 0), not by the pausing models.
  std::vector<double> y;
  for (int t = 0; t < 70; ++t) y.push_back(t % 7 == 6 ? 70 : 0);
  EXPECT_EQ(ChooseModel(y, 7, 7), "snaive");
}

TEST(ModelChoiceTest, AHistoryTooShortForAnOriginIsAuto) {
  // h = 4 needs 4 + 4 = 8 points for the first origin.
  const std::vector<double> y{3, 5, 4, 6, 5, 7, 6};
  EXPECT_EQ(ChooseModel(y, 4, 1), "auto");
  EXPECT_EQ(ForecastSafe(y, 4, 1), ForecastAuto(y, 4, 1));
}

TEST(ModelChoiceTest, BacktestsAndDemandForecastsReportThePick) {
  std::mt19937 rng(3);
  std::vector<Series> series;
  for (int i = 0; i < 4; ++i)
    series.push_back({"s" + std::to_string(i), NoisySeasonalSeries(rng, 80, 12)});
  auto result = Backtest(series, 6, 12, {"safe"});
  ASSERT_TRUE(result.ok()) << result.status().message();
  size_t picks = 0;
  for (const auto& [pick, count] : result->models.at("safe").chosen) {
    EXPECT_NE(std::find(kCandidates.begin(), kCandidates.end(), pick), kCandidates.end()) << pick;
    picks += count;
  }
  EXPECT_EQ(picks, 4u);
  EXPECT_TRUE(result->models.at("naive2").chosen.empty());

  DemandForecastSettings settings;
  settings.horizon = 6;
  settings.season = 12;
  const std::vector<double>& y = series.front().values;
  auto forecast = ForecastDemand(y, "safe", settings);
  ASSERT_TRUE(forecast.ok());
  EXPECT_EQ(forecast->model, ChooseModel(y, 6, 12));
  auto direct = ForecastDemand(y, forecast->model, settings);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(forecast->mean, direct->mean);
  EXPECT_EQ(forecast->p90, direct->p90);
}

}  // namespace
}  // namespace mercato::forecast
