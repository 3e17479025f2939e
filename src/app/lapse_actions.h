// The win-back lapse action: train the lapse model on earlier cut-offs and, with a calibration
// end, evaluate it on what happened after it against BG/NBD and recency; each customer's
// P(lapse) and predicted lapse date. `mercato customers lapse` calls it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/option_doc.h"
#include "common/status.h"
#include "customers/lapse_model.h"

namespace mercato::app {

struct LapseActionOptions {
  std::string db;
  /// YYYY-MM-DD (inclusive): train on cut-offs before its end, score customers at it and
  /// evaluate on the horizon after it. Empty: train on everything and score as of the day after
  /// the last order, without an evaluation.
  std::string calibration_end;
  /// Lapsed = no purchase in this many days. 0: from the calibration end to the end of the
  /// data (the BG/NBD holdout's horizon), or 90 without a calibration end.
  int horizon_days = 0;
  /// The classifier learns "no purchase in the next min(horizon, this) days" at cut-offs up to
  /// this close to the calibration end; P(lapse) over the horizon follows by constant hazard.
  int label_horizon_days = customers::LapseOptions{}.label_horizon_days;
  /// Days between the training cut-offs.
  int stride_days = customers::LapseOptions{}.stride_days;
  /// Customers are predicted lapsed once P(lapse) reaches this.
  double lapse_threshold = customers::LapseOptions{}.lapse_threshold;
  /// The classifier's seed.
  int64_t seed = static_cast<int64_t>(customers::LapseOptions{}.trees.seed);
};

/// The options a user sets besides the store.
std::span<const OptionDoc<LapseActionOptions>> LapseActionOptionDocs();

/// Without a calibration end, the horizon when none is given.
inline constexpr int kDefaultLapseHorizonDays = 90;

struct LapseReport {
  Timestamp as_of = 0;  // scores are as of this instant (exclusive end of the data read)
  int horizon_days = 0;
  /// "to the end of the data", "default" or "given": how horizon_days was chosen.
  std::string horizon_basis;
  /// With a calibration end: the evaluation (its scores, the customers at it, moved to `scores`).
  std::optional<customers::LapseEvaluation> evaluation;
  /// The model's training facts and every customer's score at as_of, highest P(lapse) first.
  std::vector<Timestamp> cutoffs;
  int label_horizon_days = 0;  // the classifier's label window (LapseModel::label_horizon_days)
  int64_t training_rows = 0, training_lapsed = 0;
  std::vector<customers::LapseScore> scores;
};

/// Trains and scores (and evaluates with a calibration end). InvalidArgument for a bad date or
/// a horizon past the data; FailedPrecondition when there is too little history.
Result<LapseReport> PredictLapse(const LapseActionOptions& options);

}  // namespace mercato::app
