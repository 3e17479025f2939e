// End-to-end tests of `mercato forecast` and `mercato forecast backtest` on a small store and
// a small series file: CSV and JSON contracts, horizons with units, exit statuses.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "cli/cli_test_util.h"

namespace {

using mercato::testing::CliRun;
using mercato::testing::CliTestDir;
using mercato::testing::Mercato;

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// 12 complete weeks from Monday 2024-01-01: A sells 10 + week units every week, B 5 units
// every third week. Returns the database path.
std::string WeeklyStore(const std::string& dir) {
  std::ostringstream orders, lines;
  orders << "id,customer_id,ts\n";
  lines << "order_id,line_no,sku,quantity,unit_price\n";
  for (int w = 0; w < 12; ++w) {
    const int day = 1 + 7 * w;  // day of year 2024, a Monday
    const int month = day <= 31 ? 1 : day <= 60 ? 2 : 3;
    const int mday = day <= 31 ? day : day <= 60 ? day - 31 : day - 60;
    char ts[32];
    std::snprintf(ts, sizeof ts, "2024-%02d-%02dT10:00:00Z", month, mday);
    orders << "o" << w << ",c1," << ts << "\n";
    lines << "o" << w << ",1,A," << 10 + w << ",2\n";
    if (w % 3 == 0) lines << "o" << w << ",2,B,5,3\n";
  }
  orders << "last,c1,2024-03-24T10:00:00Z\n";  // a Sunday: week 12 is complete
  lines << "last,1,A,1,2\n";
  Write(dir + "/store/orders.csv", orders.str());
  Write(dir + "/store/order_lines.csv", lines.str());
  const std::string db = dir + "/store.db";
  EXPECT_EQ(Mercato("import --db " + db + " --format generic " + dir + "/store").status, 0);
  return db;
}

// Without --model the forecast is the safe automatic choice (issue 20): the summary names it
// and every series names the candidate it picked.
TEST(ForecastCli, DefaultModelIsTheSafeChoice) {
  const std::string dir = CliTestDir();
  const std::string db = WeeklyStore(dir);
  CliRun run = Mercato("forecast --db " + db + " --horizon 2w");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find(", model safe\n"), std::string::npos) << run.out;
  run = Mercato("forecast --db " + db + " --horizon 2w --json");
  ASSERT_EQ(run.status, 0) << run.err;
  // Its candidates (forecast/model_choice.h), those of demand that pauses included.
  const std::set<std::string> candidates{"auto", "theta",  "damped", "ets", "ses", "naive2",
                                         "stlf", "snaive", "median", "ma",  "tsb", "sba"};
  const auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["forecasts"].size(), 2u);
  for (const auto& f : j["forecasts"]) {
    EXPECT_TRUE(candidates.count(f["model"].get<std::string>())) << f["model"];
  }
}

TEST(ForecastCli, StoreForecastCsvAndJson) {
  const std::string dir = CliTestDir();
  const std::string db = WeeklyStore(dir);
  const std::string out = dir + "/forecast.csv";
  // The rows below check the demand-class map, so the class model is asked for by name (the
  // default is safe since issue 20: DefaultModelIsTheSafeChoice).
  CliRun run =
      Mercato("forecast --db " + db + " --horizon 2w --model class --no-rollups --out " + out);
  ASSERT_EQ(run.status, 0) << run.out;
  std::ifstream in(out);
  std::string header, row;
  std::getline(in, header);
  EXPECT_EQ(header,
            "sku,location,period_start,p50,p90,p95,model,demand_class,title,product_id,level,mean");
  std::vector<std::string> rows;
  while (std::getline(in, row)) rows.push_back(row);
  ASSERT_EQ(rows.size(), 4u);  // 2 SKUs x 2 weeks
  EXPECT_EQ(rows[0].substr(0, 14), "A,,2024-03-25,");
  EXPECT_NE(rows[0].find(",theta,smooth"), std::string::npos) << rows[0];
  EXPECT_NE(rows[2].find(",tsb,intermittent"), std::string::npos) << rows[2];
  EXPECT_EQ(rows[3].substr(0, 14), "B,,2024-04-01,");

  run = Mercato("forecast --db " + db + " --horizon 14d --model ma --json");
  ASSERT_EQ(run.status, 0) << run.out;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["horizon"], 2);
  ASSERT_EQ(j["forecasts"].size(), 2u);
  const auto& a = j["forecasts"][0];
  EXPECT_EQ(a["sku"], "A");
  EXPECT_EQ(a["model"], "ma");
  // The last week holds the Sunday order too.
  EXPECT_DOUBLE_EQ(a["periods"][0]["mean"].get<double>(), (18 + 19 + 20 + 22) / 4.0);
  EXPECT_LE(a["periods"][0]["p50"].get<double>(), a["periods"][0]["p90"].get<double>());
  // The history: as many weeks as the horizon, the last two before the forecast (weeks 10 and
  // 11 from 2024-03-11: A sold 10 + 10 and 10 + 11 + 1; B sold in weeks 0, 3, 6 and 9 only).
  ASSERT_EQ(a["history"].size(), 2u);
  EXPECT_EQ(a["history"][0]["start"], "2024-03-11");
  EXPECT_EQ(a["history"][0]["units"], 20.0);
  EXPECT_EQ(a["history"][1]["units"], 22.0);
  EXPECT_EQ(j["forecasts"][1]["history"], nlohmann::json::parse(R"([
      {"start": "2024-03-11", "units": 0.0}, {"start": "2024-03-18", "units": 0.0}])"));
  run = Mercato("forecast --db " + db + " --horizon 2w --history 4w --model ma --json");
  ASSERT_EQ(run.status, 0) << run.err;
  const auto longer = nlohmann::json::parse(run.out)["forecasts"][1]["history"];
  ASSERT_EQ(longer.size(), 4u);
  EXPECT_EQ(longer[0]["start"], "2024-02-26");
  EXPECT_EQ(longer[1]["units"], 5.0);  // week 9
  run = Mercato("forecast --db " + db + " --horizon 2w --history 0 --model ma --json");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_FALSE(nlohmann::json::parse(run.out)["forecasts"][0].contains("history"));
  run = Mercato("forecast --db " + db + " --horizon 2w --history soon --json");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("--history: expected a count (0: none)"), std::string::npos) << run.err;

  run = Mercato("forecast --db " + db + " --horizon 2w --by day --json");
  ASSERT_EQ(run.status, 0);
  EXPECT_EQ(nlohmann::json::parse(run.out)["horizon"], 14);
}

TEST(ForecastCli, StoreBacktestJson) {
  const std::string dir = CliTestDir();
  const std::string db = WeeklyStore(dir);
  CliRun run =
      Mercato("forecast backtest --db " + db +
              " --horizon 2w --origins 3 --models ma,class,select,compound --per-sku --json");
  ASSERT_EQ(run.status, 0) << run.out;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["series"], 2);
  for (const char* key :
       {"mase", "rmsse", "smape", "wape", "bias", "pinball", "coverage_p90", "coverage_p95"}) {
    EXPECT_TRUE(j["models"]["ma"].contains(key)) << key;
  }
  EXPECT_EQ(j["models"]["ma"]["forecasts"], 6);  // 2 SKUs x 3 origins
  EXPECT_EQ(j["models"]["compound"]["forecasts"], 6);
  EXPECT_TRUE(j["models"]["compound"].contains("wape_p50"));
  EXPECT_TRUE(j["by_class"].contains("smooth"));
  EXPECT_TRUE(j["by_class"].contains("intermittent"));
  EXPECT_EQ(j["per_sku"].size(), 2u);
  // A grows by one unit a week: MA(4) lags by 2.5 weeks of growth, and more at step 2.
  EXPECT_LT(j["per_sku"][0]["models"]["ma"]["bias"].get<double>(), 0.0);
}

TEST(ForecastCli, GlobalModelWithCovariatesAndBadCovariateRows) {
  const std::string dir = CliTestDir();
  const std::string db = WeeklyStore(dir);
  const std::string cov = dir + "/cov.csv";
  Write(cov, "date,sku,name,value\n2024-01-01,,footfall,100\n2024-03-25,A,display,1\n");
  CliRun run = Mercato("forecast --db " + db + " --horizon 2w --model global --covariates " + cov +
                       " --country US --json");
  ASSERT_EQ(run.status, 0) << run.out;
  const auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["forecasts"].size(), 2u);
  EXPECT_EQ(j["forecasts"][0]["model"], "global");
  EXPECT_GT(j["forecasts"][0]["periods"][0]["mean"].get<double>(), 0.0);
  run = Mercato("forecast backtest --db " + db + " --horizon 2w --models ma,global,ensemble " +
                "--covariates " + cov + " --json");
  ASSERT_EQ(run.status, 0) << run.out;
  const auto b = nlohmann::json::parse(run.out);
  EXPECT_EQ(b["models"]["global"]["forecasts"], 2);
  EXPECT_TRUE(b["feature_gain"].contains("csv:footfall"));
  EXPECT_TRUE(b["ensemble_weights"].contains("smooth"));

  Write(cov, "date,name,value\n2024-01-01,footfall,100\n2024-01-08,footfall,many\n");
  run = Mercato("forecast --db " + db + " --horizon 2w --model global --covariates " + cov);
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("cov.csv:3: field 'value': expected a finite number, got 'many'"),
            std::string::npos)
      << run.err;
  run = Mercato("forecast --db " + db + " --horizon 2w --model global --country XX");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("no rules for country 'XX'"), std::string::npos) << run.err;
}

TEST(ForecastCli, SeriesBacktestContractAndErrors) {
  const std::string dir = CliTestDir();
  std::ostringstream csv;
  csv << "series_id,t,value\n";
  for (int t = 1; t <= 30; ++t) csv << "s1," << t << "," << 100 + t << "\n";
  Write(dir + "/series.csv", csv.str());
  CliRun run = Mercato("forecast backtest --series " + dir +
                       "/series.csv --horizon 5 --models naive,ets --json");
  ASSERT_EQ(run.status, 0);
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["series"], 1);
  EXPECT_NEAR(j["models"]["naive"]["mase"].get<double>(), 3.0, 1e-9);  // errors 1..5, scale 1
  EXPECT_TRUE(j["models"]["ets"].contains("seconds"));

  EXPECT_NE(Mercato("forecast backtest --series " + dir + "/series.csv --horizon 5w").status, 0);
  // The order-line model needs the store: the error says so.
  run = Mercato("forecast backtest --series " + dir + "/series.csv --horizon 5 --models compound");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("need --db"), std::string::npos) << run.err;
  const std::string db = WeeklyStore(dir);
  EXPECT_EQ(Mercato("forecast --db " + db + " --horizon 10d").status, 1);  // not whole weeks
  run = Mercato("forecast --db " + db + " --horizon 2w --model prophet");
  EXPECT_EQ(run.status, 1);
  // The same words as GET /v1/forecasts?model=prophet (the action checks the name).
  EXPECT_EQ(
      run.err.rfind("mercato forecast: unknown forecast model 'prophet': expected one of ", 0), 0u)
      << run.err;
  EXPECT_EQ(Mercato("forecast backtest --db " + db + " --horizon 20w").status, 1);
  EXPECT_EQ(Mercato("forecast --db " + db).status, 2);
  EXPECT_EQ(Mercato("forecast backtest --horizon 2w").status, 2);
}

}  // namespace
