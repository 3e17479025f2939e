// Tests of the daily event-window elasticities on small planted panels with exact units.
#include "pricing/event_elasticity.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mercato::pricing {
namespace {

// A panel of one group ("Home") whose series are in `leaf_of` leaves, each over days 100..139.
DailyPricePanel Panel(std::vector<PriceSeries> series, std::vector<int32_t> leaf_of,
                      std::vector<std::string> leaves) {
  DailyPricePanel daily;
  daily.panel.groups = {"Home"};
  daily.panel.series = std::move(series);
  daily.leaf = std::move(leaf_of);
  daily.leaves = std::move(leaves);
  return daily;
}

// units(day) for days 100..139 at price(day), promotion flag promo(day).
template <typename Units, typename Price, typename Promo>
PriceSeries Series(std::string key, Units units, Price price, Promo promo) {
  PriceSeries s;
  s.key = std::move(key);
  for (int64_t day = 100; day < 140; ++day) {
    s.period.push_back(day);
    s.units.push_back(units(day));
    s.price.push_back(price(day));
    s.promo.push_back(promo(day));
  }
  return s;
}

// A product whose price goes from 10 to 12.5 on day 120 and its units from 100 to 64 a day
// (elasticity −2), and one that sells 50 a day at a steady price, without promotions.
PriceSeries Changing(std::string key) {
  return Series(
      std::move(key), [](int64_t d) { return d < 120 ? 100.0 : 64.0; },
      [](int64_t d) { return d < 120 ? 10.0 : 12.5; }, [](int64_t) { return 0.0; });
}
PriceSeries Steady(std::string key, double price) {
  return Series(
      std::move(key), [](int64_t) { return 50.0; }, [=](int64_t) { return price; },
      [](int64_t) { return 0.0; });
}

// The mug's price goes from 10 to 12.5 on day 120 and its units from 100 to 64 a day, while the
// plate of the same leaf keeps selling 50: e = log(64/100) / log(12.5/10) = −2 exactly. The
// fit is exact (every expected count equals its units), so the se comes from the information
// alone: each day weighs mu·M/(mu + M) with M = the plate's 50: 100·50/150 = 33.33 before,
// 64·50/114 = 28.07 after; over 20 days each H1 = 666.67, H2 = 561.40, and the information of
// a two-level log price is H1·H2/(H1 + H2)·log(1.25)² = 304.76·0.049793 = 15.175, so se =
// 1/sqrt(15.175) = 0.2567 (Pearson dispersion 0, floored at 1).
TEST(FitEventElasticities, OnePermanentChangeAgainstItsLeafRecoversThePlantedElasticity) {
  DailyPricePanel daily = Panel({Changing("mug"), Steady("plate", 7)}, {0, 0}, {"Home > Table"});
  const std::vector<SeriesFit> fits = FitEventElasticities(daily, {});
  ASSERT_EQ(fits.size(), 2u);
  ASSERT_TRUE(fits[0].estimated) << fits[0].reason;
  EXPECT_NEAR(fits[0].elasticity, -2.0, 1e-4);  // the fit stops at steps below 1e-4
  EXPECT_NEAR(fits[0].se, 0.2567, 5e-4);
  EXPECT_EQ(fits[0].n_price_changes, 1);
  EXPECT_EQ(fits[0].n_obs, 40);  // days 100..139 are all within 28 days of day 120
  EXPECT_FALSE(fits[1].estimated);
  EXPECT_EQ(fits[1].reason, "0 price changes (at least 1 needed)");

  // After shrinkage the plate, without price variation, takes its category's estimate: the
  // mug's, the only one (no between-product variance: weight 0, mean −2).
  const ElasticityReport report = ShrinkElasticities(daily.panel, fits, {}).value();
  EXPECT_EQ(report.series[0].pooling, "product");
  EXPECT_EQ(report.series[1].pooling, "category");
  EXPECT_NEAR(report.series[1].estimate.elasticity, -2.0, 1e-4);
}

// The day effect cancels: both products sell twice as much on odd days. The mug (regular price
// 10) has a 20%-off promotion on days 110..113 and a 50%-off one on days 125..128 with
// elasticity −1 and a promotion lift of 1.25: 64 a day at 10 (×2 on odd days), 64·1.25/0.8 =
// 100 at 8, 64·1.25/0.5 = 160 at 5. Two depths identify both: e = −1, b = log 1.25 = 0.22314.
// A model without the promotion term would give log(100/64)/log(0.8) = −2.0 from the first.
TEST(FitEventElasticities, PromotionsOfVaryingDepthSeparateTheLiftFromThePrice) {
  const auto weekday = [](int64_t d) { return d % 2 == 1 ? 2.0 : 1.0; };
  const auto promo = [](int64_t d) {
    return (d >= 110 && d < 114) || (d >= 125 && d < 129) ? 1.0 : 0.0;
  };
  const auto price = [](int64_t d) {
    return d >= 110 && d < 114 ? 8.0 : d >= 125 && d < 129 ? 5.0 : 10.0;
  };
  DailyPricePanel daily = Panel(
      {Series(
           "mug",
           [&](int64_t d) { return weekday(d) * 64.0 * 10.0 / price(d) * (promo(d) ? 1.25 : 1); },
           price, promo),
       Series(
           "plate", [&](int64_t d) { return weekday(d) * 30.0; }, [](int64_t) { return 7.0; },
           [](int64_t) { return 0.0; })},
      {0, 0}, {"Home > Table"});
  const std::vector<SeriesFit> fits = FitEventElasticities(daily, {});
  ASSERT_TRUE(fits[0].estimated) << fits[0].reason;
  EXPECT_NEAR(fits[0].elasticity, -1.0, 1e-4);
  ASSERT_EQ(fits[0].terms, (std::vector<std::string>{"log_price", "promo"}));
  EXPECT_NEAR(fits[0].coefficients[1], std::log(1.25), 1e-4);
  EXPECT_EQ(fits[0].n_price_changes, 4);  // each promotion starts and ends
}

// A product alone in its leaf has nothing to compare its days with (its own units would make the
// day effect): it is not fitted, however its price moves, and pools to its category.
TEST(FitEventElasticities, AProductAloneInItsLeafAndGroupIsNotFitted) {
  DailyPricePanel daily = Panel({Changing("vase")}, {0}, {"Home > Vases"});
  const std::vector<SeriesFit> fits = FitEventElasticities(daily, {});
  EXPECT_FALSE(fits[0].estimated);
  EXPECT_EQ(fits[0].reason, "no other product in its category to compare its days with");
  EXPECT_EQ(fits[0].n_price_changes, 1);
}

// Two lone products of one group (each alone in its leaf) are compared with each other: the
// vase against the bowl gives e = −2 as in the first test.
TEST(FitEventElasticities, LoneProductsOfAGroupAreComparedWithEachOther) {
  DailyPricePanel daily =
      Panel({Changing("vase"), Steady("bowl", 3)}, {0, 1}, {"Home > Vases", "Home > Bowls"});
  const std::vector<SeriesFit> fits = FitEventElasticities(daily, {});
  ASSERT_TRUE(fits[0].estimated) << fits[0].reason;
  EXPECT_NEAR(fits[0].elasticity, -2.0, 1e-4);  // the fit stops at steps below 1e-4
}

}  // namespace
}  // namespace mercato::pricing
