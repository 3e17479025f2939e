// The safe automatic choice ("safe"): per series, the model that forecast the series' own recent
// history best from what came before it: the local and decomposition models and seasonal naive,
// or, for demand that pauses, the moving average and median, the intermittent models and the
// seasonal ones.
#pragma once

#include <string_view>
#include <vector>

namespace mercato::forecast {

/// Picks, for history y (non-empty), horizon h ≥ 1 and season m ≥ 1, the candidate with the
/// lowest sum of absolute errors at up to 3 rolling origins of the history (n − h, n − 2h,
/// n − 3h, each forecasting the h periods after it; only origins with at least 4 points before
/// them) and returns its name. Candidates, ties going to the earlier: auto, theta, damped, ets,
/// ses, naive2, stlf (when m ≥ 2 and every origin has more than two cycles before it, so STL
/// sees its cycle), snaive (when every origin has a full cycle before it; with m = 1 it is the
/// naive forecast). A history with a zero (demand that pauses) has median, ma, tsb and sba
/// instead of the six non-seasonal ones, and stlf and snaive only when m ≥ 2; its own
/// candidates win its ties. Seasonal naive among the candidates keeps the choice from trailing
/// it on series where the last cycle repeats. A history too short for any origin gets auto. The
/// same inputs give the same choice.
std::string_view ChooseModel(const std::vector<double>& y, int h, int m);

/// The forecast of the whole history by the model ChooseModel picks (a ModelFn).
std::vector<double> ForecastSafe(const std::vector<double>& y, int h, int m);

}  // namespace mercato::forecast
