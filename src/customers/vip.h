// VIP early identification: at a customer's 2nd and 3rd order, the probability that they end up
// in the top 10% of customers by value over the window from their first order, from
// gradient-boosted trees on early-behaviour features; evaluated on a time split against the
// baseline "rank by spend so far".
#pragma once

#include <array>
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

/// The order numbers a VIP probability is computed at: the 2nd and the 3rd order.
inline constexpr std::array<int, 2> kVipOrderNumbers = {2, 3};

struct VipOptions {
  /// A customer's value is the merchandise value of their orders placed in
  /// [first order, first order + value_days), minus the amount of their returns recorded in that
  /// window. 365 = 12-month value.
  int value_days = 365;
  /// VIPs are the customers whose value is at least the (1 - top_fraction) quantile of the value
  /// of all customers of the same population (every customer of the training cohorts, or of the
  /// evaluated cohorts, one-time buyers included).
  double top_fraction = 0.10;
  /// The classifier; one model per order number (customer_classifier_trees.h).
  BoostedTreesParams trees = kCustomerClassifierTrees;
};

/// A trained VIP model: one classifier per order number in kVipOrderNumbers.
struct VipModel {
  VipOptions options;
  /// Training cohorts: customers whose first order is at or before `cohort_end`, so that their
  /// value window closed by the training cut-off.
  Timestamp cohort_end = 0;
  /// The VIP value threshold in the training population.
  double threshold = 0.0;
  int64_t training_customers = 0;
  std::vector<BoostedTrees> classifiers;  // one per kVipOrderNumbers entry
  /// VipFeatureNames() of the history it was trained on; ScoreVip needs the same columns.
  std::vector<std::string> feature_names;
  /// Per order number, how many training examples (customers who reached it in their window).
  std::vector<int64_t> training_examples;
};

/// Trains on the customers whose value window closed by `cutoff` (first order + value_days <=
/// cutoff); every feature and label comes from data before `cutoff`. (The history's encodings —
/// which categories get a share column, the channel and country codes — are ranked over all of
/// its data; load the snapshot with `until` for a strictly past-only encoding.) FailedPrecondition
/// when there are too few such customers or VIPs to learn from.
Result<VipModel> TrainVip(const OrderHistory& data, Timestamp cutoff,
                          const VipOptions& options = {});

/// Names of the model's feature columns, in order.
std::vector<std::string> VipFeatureNames(const OrderHistory& data);

/// The features of customer `c` at their `order_number`-th order (1..3; c has that many orders),
/// one per VipFeatureNames() entry: only that order, the earlier ones, and returns recorded up to
/// that order's time are used. NaN marks what does not exist yet (the 3rd order at the 2nd).
std::vector<float> VipFeatures(const OrderHistory& data, int32_t c, int order_number);

struct VipOrderEvaluation {
  int order_number = 0;
  int64_t customers = 0;  // evaluated customers who reached this order within their window
  int64_t vips = 0;       // of them, VIPs
  /// ROC AUC of the model's probability and of the baseline, ranking by spend so far (value of
  /// orders 1..n); nullopt when the evaluated customers are all VIPs or all not.
  std::optional<double> model_auc, baseline_auc;
};

struct VipEvaluation {
  Timestamp cutoff = 0;        // training data ends here
  Timestamp cohort_begin = 0;  // evaluated customers first ordered in (cohort_begin,
  Timestamp cohort_end = 0;    //   cohort_end]
  double train_threshold = 0.0, evaluation_threshold = 0.0;
  int64_t training_customers = 0, evaluated_customers = 0;
  std::vector<VipOrderEvaluation> at_order;  // one per kVipOrderNumbers entry
  /// Features by average split gain in the 2nd-order model, largest first.
  std::vector<std::pair<std::string, double>> feature_gain;
};

/// Time-split evaluation: trains on the customers whose value window closed by `cutoff`, then
/// evaluates on the later cohorts, those who first ordered after cutoff - value_days and whose
/// window closed by the end of the data. Without a cutoff, the one that splits the first-order
/// dates with a complete window in half. FailedPrecondition when the data is too short for
/// two value windows' worth of cohorts (say which value_days would fit).
Result<VipEvaluation> EvaluateVip(const OrderHistory& data, std::optional<Timestamp> cutoff,
                                  const VipOptions& options = {});

struct VipScore {
  std::string customer_id;
  int orders = 0;      // orders so far: 2 or 3
  double p_vip = 0.0;  // probability of ending up a VIP
  double spend = 0.0;  // value of the orders so far
};

/// Scores every customer with exactly 2 or 3 orders, at their latest order, highest p_vip
/// first (ties: customer id). `data` must have the model's feature columns (InvalidArgument
/// otherwise): use the history the model was trained on, or one loaded from the same store.
Result<std::vector<VipScore>> ScoreVip(const VipModel& model, const OrderHistory& data);

}  // namespace mercato::customers
