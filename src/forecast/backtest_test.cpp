// Tests of the long-format reader and the holdout backtest, and Naive2 on M4 Weekly.
#include "forecast/backtest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/csv_reader.h"
#include "common/text.h"

namespace mercato::forecast {
namespace {

std::string WriteTemp(const std::string& name, const std::string& content) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path) << content;
  return path;
}

TEST(BacktestTest, ReadsAndSortsLongSeries) {
  const std::string path = WriteTemp("forecast_long.csv",
                                     "series_id,t,value\n"
                                     "a,2,20\nb,2024-01-08,5\na,1,10\nb,2024-01-01,4\na,3,30\n");
  Result<std::vector<Series>> series = ReadLongSeries(path);
  ASSERT_TRUE(series.ok()) << series.status().message();
  ASSERT_EQ(series->size(), 2u);
  EXPECT_EQ((*series)[0].id, "a");
  EXPECT_EQ((*series)[0].values, (std::vector<double>{10, 20, 30}));
  EXPECT_EQ((*series)[1].values, (std::vector<double>{4, 5}));
}

TEST(BacktestTest, BadInputNamesFileLineAndColumn) {
  const std::string bad_value = WriteTemp("forecast_bad_value.csv", "series_id,t,value\na,1,x\n");
  Result<std::vector<Series>> r = ReadLongSeries(bad_value);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            bad_value + ":2: column 3 (value): expected a finite number, got 'x'");

  const std::string bad_t = WriteTemp("forecast_bad_t.csv", "series_id,t,value\na,soon,1\n");
  r = ReadLongSeries(bad_t);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(":2: column 2 (t)"), std::string::npos);

  const std::string dup = WriteTemp("forecast_dup.csv", "series_id,t,value\na,1,1\na,2,2\na,1,3\n");
  r = ReadLongSeries(dup);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(":4: column 2 (t): period repeated"), std::string::npos);

  const std::string header = WriteTemp("forecast_header.csv", "id,t,value\na,1,1\n");
  EXPECT_FALSE(ReadLongSeries(header).ok());
  const std::string columns = WriteTemp("forecast_columns.csv", "series_id,t,value\na,1\n");
  EXPECT_NE(ReadLongSeries(columns).status().message().find(":2: expected 3 columns"),
            std::string::npos);
  EXPECT_FALSE(ReadLongSeries("/nonexistent/forecast.csv").ok());
}

TEST(BacktestTest, ScoresModelsAgainstNaive2) {
  const std::vector<Series> series{{"a", {1, 2, 3, 4, 5, 6}}, {"b", {2, 4, 2, 4, 2, 4}}};
  Result<BacktestResult> r = Backtest(series, 2, 1, {"naive"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->series, 2u);
  ASSERT_EQ(r->models.count("naive2"), 1u);
  const ModelScore& naive = r->models.at("naive");
  // a: history 1..4, forecast 4 4 for 5 6; b: history 2 4 2 4, forecast 4 4 for 2 4.
  const double smape_a = (200.0 / 9 + 400.0 / 10) / 2, smape_b = (400.0 / 6) / 2;
  EXPECT_NEAR(naive.smape, (smape_a + smape_b) / 2, 1e-9);
  EXPECT_NEAR(naive.mase, (1.5 / 1 + 1.0 / 2) / 2, 1e-9);
  EXPECT_DOUBLE_EQ(r->models.at("naive2").owa, 1.0);

  EXPECT_FALSE(Backtest(series, 6, 1, {"naive"}).ok());
  EXPECT_FALSE(Backtest(series, 2, 1, {"prophet"}).ok());
}

// The official M4 Weekly train (wide, ragged) and test files, as series of train + test.
std::vector<Series> LoadM4Weekly(const std::string& dir) {
  std::vector<Series> series;
  for (const char* file : {"Weekly-train.csv.zst", "Weekly-test.csv"}) {
    auto reader = CsvReader::Open(dir + "/" + file, CsvOptions{.max_fields = 4000});
    EXPECT_TRUE(reader.ok());
    if (!reader.ok()) return {};
    size_t row = 0;
    for (bool header = true; reader.value()->Next().value(); header = false) {
      if (header) continue;
      const auto& f = reader.value()->fields();
      if (series.size() <= row) series.push_back(Series{std::string(f[0]), {}});
      for (size_t i = 1; i < f.size() && !f[i].empty(); ++i) {
        series[row].values.push_back(ParseReal(f[i]).value());
      }
      ++row;
    }
  }
  return series;
}

TEST(BacktestTest, Naive2ReproducesThePublishedM4WeeklyFigures) {
  const std::string dir = std::string(MERCATO_SHARED_DATA_DIR) + "/m4-weekly";
  if (!std::filesystem::exists(dir + "/Weekly-test.csv")) {
    GTEST_SKIP() << "M4 Weekly data not found in " << dir;
  }
  const std::vector<Series> series = LoadM4Weekly(dir);
  ASSERT_EQ(series.size(), 359u);
  Result<BacktestResult> r = Backtest(series, 13, 1, {"naive2"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_NEAR(r->models.at("naive2").smape, 9.161, 0.01);
  EXPECT_NEAR(r->models.at("naive2").mase, 2.777, 0.01);
}

TEST(Backtest, ScoresTheIntervalsWhenAsked) {
  // History 1..18, then 25 and 19 held out. Naive's errors at the 6 inner origins (11..16, two
  // steps each) are six 1s and six 2s, so its P90 and P95 are 18 + 2 = 20 at both steps: 25 is
  // above, 19 below, coverage 1/2. Without intervals none is scored.
  std::vector<double> values;
  for (int t = 1; t <= 18; ++t) values.push_back(t);
  values.push_back(25);
  values.push_back(19);
  const std::vector<Series> series = {{"a", values}};
  const BacktestResult with = Backtest(series, 2, 1, {"naive"}, 1, true).value();
  EXPECT_DOUBLE_EQ(*with.models.at("naive").coverage_p90, 0.5);
  EXPECT_DOUBLE_EQ(*with.models.at("naive").coverage_p95, 0.5);
  const BacktestResult without = Backtest(series, 2, 1, {"naive"}).value();
  EXPECT_FALSE(without.models.at("naive").coverage_p90);
}

}  // namespace
}  // namespace mercato::forecast
