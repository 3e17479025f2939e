// Holdout evaluation of a buy-till-you-die model: predicted against actual repeat purchases
// after the calibration end, and how well it ranks who buys again.
#pragma once

#include "customers/btyd_model.h"
#include "customers/purchase_summaries.h"

namespace mercato::customers {

struct HoldoutEvaluation {
  size_t customers = 0;
  /// Customers with at least one holdout purchase.
  size_t repeaters = 0;
  double holdout_weeks = 0;
  double actual_total = 0, predicted_total = 0;
  /// Mean absolute error of the per-customer expected purchases.
  double mae = 0;
  /// Pearson correlation of expected and actual purchases per customer.
  double correlation = 0;
  /// AUC of P(at least one purchase in the holdout) for "purchases again in the holdout";
  /// nullopt when nobody (or everybody) did.
  std::optional<double> auc;
};

/// Scores every summary with a holdout (`summaries.holdout_purchases` must be filled).
HoldoutEvaluation EvaluateHoldout(const BtydModel& model, const PurchaseSummaries& summaries);

}  // namespace mercato::customers
