// Seasonality by pooling: multiplicative seasonal profiles per group (a category) estimated from
// every series of the group long enough to show its cycle, shrunk toward the store's profile,
// and the deseasonalising of a short series by its group's profile (forecast, then multiplied
// back by the index of each forecast period: store_forecast.h).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace mercato::forecast {

/// One series of a panel: its values (NaN: censored, skipped) from absolute period `first` on,
/// and its group in [0, groups) or −1 for none.
struct PoolingSeries {
  int64_t first = 0;
  std::span<const double> values;
  int32_t group = -1;
};

/// Seasonal indices of one cycle of `season` periods; element p is the index of every absolute
/// period t with t mod season == p. Empty `store` when no series was long enough.
struct SeasonalProfiles {
  int season = 0;
  std::vector<double> store;
  std::vector<std::vector<double>> groups;  // per group; empty for a group without long series
  std::vector<int> group_series;            // long series per group
};

/// Pools the seasonal profiles of `series` for cycle `season` ≥ 2. A series is long enough when
/// it holds at least one whole cycle of values and a positive mean over its last whole cycles;
/// its own profile is, per position, the mean of value / that mean over those cycles (NaN
/// periods left out). The store's profile is the mean of the long series' profiles, a group's
/// the mean of its own long series' profiles shrunk toward the store's:
/// (n·group + shrinkage·store) / (n + shrinkage) with n its long series; each profile is
/// renormalised to mean 1. A position no long series observed gets index 1.
SeasonalProfiles PoolSeasonalProfiles(std::span<const PoolingSeries> series, int32_t groups,
                                      int season, double shrinkage);

/// The profile a series of `group` borrows: its group's, else the store's; empty when none.
std::span<const double> ProfileFor(const SeasonalProfiles& profiles, int32_t group);

inline constexpr double kMinSeasonalIndex = 0.1;

/// The index of absolute period `t` in `profile` (non-empty), floored at kMinSeasonalIndex so
/// that deseasonalising never divides by (nearly) zero.
double IndexAt(std::span<const double> profile, int64_t t);

/// `values` (from absolute period `first`) divided by their index in `profile`; NaN stays NaN.
std::vector<double> Deseasonalize(std::span<const double> values, int64_t first,
                                  std::span<const double> profile);

}  // namespace mercato::forecast
