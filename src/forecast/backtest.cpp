// Holdout backtests of forecast models on a panel of series read from a long-format CSV.
#include "forecast/backtest.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "common/csv_reader.h"
#include "common/text.h"
#include "common/time.h"
#include "forecast/demand_forecast.h"
#include "forecast/metrics.h"
#include "forecast/model_registry.h"
#include "forecast/parallel_for.h"

namespace mercato::forecast {
namespace {

constexpr const char* kColumns[] = {"series_id", "t", "value"};

struct Point {
  int64_t t;
  double value;
  uint64_t line;
};

Status RowError(const std::string& path, uint64_t line, int column, const std::string& what) {
  return InvalidArgument(path + ":" + std::to_string(line) + ": column " + std::to_string(column) +
                         " (" + kColumns[column - 1] + "): " + what);
}

// An integer period, or a date/time (as seconds since the epoch); both sort chronologically
// within a series as long as the series uses one form.
Result<int64_t> ParsePeriod(std::string_view text) {
  Result<int64_t> period = ParseInt(text);
  if (period.ok()) return period;
  return ParseTimestamp(text);
}

}  // namespace

Result<std::vector<Series>> ReadLongSeries(const std::string& path) {
  ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  std::vector<Series> series;
  std::vector<std::vector<Point>> points;
  std::unordered_map<std::string, size_t> index;
  bool header = true;
  while (true) {
    Result<bool> next = reader->Next();
    if (!next.ok()) {
      return InvalidArgument(path + ":" + std::to_string(reader->line()) + ": " +
                             next.status().message());
    }
    if (!next.value()) break;
    const auto& f = reader->fields();
    const uint64_t line = reader->line();
    if (f.size() != 3) {
      return InvalidArgument(path + ":" + std::to_string(line) + ": expected 3 columns " +
                             "series_id,t,value, got " + std::to_string(f.size()));
    }
    if (header) {
      for (int c = 0; c < 3; ++c) {
        if (Trim(f[c]) != kColumns[c]) {
          return RowError(path, line, c + 1,
                          "expected the header series_id,t,value, got '" + Excerpt(f[c]) + "'");
        }
      }
      header = false;
      continue;
    }
    const std::string id(Trim(f[0]));
    if (id.empty()) return RowError(path, line, 1, "empty series id");
    Result<int64_t> t = ParsePeriod(Trim(f[1]));
    if (!t.ok()) {
      return RowError(path, line, 2,
                      "expected an integer period or a date, got '" + Excerpt(f[1]) + "'");
    }
    Result<double> value = ParseReal(Trim(f[2]));
    if (!value.ok()) {
      return RowError(path, line, 3, "expected a finite number, got '" + Excerpt(f[2]) + "'");
    }
    auto [it, inserted] = index.emplace(id, series.size());
    if (inserted) {
      series.push_back(Series{id, {}});
      points.emplace_back();
    }
    points[it->second].push_back(Point{t.value(), value.value(), line});
  }
  if (header) return InvalidArgument(path + ": empty file; expected the header series_id,t,value");
  for (size_t s = 0; s < series.size(); ++s) {
    std::vector<Point>& p = points[s];
    std::stable_sort(p.begin(), p.end(), [](const Point& a, const Point& b) { return a.t < b.t; });
    for (size_t i = 0; i < p.size(); ++i) {
      if (i > 0 && p[i].t == p[i - 1].t) {
        const uint64_t line = std::max(p[i].line, p[i - 1].line);
        return RowError(path, line, 2,
                        "period repeated within series '" + series[s].id + "' (also on line " +
                            std::to_string(std::min(p[i].line, p[i - 1].line)) + ")");
      }
      series[s].values.push_back(p[i].value);
    }
  }
  return series;
}

Result<BacktestResult> Backtest(const std::vector<Series>& series, int horizon, int season,
                                const std::vector<std::string>& models, int threads,
                                bool intervals) {
  if (horizon < 1) return InvalidArgument("horizon must be at least 1");
  if (season < 1) return InvalidArgument("season must be at least 1");
  std::vector<std::string> names = models;
  if (std::find(names.begin(), names.end(), "naive2") == names.end()) names.push_back("naive2");
  std::vector<ModelFn> fns;
  for (const std::string& name : names) {
    ModelFn fn = FindModel(name);
    if (fn == nullptr) {
      return InvalidArgument("unknown model '" + name + "' for a series file: use one of " +
                             Join(ModelNames(), ",") +
                             " (the store's models, such as class or compound, need --db)");
    }
    fns.push_back(fn);
  }
  const size_t h = static_cast<size_t>(horizon);
  for (const Series& s : series) {
    if (s.values.size() <= h) {
      return InvalidArgument("series '" + s.id + "' has " + std::to_string(s.values.size()) +
                             " points; needs more than the horizon " + std::to_string(horizon));
    }
  }
  BacktestResult result;
  result.series = series.size();
  size_t with_scale = 0;
  for (const Series& s : series) {
    const std::vector<double> history(s.values.begin(), s.values.end() - horizon);
    with_scale += MaseScale(history, season) > 0;
  }
  result.series_without_mase_scale = series.size() - with_scale;
  std::vector<double> smape(series.size()), mase(series.size());
  std::vector<std::string_view> picks(series.size());
  for (size_t k = 0; k < names.size(); ++k) {
    ModelScore score;
    const auto choose = FindForecastModel(names[k])->choose;
    const auto start = std::chrono::steady_clock::now();
    ParallelFor(series.size(), threads, [&](size_t i) {
      const Series& s = series[i];
      const std::vector<double> history(s.values.begin(), s.values.end() - horizon);
      const std::vector<double> actual(s.values.end() - horizon, s.values.end());
      if (choose != nullptr) picks[i] = choose(history, horizon, season);
      const std::vector<double> forecast =
          (choose != nullptr ? FindModel(picks[i]) : fns[k])(history, horizon, season);
      smape[i] = Smape(actual, forecast);
      mase[i] = MaseScale(history, season) > 0 ? Mase(history, actual, forecast, season) : 0.0;
    });
    score.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (size_t i = 0; i < series.size(); ++i) {
      score.smape += smape[i] / static_cast<double>(series.size());
      if (with_scale > 0) score.mase += mase[i] / static_cast<double>(with_scale);
      if (choose != nullptr) ++score.chosen[std::string(picks[i])];
    }
    if (intervals) {
      DemandForecastSettings settings;
      settings.horizon = horizon;
      settings.season = season;
      std::vector<size_t> below_p90(series.size()), below_p95(series.size());
      ParallelFor(series.size(), threads, [&](size_t i) {
        const Series& s = series[i];
        const std::vector<double> history(s.values.begin(), s.values.end() - horizon);
        // The model was found above, so forecasting cannot fail.
        const DemandForecast f = ForecastDemand(history, names[k], settings).value();
        for (size_t j = 0; j < h; ++j) {
          const double actual = s.values[history.size() + j];
          below_p90[i] += actual <= f.p90[j];
          below_p95[i] += actual <= f.p95[j];
        }
      });
      const double points = static_cast<double>(series.size() * h);
      score.coverage_p90 =
          static_cast<double>(std::accumulate(below_p90.begin(), below_p90.end(), size_t{0})) /
          points;
      score.coverage_p95 =
          static_cast<double>(std::accumulate(below_p95.begin(), below_p95.end(), size_t{0})) /
          points;
    }
    result.models[names[k]] = score;
  }
  const ModelScore& ref = result.models["naive2"];
  for (auto& [name, score] : result.models) {
    score.owa = Owa(score.smape, score.mase, ref.smape, ref.mase);
  }
  return result;
}

}  // namespace mercato::forecast
