// Choosing the lapse horizon and calibration end, and running the lapse model.
#include "app/lapse_actions.h"

#include <utility>

#include "app/customer_data.h"

namespace mercato::app {

std::span<const OptionDoc<LapseActionOptions>> LapseActionOptionDocs() {
  using O = LapseActionOptions;
  static const OptionDoc<O> kDocs[] = {
      {"calibration_end",
       "Train on cut-offs before the end of this date, score at it and evaluate on the horizon "
       "after it (default: score as of the end of the data, no evaluation)",
       &O::calibration_end},
      {"horizon_days",
       "Lapsed = no purchase in this many days (0: from the calibration end to the end of the "
       "data; 90 without one)",
       &O::horizon_days},
      {"label_horizon_days",
       "The classifier learns \"no purchase in the next min(horizon, this) days\" at cut-offs up "
       "to this close to the calibration end; P(lapse) over the horizon follows by constant hazard",
       &O::label_horizon_days},
      {"stride_days", "Days between the training cut-offs", &O::stride_days},
      {"lapse_threshold", "A customer is predicted lapsed once P(lapse) reaches this",
       &O::lapse_threshold},
      {"seed", "Seed of the classifier's row and column sampling", &O::seed},
  };
  return kDocs;
}

Result<LapseReport> PredictLapse(const LapseActionOptions& options) {
  if (options.horizon_days < 0) return InvalidArgument("--horizon-days must be >= 0");
  if (options.label_horizon_days < 1) return InvalidArgument("--label-horizon-days must be >= 1");
  if (options.seed < 0) return InvalidArgument("--seed must be >= 0");
  std::optional<Timestamp> calibration_end;
  if (!options.calibration_end.empty()) {
    ASSIGN_OR_RETURN(calibration_end, DayAfter(options.calibration_end, "--calibration-end"));
  }
  ASSIGN_OR_RETURN(const CustomerData data, LoadCustomerData(options.db));
  const Timestamp data_end = (DayOf(data.history.end) + 1) * kSecondsPerDay;
  customers::LapseOptions lapse;
  lapse.label_horizon_days = options.label_horizon_days;
  lapse.stride_days = options.stride_days;
  lapse.lapse_threshold = options.lapse_threshold;
  lapse.trees.seed = static_cast<uint64_t>(options.seed);
  LapseReport out;
  out.as_of = calibration_end.value_or(data_end);
  if (calibration_end && *calibration_end >= data_end) {
    return InvalidArgument("--calibration-end " + options.calibration_end + ": the data ends on " +
                           FormatTimestamp(data.history.end).substr(0, 10) +
                           ", leaving nothing to evaluate on");
  }
  if (options.horizon_days > 0) {
    out.horizon_days = options.horizon_days;
    out.horizon_basis = "given";
  } else if (calibration_end) {
    out.horizon_days = static_cast<int>((data_end - *calibration_end) / kSecondsPerDay);
    out.horizon_basis = "to the end of the data";
  } else {
    out.horizon_days = kDefaultLapseHorizonDays;
    out.horizon_basis = "default";
  }
  lapse.horizon_days = out.horizon_days;
  if (calibration_end) {
    ASSIGN_OR_RETURN(out.evaluation,
                     customers::EvaluateLapse(data.history, *calibration_end, lapse));
    out.cutoffs = out.evaluation->cutoffs;
    out.label_horizon_days = out.evaluation->label_horizon_days;
    out.training_rows = out.evaluation->training_rows;
    out.training_lapsed = out.evaluation->training_lapsed;
    out.scores = std::move(out.evaluation->scores);
    return out;
  }
  ASSIGN_OR_RETURN(const customers::LapseModel model,
                   customers::TrainLapse(data.history, data_end, lapse));
  out.cutoffs = model.cutoffs;
  out.label_horizon_days = model.label_horizon_days;
  out.training_rows = model.training_rows;
  out.training_lapsed = model.training_lapsed;
  ASSIGN_OR_RETURN(out.scores, customers::ScoreLapse(model, data.history, data_end));
  return out;
}

}  // namespace mercato::app
