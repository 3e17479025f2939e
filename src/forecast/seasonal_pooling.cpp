// Seasonal profiles pooled by group and shrunk toward the store's, and series divided by them.
#include "forecast/seasonal_pooling.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace mercato::forecast {
namespace {

size_t Position(int64_t t, int season) {
  const int64_t m = season;
  return static_cast<size_t>(((t % m) + m) % m);
}

// The series' own profile over its last whole cycles (positions it never observed: NaN), or
// empty when it is not long enough.
std::vector<double> OwnProfile(const PoolingSeries& s, int season) {
  const size_t m = static_cast<size_t>(season), n = s.values.size();
  const size_t start = n - (n / m) * m;
  double sum = 0;
  size_t count = 0;
  for (size_t i = start; i < n; ++i) {
    if (!std::isnan(s.values[i])) sum += s.values[i], ++count;
  }
  if (n < m || count == 0 || sum <= 0) return {};
  const double mean = sum / static_cast<double>(count);
  std::vector<double> ratio_sum(m, 0.0), ratio_count(m, 0.0);
  for (size_t i = start; i < n; ++i) {
    if (std::isnan(s.values[i])) continue;
    const size_t p = Position(s.first + static_cast<int64_t>(i), season);
    ratio_sum[p] += s.values[i] / mean;
    ratio_count[p] += 1;
  }
  for (size_t p = 0; p < m; ++p) {
    ratio_sum[p] = ratio_count[p] > 0 ? ratio_sum[p] / ratio_count[p] : std::nan("");
  }
  return ratio_sum;
}

// Sums of profiles per position (NaN positions left out) and how many profiles each holds.
struct ProfileSum {
  std::vector<double> sum, count;
  int series = 0;
  void Add(const std::vector<double>& profile) {
    if (sum.empty()) sum.assign(profile.size(), 0.0), count.assign(profile.size(), 0.0);
    for (size_t p = 0; p < profile.size(); ++p) {
      if (!std::isnan(profile[p])) sum[p] += profile[p], count[p] += 1;
    }
    ++series;
  }
  // The mean profile (1 where no series observed the position), empty without series.
  std::vector<double> Mean() const {
    std::vector<double> mean(sum.size());
    for (size_t p = 0; p < sum.size(); ++p) mean[p] = count[p] > 0 ? sum[p] / count[p] : 1.0;
    return mean;
  }
};

void NormaliseToMeanOne(std::vector<double>& profile) {
  double total = 0;
  for (double v : profile) total += v;
  if (total <= 0) return;
  const double scale = static_cast<double>(profile.size()) / total;
  for (double& v : profile) v *= scale;
}

}  // namespace

SeasonalProfiles PoolSeasonalProfiles(std::span<const PoolingSeries> series, int32_t groups,
                                      int season, double shrinkage) {
  SeasonalProfiles out;
  out.season = season;
  out.groups.resize(static_cast<size_t>(std::max(groups, 0)));
  out.group_series.assign(out.groups.size(), 0);
  if (season < 2) return out;
  ProfileSum store;
  std::vector<ProfileSum> by_group(out.groups.size());
  for (const PoolingSeries& s : series) {
    const std::vector<double> own = OwnProfile(s, season);
    if (own.empty()) continue;
    store.Add(own);
    if (s.group >= 0 && s.group < groups) by_group[static_cast<size_t>(s.group)].Add(own);
  }
  if (store.series == 0) return out;
  out.store = store.Mean();
  NormaliseToMeanOne(out.store);
  for (size_t g = 0; g < by_group.size(); ++g) {
    const int n = by_group[g].series;
    out.group_series[g] = n;
    if (n == 0) continue;
    std::vector<double> own = by_group[g].Mean();
    NormaliseToMeanOne(own);
    for (size_t p = 0; p < own.size(); ++p) {
      own[p] = (n * own[p] + shrinkage * out.store[p]) / (n + shrinkage);
    }
    NormaliseToMeanOne(own);
    out.groups[g] = std::move(own);
  }
  return out;
}

std::span<const double> ProfileFor(const SeasonalProfiles& profiles, int32_t group) {
  if (group >= 0 && static_cast<size_t>(group) < profiles.groups.size() &&
      !profiles.groups[static_cast<size_t>(group)].empty()) {
    return profiles.groups[static_cast<size_t>(group)];
  }
  return profiles.store;
}

double IndexAt(std::span<const double> profile, int64_t t) {
  return std::max(kMinSeasonalIndex, profile[Position(t, static_cast<int>(profile.size()))]);
}

std::vector<double> Deseasonalize(std::span<const double> values, int64_t first,
                                  std::span<const double> profile) {
  std::vector<double> out(values.begin(), values.end());
  for (size_t i = 0; i < out.size(); ++i)
    out[i] /= IndexAt(profile, first + static_cast<int64_t>(i));
  return out;
}

}  // namespace mercato::forecast
