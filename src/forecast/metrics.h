// Forecast accuracy metrics as the M4 competition defines them: sMAPE, MASE and OWA.
#pragma once

#include <vector>

namespace mercato::forecast {

/// Symmetric MAPE ×100 of one series: mean of 200·|y−f| / (|y|+|f|); a step where both are 0
/// counts as 0. `actual` and `forecast` have the same length (> 0).
double Smape(const std::vector<double>& actual, const std::vector<double>& forecast);

/// In-sample scale of MASE: mean |y_t − y_{t−m}| over the history (season m ≥ 1). 0 when the
/// history is shorter than m + 1 or the seasonal-naive errors are all 0.
double MaseScale(const std::vector<double>& history, int season);

/// MASE of one series: mean |y−f| divided by MaseScale(history, season); 0 when both the error
/// and the scale are 0, +infinity when only the scale is 0.
double Mase(const std::vector<double>& history, const std::vector<double>& actual,
            const std::vector<double>& forecast, int season);

/// Overall weighted average relative to Naive2: ½ (sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2),
/// computed on the averages over series.
double Owa(double smape, double mase, double smape_naive2, double mase_naive2);

}  // namespace mercato::forecast
