// Recovery of the synthetic store's planted demand effects through the forecasting pipeline:
// the demand panel (BuildDemandPanel) and its covariates (BuildPanelCovariates) must show the
// planted department seasonality, promotion lift and price elasticity within stated tolerances.
//
// Tolerances (also in docs/forecasting.md):
//  - seasonality: per department with a planted amplitude A >= 0.2, the measured ratio of mean
//    daily demand in the 91 days around the planted peak to the 91 days around the trough is
//    within 25% of the planted ratio (season × trend over the same days);
//  - promotion: the pooled lift on promotion days (units over each SKU's own non-promotion
//    mean) is within 20% of the planted multiplier promo_lift × (promo price / regular)^elasticity
//    averaged over the same SKU-days;
//  - price: the pooled elasticity from permanent price changes (log ratio of a SKU's mean
//    demand after over before, net of its department's, over the log price ratio) has the planted
//    sign and lies within 0.4 of the weighted planted elasticity.
// Measured with seed 5 (6,000 customers, 730 days): peak/trough ratios 0.82–0.98 of planted (the
// customers' purchase rate is not seasonal, so part of a department's swing is a shift between
// departments, which damps it), promotion lift 1.71 against 1.82 planted, elasticity −1.14
// against −1.34 over 43 price changes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>

#include "forecast/covariates.h"
#include "forecast/demand_series.h"
#include "ingest/import_test_util.h"
#include "synth/generator.h"

namespace mercato::forecast {
namespace {

struct Generated {
  std::unique_ptr<Store> store;
  nlohmann::json truth;
  synth::SynthConfig config;
};

Generated Generate() {
  Generated g;
  const std::string dir = mercato::testing::FreshDir();
  g.config.customers = 6000;
  g.config.days = 730;
  g.config.seed = 5;
  synth::SynthSummary summary;
  EXPECT_TRUE(synth::GenerateStore(g.config, dir + "/files", &summary).ok());
  g.store = mercato::testing::FreshStore(dir + "/db");
  EXPECT_EQ(mercato::testing::Import(*g.store, "generic", {dir + "/files"}).rows_skipped, 0);
  std::ifstream in(dir + "/files/truth.json");
  g.truth = nlohmann::json::parse(in);
  return g;
}

class SyntheticRecovery : public ::testing::Test {
 protected:
  // Generates the store once, inside the first test (FreshDir names its folder after the
  // running test).
  void SetUp() override {
    if (g_ != nullptr) return;
    g_ = new Generated(Generate());
    snapshot_ = new Snapshot(LoadSnapshot(*g_->store).value());
    DemandOptions options;
    options.period = Period::kDay;
    panel_ = new DemandPanel(BuildDemandPanel(*snapshot_, options).value());
    CovariateOptions cov;
    cov.countries = {"US"};
    covariates_ = new PanelCovariates(BuildPanelCovariates(*snapshot_, *panel_, cov).value());
    for (const auto& d : g_->truth["catalog"]["departments"]) {
      departments_[d["name"].get<std::string>()] = d;
    }
  }
  static void TearDownTestSuite() {
    delete covariates_;
    delete panel_;
    delete snapshot_;
    delete g_;
  }
  // Department name of series i (the top-level category).
  static std::string Department(size_t i) {
    const int32_t c = snapshot_->item_category[static_cast<size_t>(panel_->series[i].item)];
    return c < 0 ? "" : snapshot_->categories.Key(c);
  }
  // Sales of series i on panel day p (0 before its first sale; NaN when censored).
  static double Sales(size_t i, int64_t p) {
    const DemandSeries& s = panel_->series[i];
    return p < s.first ? 0.0 : s.sales[static_cast<size_t>(p - s.first)];
  }

  static Generated* g_;
  static Snapshot* snapshot_;
  static DemandPanel* panel_;
  static PanelCovariates* covariates_;
  static std::map<std::string, nlohmann::json> departments_;
};

Generated* SyntheticRecovery::g_ = nullptr;
Snapshot* SyntheticRecovery::snapshot_ = nullptr;
DemandPanel* SyntheticRecovery::panel_ = nullptr;
PanelCovariates* SyntheticRecovery::covariates_ = nullptr;
std::map<std::string, nlohmann::json> SyntheticRecovery::departments_;

TEST_F(SyntheticRecovery, DepartmentSeasonality) {
  const int64_t start_day = DayOf(g_->config.start), days = g_->config.days;
  int checked = 0;
  for (const auto& [name, d] : departments_) {
    const double amplitude = d["season_amplitude"], trend = d["trend_per_year"];
    const int peak = d["season_peak_day_of_year"];
    if (amplitude < 0.2) continue;
    // Windows of 91 days centred on the peak and the trough in the second year.
    double measured[2] = {0, 0}, planted[2] = {0, 0};
    for (int w = 0; w < 2; ++w) {
      const int64_t centre = start_day + 365 + ((peak + 182 * w) % 365);
      for (int64_t day = centre - 45; day <= centre + 45; ++day) {
        if (day - start_day >= days || day < panel_->first) continue;
        const CivilDate date = CivilFromDays(day);
        const double doy = static_cast<double>(day - DaysFromCivil(date.year, 1, 1));
        planted[w] +=
            (1 + amplitude * std::cos(2 * std::numbers::pi * (doy - peak) / 365.25)) *
            std::exp(trend *
                     (static_cast<double>(day - start_day) - static_cast<double>(days - 1) / 2) /
                     365);
        for (size_t i = 0; i < panel_->series.size(); ++i) {
          if (Department(i) != name) continue;
          const double v = Sales(i, day);
          if (!std::isnan(v)) measured[w] += v;
        }
      }
    }
    const double ratio = measured[0] / measured[1], expected = planted[0] / planted[1];
    std::printf("seasonality %-12s planted peak/trough %.3f measured %.3f\n", name.c_str(),
                expected, ratio);
    EXPECT_NEAR(ratio / expected, 1.0, 0.25) << name;
    ++checked;
  }
  EXPECT_GE(checked, 4);
}

TEST_F(SyntheticRecovery, PromotionLiftAndPriceEffect) {
  // Planted multiplier per promotion day: promo_lift × (promo price / regular)^elasticity, the
  // regular price being the catalog price (SKUs with a permanent price change are left out).
  const double promo_lift = g_->truth["demand"]["promo_lift"];
  // A SKU's price_change rows (one per SKU in the generator): the new regular price. The old
  // one is read from the order lines before the change (the covariates' price) since
  // products.csv holds the final price.
  std::map<std::string, std::vector<Promotion>> price_change;
  ASSERT_TRUE(ScanAll<Promotion>(*g_->store, [&](const Promotion& p) {
                if (p.kind == "price_change" && p.price) price_change[p.sku].push_back(p);
                return Status::Ok();
              }).ok());
  for (auto& [sku, rows] : price_change) {
    std::sort(rows.begin(), rows.end(),
              [](const Promotion& a, const Promotion& b) { return a.start < b.start; });
  }
  double units = 0, baseline = 0, planted = 0;
  // Price changes: per department, mean daily demand after / before of the SKUs without one.
  std::map<std::string, std::pair<double, double>> dept_before_after;
  struct Change {
    size_t series;
    int64_t day;
    double log_price_ratio;
  };
  std::vector<Change> changes;
  for (size_t i = 0; i < panel_->series.size(); ++i) {
    const DemandSeries& s = panel_->series[i];
    const std::string dept = Department(i);
    if (!departments_.count(dept) || !std::isfinite(covariates_->list_price[i])) continue;
    const double elasticity = departments_[dept]["elasticity"];
    if (auto it = price_change.find(s.sku); it != price_change.end()) {
      const int64_t day = DayOf(it->second.back().start);
      double price_sum = 0, price_n = 0;
      for (int64_t p = panel_->first; p < std::min(day, panel_->end); ++p) {
        const size_t t = static_cast<size_t>(p - covariates_->first);
        const float price = covariates_->price[i][t];
        if (std::isnan(price) || covariates_->promo[i][t] > 0) continue;
        price_sum += price;
        price_n += 1;
      }
      if (price_n > 0) {
        changes.push_back({i, day, std::log(*it->second.back().price / (price_sum / price_n))});
      }
      continue;
    }
    double off_units = 0, off_days = 0;
    std::vector<int64_t> promo_days;
    for (int64_t p = panel_->first; p < panel_->end; ++p) {
      const double v = Sales(i, p);
      if (std::isnan(v)) continue;
      const float depth = covariates_->promo[i][static_cast<size_t>(p - covariates_->first)];
      if (depth > 0.999f * 0.1f) {
        promo_days.push_back(p);
      } else if (depth == 0) {
        off_units += v;
        off_days += 1;
      }
    }
    if (off_days < 100) continue;
    const double mean = off_units / off_days;
    for (int64_t p : promo_days) {
      const double depth = covariates_->promo[i][static_cast<size_t>(p - covariates_->first)];
      units += Sales(i, p);
      baseline += mean;
      planted += mean * promo_lift * std::pow(1 - depth, elasticity);
    }
    // Controls for the price changes of the department: split at the panel's middle.
    const int64_t mid = (panel_->first + panel_->end) / 2;
    for (int64_t p = panel_->first; p < panel_->end; ++p) {
      const double v = Sales(i, p);
      if (!std::isnan(v))
        (p < mid ? dept_before_after[dept].first : dept_before_after[dept].second) += v;
    }
  }
  ASSERT_GT(baseline, 0);
  const double lift = units / baseline, expected = planted / baseline;
  std::printf("promotion lift: planted %.3f measured %.3f over %.0f baseline units\n", expected,
              lift, baseline);
  EXPECT_NEAR(lift / expected, 1.0, 0.20);
  // Elasticity from permanent price changes, each SKU's after/before ratio net of its
  // department's (the control ratio uses the panel's halves, a rough season-trend adjustment).
  double num = 0, den = 0, planted_elasticity = 0;
  int used = 0;
  for (const Change& c : changes) {
    const std::string dept = Department(c.series);
    double before = 0, after = 0, nb = 0, na = 0;
    for (int64_t p = panel_->first; p < panel_->end; ++p) {
      const double v = Sales(c.series, p);
      if (std::isnan(v) || p < panel_->series[c.series].first) continue;
      if (covariates_->promo[c.series][static_cast<size_t>(p - covariates_->first)] > 0) continue;
      (p < c.day ? before : after) += v;
      (p < c.day ? nb : na) += 1;
    }
    const auto& control = dept_before_after[dept];
    if (nb < 60 || na < 60 || before == 0 || after == 0 || control.first == 0 ||
        std::abs(c.log_price_ratio) < 0.02) {
      continue;
    }
    const double log_ratio =
        std::log((after / na) / (before / nb)) - std::log(control.second / control.first);
    const double weight = std::abs(c.log_price_ratio);
    num += weight * log_ratio / c.log_price_ratio;
    den += weight;
    planted_elasticity += weight * departments_[dept]["elasticity"].get<double>();
    ++used;
  }
  ASSERT_GE(used, 10);
  const double measured = num / den, expected_e = planted_elasticity / den;
  std::printf("price elasticity over %d price changes: planted %.2f measured %.2f\n", used,
              expected_e, measured);
  EXPECT_LT(measured, 0);
  EXPECT_NEAR(measured, expected_e, 0.4);
}

}  // namespace
}  // namespace mercato::forecast
