// Holdout metrics: totals, MAE, correlation and the repeat-purchase AUC.
#include "customers/holdout_evaluation.h"

#include <cmath>
#include <vector>

#include "numeric/roc_auc.h"

namespace mercato::customers {

HoldoutEvaluation EvaluateHoldout(const BtydModel& model, const PurchaseSummaries& summaries) {
  HoldoutEvaluation e;
  const size_t n = summaries.summaries.size();
  e.customers = n;
  e.holdout_weeks = summaries.holdout_weeks;
  if (n == 0 || summaries.holdout_purchases.size() != n) return e;
  std::vector<double> predicted(n), chance(n);
  std::vector<uint8_t> bought(n);
#pragma omp parallel for schedule(static) if (n > 20000)
  for (size_t i = 0; i < n; ++i) {
    const CustomerSummary& c = summaries.summaries[i];
    predicted[i] = model.ExpectedPurchases(c, e.holdout_weeks);
    chance[i] = model.ProbabilityOfPurchase(c, e.holdout_weeks);
  }
  double sum_p = 0, sum_a = 0, sum_pp = 0, sum_aa = 0, sum_pa = 0, abs_err = 0;
  for (size_t i = 0; i < n; ++i) {
    const double p = predicted[i], a = summaries.holdout_purchases[i];
    bought[i] = a > 0;
    e.repeaters += bought[i];
    sum_p += p;
    sum_a += a;
    sum_pp += p * p;
    sum_aa += a * a;
    sum_pa += p * a;
    abs_err += std::abs(p - a);
  }
  const double dn = static_cast<double>(n);
  e.actual_total = sum_a;
  e.predicted_total = sum_p;
  e.mae = abs_err / dn;
  const double cov = sum_pa / dn - (sum_p / dn) * (sum_a / dn);
  const double var_p = sum_pp / dn - (sum_p / dn) * (sum_p / dn);
  const double var_a = sum_aa / dn - (sum_a / dn) * (sum_a / dn);
  e.correlation = var_p > 0 && var_a > 0 ? cov / std::sqrt(var_p * var_a) : 0.0;
  e.auc = RocAuc(chance, bought);
  return e;
}

}  // namespace mercato::customers
