// Tests of the category price index (hand-computed, carried prices and units weights) and of the
// cross-price elasticities a noiseless planted panel gives back.
#include "pricing/cross_price.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mercato::pricing {
namespace {

PriceSeries Series(std::string key, std::string location, std::vector<int64_t> period,
                   std::vector<double> units, std::vector<double> price) {
  PriceSeries s;
  s.key = key;
  s.location = std::move(location);
  s.skus = {std::move(key)};
  s.period = std::move(period);
  s.units = std::move(units);
  s.price = std::move(price);
  return s;
}

TEST(CategoryPriceIndex, OthersOfTheStoreAndCategoryWeightedByUnitsWithPricesCarried) {
  PricePanel panel;
  panel.groups = {"g"};
  // Store 1: A (3 units), B (6 units, no row in period 1), C (3 units, no row in period 0).
  panel.series.push_back(Series("A", "1", {0, 1, 2}, {1, 1, 1}, {1, 1, 1}));
  panel.series.push_back(Series("B", "1", {0, 2}, {3, 3}, {2, 4}));
  panel.series.push_back(Series("C", "1", {1, 2}, {1, 2}, {8, 8}));
  panel.series.push_back(Series("D", "2", {0, 1}, {1, 1}, {5, 6}));  // alone in store 2
  panel.series.push_back(Series("E", "1", {0, 1}, {1, 1}, {5, 6}));  // store 1, another category
  panel.series.back().category = "other";
  AddCategoryPriceIndex(panel);
  const double l2 = std::log(2.0);
  // A: (6·log pB + 3·log pC) / 9 with B's price 2 carried into period 1 and C's 8 carried back
  // into period 0: periods 0 and 1 (6·log 2 + 3·3·log 2) / 9 = 15/9·log 2; period 2
  // (6·2·log 2 + 9·log 2) / 9 = 21/9·log 2.
  ASSERT_EQ(panel.series[0].category_price.size(), 3u);
  EXPECT_NEAR(panel.series[0].category_price[0], 15.0 / 9 * l2, 1e-12);
  EXPECT_NEAR(panel.series[0].category_price[1], 15.0 / 9 * l2, 1e-12);
  EXPECT_NEAR(panel.series[0].category_price[2], 21.0 / 9 * l2, 1e-12);
  // B's others: A (3 units, price 1) and C (3 units, price 8): (0 + 3·3·log 2) / 6 = 1.5·log 2.
  ASSERT_EQ(panel.series[1].category_price.size(), 2u);
  EXPECT_NEAR(panel.series[1].category_price[0], 1.5 * l2, 1e-12);
  EXPECT_NEAR(panel.series[1].category_price[1], 1.5 * l2, 1e-12);
  // C's others: A and B (9 units): period 1 (3·0 + 6·log 2) / 9, period 2 (6·2·log 2) / 9.
  EXPECT_NEAR(panel.series[2].category_price[0], 6.0 / 9 * l2, 1e-12);
  EXPECT_NEAR(panel.series[2].category_price[1], 12.0 / 9 * l2, 1e-12);
  EXPECT_TRUE(panel.series[3].category_price.empty());  // alone in its store
  EXPECT_TRUE(panel.series[4].category_price.empty());  // alone in its category
}

TEST(CategoryPriceIndex, OthersThatSoldNothingGiveNoIndex) {
  PricePanel panel;
  panel.groups = {"g"};
  panel.series.push_back(Series("A", "1", {0, 1}, {4, 5}, {1, 2}));
  panel.series.push_back(Series("B", "1", {0, 1}, {0, 0}, {3, 4}));
  AddCategoryPriceIndex(panel);
  EXPECT_TRUE(panel.series[0].category_price.empty());
  EXPECT_EQ(panel.series[1].category_price.size(), 2u);  // A sold: B has an index
}

// Two brands in each of two stores over 104 weeks, prices cycling independently (periods 3 and
// 5 weeks), units exactly exp(a − 2·log pA + 0.8·log pB) for A and exp(b − 1.5·log pB +
// 0.5·log pA) for B: each one's index is the other's log price, so the model gives back the
// planted own and cross elasticities.
PricePanel PlantedPanel() {
  PricePanel panel;
  panel.groups = {"A", "B"};
  const double a_prices[] = {2.0, 2.5, 3.0}, b_prices[] = {1.0, 1.2, 1.4, 1.1, 1.3};
  for (const std::string store : {"1", "2"}) {
    PriceSeries a = Series("A", store, {}, {}, {}), b = Series("B", store, {}, {}, {});
    b.group = 1;
    for (int w = 0; w < 104; ++w) {
      const double pa = a_prices[w % 3], pb = b_prices[w % 5];
      for (PriceSeries* s : {&a, &b}) {
        s->period.push_back(w);
      }
      a.price.push_back(pa);
      b.price.push_back(pb);
      a.units.push_back(std::exp(5 - 2 * std::log(pa) + 0.8 * std::log(pb)));
      b.units.push_back(std::exp(4 - 1.5 * std::log(pb) + 0.5 * std::log(pa)));
    }
    panel.series.push_back(std::move(a));
    panel.series.push_back(std::move(b));
  }
  return panel;
}

TEST(CrossElasticities, APlantedNoiselessPanelGivesBackOwnAndCrossElasticities) {
  PricePanel panel = PlantedPanel();
  AddCategoryPriceIndex(panel);
  const ElasticityReport own = EstimateElasticities(panel, {}).value();
  const std::optional<ElasticityReport> cross = ShrinkCrossElasticities(panel, own, {}).value();
  ASSERT_TRUE(cross.has_value());
  EXPECT_EQ(cross->n_estimated, 4);
  for (size_t i = 0; i < panel.series.size(); ++i) {
    const bool a = panel.series[i].key == "A";
    const SeriesFit& fit = own.series[i].fit;
    ASSERT_TRUE(fit.estimated && fit.cross_estimated) << fit.reason;
    EXPECT_EQ(fit.terms[2], "log_category_price");
    EXPECT_NEAR(fit.elasticity, a ? -2.0 : -1.5, 1e-6);
    EXPECT_NEAR(fit.cross_elasticity, a ? 0.8 : 0.5, 1e-6);
    // The shrunk estimate keeps its own fit with the shrinkage's weight (ShrinkElasticities'
    // arithmetic, tested there): the stores agree exactly, so tau2_series is 0 and each series
    // takes its brand's estimate, whose interval holds the planted value.
    const SeriesElasticity& e = cross->series[i];
    EXPECT_EQ(e.pooling, "product");
    EXPECT_NEAR(e.estimate.elasticity, cross->groups[a ? 0 : 1].estimate.elasticity, 1e-9);
    EXPECT_LT(e.estimate.ci_low, a ? 0.8 : 0.5);
    EXPECT_GT(e.estimate.ci_high, a ? 0.8 : 0.5);
  }
  EXPECT_NEAR(cross->tau2_series, 0.0, 1e-9);
  // By brand (the groups): the two brands' 0.8 and 0.5 each shrunk toward their mean, not past it.
  const double overall = cross->overall.elasticity;
  EXPECT_GT(overall, 0.5);
  EXPECT_LT(overall, 0.8);
  EXPECT_GT(cross->groups[0].estimate.elasticity, overall);
  EXPECT_LE(cross->groups[0].estimate.elasticity, 0.8);
  EXPECT_LT(cross->groups[1].estimate.elasticity, overall);
  EXPECT_GE(cross->groups[1].estimate.elasticity, 0.5);
}

TEST(CrossElasticities, NoneWithoutOthersAndAReasonForASeriesWithoutIts) {
  PricePanel panel = PlantedPanel();
  // Without the index (never computed) no fit has a cross term: nothing to report.
  const ElasticityReport own = EstimateElasticities(panel, {}).value();
  EXPECT_FALSE(ShrinkCrossElasticities(panel, own, {}).value().has_value());
  // Store 2's B moved to store 3: store 2's A and store 3's B are alone, pooled to their brand.
  panel.series[3].location = "3";
  AddCategoryPriceIndex(panel);
  const ElasticityReport refit = EstimateElasticities(panel, {}).value();
  const ElasticityReport cross = ShrinkCrossElasticities(panel, refit, {}).value().value();
  EXPECT_EQ(cross.n_estimated, 2);
  EXPECT_EQ(cross.series[2].pooling, "category");
  EXPECT_EQ(cross.series[2].fit.reason, "no other product in its store and category");
  EXPECT_NEAR(cross.series[2].estimate.elasticity, cross.groups[0].estimate.elasticity, 1e-12);
  EXPECT_NE(ShrinkCrossElasticities(panel, ElasticityReport{}, {}).status().code(),
            StatusCode::kOk);
}

}  // namespace
}  // namespace mercato::pricing
