// Demand classification by ADI and CV² (Syntetos–Boylan) and the models for intermittent
// demand: moving average, Croston, SBA and TSB.
#pragma once

#include <string_view>
#include <vector>

namespace mercato::forecast {

/// Syntetos–Boylan demand classes, by the cut-offs ADI 1.32 and CV² 0.49.
enum class DemandClass { kSmooth, kErratic, kIntermittent, kLumpy };

/// "smooth", "erratic", "intermittent", "lumpy".
std::string_view DemandClassName(DemandClass c);

struct DemandProfile {
  /// Average demand interval: periods per period with non-zero demand (+infinity when none).
  double adi = 0;
  /// Squared coefficient of variation of the non-zero demand sizes (0 with fewer than 2).
  double cv2 = 0;
  DemandClass demand_class = DemandClass::kSmooth;
};

/// ADI and CV² of `y` (non-negative demand per period) and the class they give: smooth when
/// ADI < 1.32 and CV² < 0.49, erratic when only CV² ≥ 0.49, intermittent when only ADI ≥ 1.32,
/// lumpy when both. A series without demand is lumpy.
DemandProfile ClassifyDemand(const std::vector<double>& y);

/// Mean of the last `window` values (all of them when fewer), repeated h times.
std::vector<double> ForecastMovingAverage(const std::vector<double>& y, int h, int window);

/// Median of the last `window` values (all of them when fewer), repeated h times: the robust
/// counterpart of the moving average, nearer the WAPE-optimal forecast for spiky demand.
std::vector<double> ForecastMovingMedian(const std::vector<double>& y, int h, int window);

/// Croston's method: SES on the non-zero sizes and on the intervals between them; forecast
/// size / interval. The smoothing constant (shared by both) is chosen from {0.05, 0.1, 0.2, 0.3}
/// by the in-sample one-step squared error. Zero when y has no demand.
std::vector<double> ForecastCroston(const std::vector<double>& y, int h);
/// Syntetos–Boylan approximation: Croston debiased by the factor 1 − α/2.
std::vector<double> ForecastSba(const std::vector<double>& y, int h);
/// Teunter–Syntetos–Babai: SES (α) of the sizes when demand occurs and SES (β) of the demand
/// probability every period; forecast probability × size. α and β are chosen from
/// {0.05, 0.1, 0.2, 0.3} by the in-sample one-step squared error.
std::vector<double> ForecastTsb(const std::vector<double>& y, int h);

}  // namespace mercato::forecast
