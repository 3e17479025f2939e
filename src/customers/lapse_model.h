// Win-back lapse model: the probability that a customer makes no purchase in the next N days,
// from gradient-boosted trees on their behaviour (customers/lapse_features.h) trained on a
// shorter label window at many earlier cut-offs, with the date each customer is predicted to
// lapse if they do not buy (what the win-back journey starts from); evaluated on the purchases
// after a calibration end against BG/NBD and days since the last purchase.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "customers/customer_classifier_trees.h"
#include "customers/order_history.h"
#include "numeric/boosted_trees.h"

namespace mercato::customers {

struct LapseOptions {
  /// A customer has lapsed at a point in time when they make no purchase in the following
  /// horizon_days (>= 1).
  int horizon_days = 90;
  /// The classifier learns "no purchase in the next h days", h = min(horizon_days,
  /// label_horizon_days) (>= 1), and P(lapse) over horizon_days follows from a constant hazard:
  /// P(none in N days) = P(none in h days)^(N / h), which keeps the ranking of the h-day score.
  /// A short window leaves room for cut-offs close to `until`, where customers have the tenure
  /// of those scored (chosen on validation splits that end before 2011-06-30, docs/customers.md).
  int label_horizon_days = 60;
  /// Training cut-offs are `until - h - k * stride_days`, k = 0 .. max_cutoffs - 1, each at
  /// least stride_days after the first order of the data, so that every label window ends by
  /// `until`. Each cut-off gives one row per customer who bought before it.
  int stride_days = 7;
  int max_cutoffs = 26;
  /// A customer is predicted lapsed once P(lapse) reaches this.
  double lapse_threshold = 0.5;
  /// The lapse date is searched this many days ahead, in steps of lapse_step_days.
  int lapse_search_days = 365;
  int lapse_step_days = 7;
  /// The classifier: VIP's shallow, slowly learned trees with row and column sampling (not
  /// tuned on the evaluation: depth 3 and 600 rounds gave the same UCI AUC to 3 decimals).
  BoostedTreesParams trees = kCustomerClassifierTrees;
};

/// A trained lapse model.
struct LapseModel {
  LapseOptions options;
  /// Every feature and label came from orders and returns before this.
  Timestamp until = 0;
  /// h: the classifier's label window, min(horizon_days, label_horizon_days).
  int label_horizon_days = 0;
  /// The training cut-offs, latest first.
  std::vector<Timestamp> cutoffs;
  int64_t training_rows = 0;
  int64_t training_lapsed = 0;  // rows labelled "no purchase in the horizon"
  /// LapseFeatureNames() of the history it was trained on; scoring needs the same columns.
  std::vector<std::string> feature_names;
  std::optional<BoostedTrees> classifier;
};

/// Trains on cut-offs before `until` with labels from windows that end by `until`: nothing at or
/// after `until` is read. FailedPrecondition when the data before `until` is too short for one
/// cut-off with a full label window, or too few lapsed and returning customers to learn from
/// (saying which horizon would fit).
Result<LapseModel> TrainLapse(const OrderHistory& data, Timestamp until,
                              const LapseOptions& options = {});

/// One customer's lapse risk as of a point in time.
struct LapseScore {
  int32_t customer = 0;  // dense id in the history
  std::string customer_id;
  /// P(no purchase in the horizon_days from as_of): the classifier's P(none in h days) raised
  /// to horizon_days / h.
  double p_lapse = 0;
  double days_since_last_purchase = 0;
  /// The first day (as_of + a multiple of lapse_step_days) at which the model calls the
  /// customer lapsed if they have not bought by then: as_of when p_lapse already reaches the
  /// threshold; nullopt when that does not happen within lapse_search_days.
  std::optional<Timestamp> lapse_date;
};

/// Scores every customer who bought before `as_of` from their history before it, highest
/// p_lapse first (ties: customer id). InvalidArgument when `data` has other feature columns
/// than the model (score the history it was trained on, or one loaded from the same store).
Result<std::vector<LapseScore>> ScoreLapse(const LapseModel& model, const OrderHistory& data,
                                           Timestamp as_of);

struct LapseEvaluation {
  Timestamp calibration_end = 0;  // training and scoring read only what is before this
  Timestamp holdout_end = 0;      // calibration_end + horizon_days
  int horizon_days = 0;
  /// The population of the BG/NBD holdout evaluation (customers/purchase_summaries.h): every
  /// customer with a purchase before calibration_end; `lapsed` of them made no purchase in
  /// [calibration_end, holdout_end).
  int64_t customers = 0, lapsed = 0;
  /// ROC AUC for "lapsed" of the model's P(lapse), of BG/NBD's 1 - P(purchase in the holdout)
  /// (fitted on the same calibration period) and of the days since the last purchase; nullopt
  /// when everybody or nobody lapsed.
  std::optional<double> auc, bgnbd_auc, recency_auc;
  /// Mean squared error of P(lapse) against the outcome.
  double brier = 0;
  std::vector<Timestamp> cutoffs;
  int label_horizon_days = 0;  // the model's h
  int64_t training_rows = 0, training_lapsed = 0;
  /// Features by average split gain, largest first.
  std::vector<std::pair<std::string, double>> feature_gain;
  /// The evaluated customers' scores at calibration_end, highest p_lapse first.
  std::vector<LapseScore> scores;
};

/// Trains on cut-offs before `calibration_end` (TrainLapse) and evaluates on what happened in
/// the horizon after it. InvalidArgument when the history ends before calibration_end +
/// horizon_days; FailedPrecondition as TrainLapse.
Result<LapseEvaluation> EvaluateLapse(const OrderHistory& data, Timestamp calibration_end,
                                      const LapseOptions& options = {});

}  // namespace mercato::customers
