// Tests of seasonal profiles pooled by group and of series divided by them, on hand-computed
// cycles of two periods.
#include "forecast/seasonal_pooling.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace mercato::forecast {
namespace {

void ExpectProfile(std::span<const double> actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t p = 0; p < expected.size(); ++p) EXPECT_NEAR(actual[p], expected[p], 1e-12) << p;
}

TEST(SeasonalPooling, GroupProfilesShrinkTowardTheStore) {
  // Season 2. Own profiles (value / mean over the last whole cycles, by t mod 2):
  //   A (group 0, from t = 0): 2 6 2 6, mean 4         -> [0.5, 1.5]
  //   B (group 1, from t = 1): 1 3 at t = 1, 2, mean 2  -> t = 2 is position 0: [1.5, 0.5]
  //   E (group 1, from t = 0): 100 2 6, the leading 100 is not a whole cycle; 2 6 at t = 1, 2,
  //     mean 4 -> [1.5, 0.5]
  //   C (group 0): one value, shorter than a cycle; Z (no group): mean 0 — neither counts.
  // Store: the mean of A, B, E = [(0.5 + 1.5 + 1.5) / 3, (1.5 + 0.5 + 0.5) / 3] = [7/6, 5/6].
  // Group 0 (n = 1, shrinkage 1): ([0.5, 1.5] + [7/6, 5/6]) / 2 = [5/6, 7/6].
  // Group 1 (n = 2): (2·[1.5, 0.5] + [7/6, 5/6]) / 3 = [25/18, 11/18]. Every mean is 1 already.
  const std::vector<double> a{2, 6, 2, 6}, b{1, 3}, e{100, 2, 6}, c{7}, z{0, 0};
  const std::vector<PoolingSeries> series{{0, a, 0}, {1, b, 1}, {0, e, 1}, {5, c, 0}, {0, z, -1}};
  const SeasonalProfiles p = PoolSeasonalProfiles(series, 3, 2, 1.0);
  ExpectProfile(p.store, {7.0 / 6, 5.0 / 6});
  ExpectProfile(ProfileFor(p, 0), {5.0 / 6, 7.0 / 6});
  ExpectProfile(ProfileFor(p, 1), {25.0 / 18, 11.0 / 18});
  EXPECT_EQ(p.group_series, (std::vector<int>{1, 2, 0}));
  // Group 2 has no long series and "no group" has none of its own: both borrow the store's.
  ExpectProfile(ProfileFor(p, 2), {7.0 / 6, 5.0 / 6});
  ExpectProfile(ProfileFor(p, -1), {7.0 / 6, 5.0 / 6});
}

TEST(SeasonalPooling, NoLongSeriesNoProfile) {
  const std::vector<double> short_series{3, 4, 5};
  const std::vector<PoolingSeries> series{{0, short_series, 0}};
  EXPECT_TRUE(PoolSeasonalProfiles(series, 1, 4, 1.0).store.empty());
  EXPECT_TRUE(ProfileFor(PoolSeasonalProfiles(series, 1, 4, 1.0), 0).empty());
  EXPECT_TRUE(PoolSeasonalProfiles(series, 1, 1, 1.0).store.empty());  // no cycle to pool
}

TEST(SeasonalPooling, CensoredPeriodsAreLeftOut) {
  // 4 NaN 4 8 from t = 0, season 2: mean of the observed 4, 4, 8 is 16/3; position 0 holds
  // 4 and 4 -> 0.75, position 1 holds 8 -> 1.5; renormalised by 2 / 2.25: [2/3, 4/3].
  const std::vector<double> y{4, std::nan(""), 4, 8};
  const std::vector<PoolingSeries> series{{0, y, -1}};
  ExpectProfile(PoolSeasonalProfiles(series, 0, 2, 1.0).store, {2.0 / 3, 4.0 / 3});
}

TEST(SeasonalPooling, DeseasonalizeByAbsolutePeriod) {
  // Profile [0.75, 1.25]: 3 at t = 4 (position 0) and 5 at t = 5 are both 4 deseasonalised;
  // t = 7 is position 1 again.
  const std::vector<double> profile{0.75, 1.25};
  const std::vector<double> y{3, 5};
  const std::vector<double> z = Deseasonalize(y, 4, profile);
  ASSERT_EQ(z.size(), 2u);
  EXPECT_NEAR(z[0], 4.0, 1e-12);
  EXPECT_NEAR(z[1], 4.0, 1e-12);
  EXPECT_EQ(IndexAt(profile, 7), 1.25);
  // An index near zero is floored, NaN stays NaN.
  const std::vector<double> dead{0.0, 2.0};
  EXPECT_EQ(IndexAt(dead, 0), kMinSeasonalIndex);
  EXPECT_EQ(IndexAt(dead, -1), 2.0);  // t = −1 is position 1
  const std::vector<double> values{1.0, std::nan("")};
  const std::vector<double> d = Deseasonalize(values, 0, dead);
  EXPECT_DOUBLE_EQ(d[0], 1.0 / kMinSeasonalIndex);
  EXPECT_TRUE(std::isnan(d[1]));
}

}  // namespace
}  // namespace mercato::forecast
