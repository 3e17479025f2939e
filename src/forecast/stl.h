// STL and MSTL: seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae & Terpenning
// 1990, the algorithm of R's stats::stl) and its extension to several seasonal periods
// (Bandara, Hyndman & Bergmeir 2021, forecast::mstl), which carry cycles ETS cannot (52 weeks,
// 7 and 365 days).
#pragma once

#include <vector>

namespace mercato::forecast {

/// The windows and iterations of one STL decomposition. Zero or negative windows take R's
/// defaults for the period (stats::stl): t_window = the next odd integer of
/// ceil(1.5 m / (1 - 1.5 / s_window)), l_window = the next odd integer of m; even windows are
/// made odd and every window is at least 3. Jumps default to ceil(window / 10).
struct StlOptions {
  int s_window = 11;  // seasonal loess span in cycles (forecast::mstl's first default: 7 + 4)
  int t_window = 0;   // trend loess span in periods (0: R's default)
  int l_window = 0;   // low-pass loess span in periods (0: R's default)
  int s_degree = 0;   // local polynomial degree of the seasonal smoother (0 or 1)
  int t_degree = 1;
  int l_degree = 1;
  int inner = 2;  // passes of the inner loop (R: 2, or 1 when robust)
  int outer = 0;  // robustness iterations (R: 0, or 15 when robust)
};

/// y = seasonal + trend + remainder, element by element.
struct StlDecomposition {
  std::vector<double> seasonal, trend, remainder;
};

/// STL of `y` with period m ≥ 2. Needs more than 2m values, all finite (as stats::stl does);
/// returns an empty decomposition otherwise.
StlDecomposition Stl(const std::vector<double>& y, int m, const StlOptions& options = {});

/// MSTL: one seasonal component per period, each re-estimated by STL on the series less the
/// others, `iterate` times; periods are taken shortest first with s_window 7 + 4k for the
/// k-th (k = 1, 2, ...), as forecast::mstl does. Periods below 2 or of n / 2 or more are left
/// out (the series is too short to see them); with none left, `seasonal` is empty and the trend
/// is the series itself.
struct MstlDecomposition {
  std::vector<int> periods;                   // the periods kept, ascending
  std::vector<std::vector<double>> seasonal;  // one component per kept period
  std::vector<double> trend, remainder;
};
MstlDecomposition Mstl(const std::vector<double>& y, std::vector<int> periods, int iterate = 2);

}  // namespace mercato::forecast
