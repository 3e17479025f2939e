// Lapse model: training rows at earlier cut-offs, the boosted-trees classifier, scores with
// their lapse dates, and the holdout evaluation beside BG/NBD and recency.
#include "customers/lapse_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/time.h"
#include "customers/btyd_model.h"
#include "customers/holdout_evaluation.h"
#include "customers/lapse_features.h"
#include "customers/purchase_summaries.h"
#include "numeric/roc_auc.h"

namespace mercato::customers {
namespace {

constexpr Timestamp Days(int64_t days) { return days * kSecondsPerDay; }

Status CheckLapseOptions(const LapseOptions& o) {
  if (o.horizon_days < 1) return InvalidArgument("lapse: horizon_days must be >= 1");
  if (o.label_horizon_days < 1) return InvalidArgument("lapse: label_horizon_days must be >= 1");
  if (o.stride_days < 1) return InvalidArgument("lapse: stride_days must be >= 1");
  if (o.max_cutoffs < 1) return InvalidArgument("lapse: max_cutoffs must be >= 1");
  if (!(o.lapse_threshold > 0.0 && o.lapse_threshold < 1.0)) {
    return InvalidArgument("lapse: lapse_threshold must be in (0, 1)");
  }
  if (o.lapse_search_days < 0 || o.lapse_step_days < 1) {
    return InvalidArgument("lapse: lapse_search_days must be >= 0 and lapse_step_days >= 1");
  }
  return Status::Ok();
}

/// The first order time of the whole history (max() when there is none).
Timestamp DataStart(const OrderHistory& d) {
  Timestamp start = std::numeric_limits<Timestamp>::max();
  for (int32_t c = 0; c < d.num_customers(); ++c) {
    if (d.num_orders(c) > 0) start = std::min(start, d.first_order(c));
  }
  return start;
}

/// True when customer `c` has an order in [from, to).
bool BuysIn(const OrderHistory& d, int32_t c, Timestamp from, Timestamp to) {
  for (int32_t o = d.customer_start[c]; o < d.customer_start[c + 1]; ++o) {
    if (d.ts[o] >= from && d.ts[o] < to) return true;
  }
  return false;
}

}  // namespace

Result<LapseModel> TrainLapse(const OrderHistory& data, Timestamp until,
                              const LapseOptions& options) {
  RETURN_IF_ERROR(CheckLapseOptions(options));
  LapseModel model;
  model.options = options;
  model.until = until;
  model.feature_names = LapseFeatureNames(data);
  model.label_horizon_days = std::min(options.horizon_days, options.label_horizon_days);
  const Timestamp start = DataStart(data);
  const Timestamp horizon = Days(model.label_horizon_days), stride = Days(options.stride_days);
  for (int k = 0; k < options.max_cutoffs; ++k) {
    const Timestamp cutoff = until - horizon - k * stride;
    if (start == std::numeric_limits<Timestamp>::max() || cutoff < start + stride) break;
    model.cutoffs.push_back(cutoff);
  }
  if (model.cutoffs.empty()) {
    const int64_t span = start < until ? (until - start) / kSecondsPerDay : 0;
    return FailedPrecondition(
        "lapse: the orders before " + FormatTimestamp(until).substr(0, 10) + " span " +
        std::to_string(span) + " days, too short for a training cut-off with " +
        std::to_string(options.stride_days) + " days of history before it and a " +
        std::to_string(model.label_horizon_days) +
        "-day label window after it; use a later calibration end or a label window "
        "(--label-horizon-days) <= " +
        std::to_string(std::max<int64_t>(0, span - options.stride_days)));
  }
  std::vector<float> x, y;
  for (Timestamp cutoff : model.cutoffs) {
    for (int32_t c = 0; c < data.num_customers(); ++c) {
      if (!HasOrderBefore(data, c, cutoff)) continue;
      AppendLapseFeatures(data, c, cutoff, cutoff, x);
      y.push_back(BuysIn(data, c, cutoff, cutoff + horizon) ? 0.0f : 1.0f);
    }
  }
  model.training_rows = static_cast<int64_t>(y.size());
  model.training_lapsed = static_cast<int64_t>(std::count(y.begin(), y.end(), 1.0f));
  constexpr int64_t kMinimum = 10;
  if (model.training_lapsed < kMinimum || model.training_rows - model.training_lapsed < kMinimum) {
    return FailedPrecondition(
        "lapse: too few customers to learn from: " + std::to_string(model.training_rows) +
        " training rows at " + std::to_string(model.cutoffs.size()) + " cut-offs before " +
        FormatTimestamp(until).substr(0, 10) + ", " + std::to_string(model.training_lapsed) +
        " of them lapsed; at least " + std::to_string(kMinimum) +
        " lapsed and returning rows are needed (use a later calibration end or a " +
        (model.training_lapsed < kMinimum ? "shorter" : "longer") + " label window, " +
        "--label-horizon-days, now " + std::to_string(model.label_horizon_days) + ")");
  }
  const FeatureMatrix m{x, y.size(), model.feature_names.size()};
  ASSIGN_OR_RETURN(BoostedTrees trees, BoostedTrees::Train(m, y, {}, options.trees));
  model.classifier.emplace(std::move(trees));
  return model;
}

Result<std::vector<LapseScore>> ScoreLapse(const LapseModel& model, const OrderHistory& data,
                                           Timestamp as_of) {
  if (!model.classifier) return InvalidArgument("lapse: the model is not trained");
  if (model.feature_names != LapseFeatureNames(data)) {
    return InvalidArgument(
        "lapse: the order history has other feature columns (categories) than the model was "
        "trained on; retrain the model on this history");
  }
  const LapseOptions& o = model.options;
  // Each customer is scored at as_of and at every step ahead without a purchase in between.
  const int steps = o.lapse_search_days / o.lapse_step_days + 1;
  std::vector<int32_t> who;
  std::vector<float> x;
  for (int32_t c = 0; c < data.num_customers(); ++c) {
    if (!HasOrderBefore(data, c, as_of)) continue;
    who.push_back(c);
    for (int s = 0; s < steps; ++s) {
      AppendLapseFeatures(data, c, as_of, as_of + Days(int64_t{s} * o.lapse_step_days), x);
    }
  }
  std::vector<LapseScore> scores;
  if (who.empty()) return scores;
  const size_t cols = model.feature_names.size();
  ASSIGN_OR_RETURN(const std::vector<float> p_label,
                   model.classifier->Predict({x, who.size() * static_cast<size_t>(steps), cols}));
  // Constant hazard: P(none in N days) = P(none in h days)^(N / h).
  const double exponent = static_cast<double>(o.horizon_days) / model.label_horizon_days;
  std::vector<double> p(p_label.size());
  for (size_t k = 0; k < p.size(); ++k) p[k] = std::pow(static_cast<double>(p_label[k]), exponent);
  for (size_t i = 0; i < who.size(); ++i) {
    const int32_t c = who[i];
    LapseScore s;
    s.customer = c;
    s.customer_id = data.customer_ids[c];
    s.p_lapse = p[i * steps];
    Timestamp latest = data.first_order(c);
    for (int32_t k = data.customer_start[c]; k < data.customer_start[c + 1] && data.ts[k] < as_of;
         ++k) {
      latest = data.ts[k];
    }
    s.days_since_last_purchase = static_cast<double>(as_of - latest) / kSecondsPerDay;
    for (int step = 0; step < steps; ++step) {
      if (p[i * steps + step] >= o.lapse_threshold) {
        s.lapse_date = as_of + Days(int64_t{step} * o.lapse_step_days);
        break;
      }
    }
    scores.push_back(std::move(s));
  }
  std::sort(scores.begin(), scores.end(), [](const LapseScore& a, const LapseScore& b) {
    return a.p_lapse != b.p_lapse ? a.p_lapse > b.p_lapse : a.customer_id < b.customer_id;
  });
  return scores;
}

Result<LapseEvaluation> EvaluateLapse(const OrderHistory& data, Timestamp calibration_end,
                                      const LapseOptions& options) {
  RETURN_IF_ERROR(CheckLapseOptions(options));
  LapseEvaluation ev;
  ev.calibration_end = calibration_end;
  ev.horizon_days = options.horizon_days;
  ev.holdout_end = calibration_end + Days(options.horizon_days);
  const Timestamp data_end = Days(DayOf(data.end) + 1);
  if (data.ts.empty() || ev.holdout_end > data_end) {
    return InvalidArgument("lapse: the orders end on " + FormatTimestamp(data.end).substr(0, 10) +
                           ", before the " + std::to_string(options.horizon_days) +
                           "-day horizon after the calibration end " +
                           FormatTimestamp(calibration_end).substr(0, 10) +
                           " does; use an earlier calibration end or a shorter --horizon-days");
  }
  ASSIGN_OR_RETURN(const LapseModel model, TrainLapse(data, calibration_end, options));
  ev.cutoffs = model.cutoffs;
  ev.label_horizon_days = model.label_horizon_days;
  ev.training_rows = model.training_rows;
  ev.training_lapsed = model.training_lapsed;
  ASSIGN_OR_RETURN(ev.scores, ScoreLapse(model, data, calibration_end));

  // The BG/NBD holdout's population and outcome: purchase days in [calibration_end, holdout_end).
  const PurchaseSummaries summaries = SummarizePurchases(data, calibration_end, ev.holdout_end);
  std::vector<uint8_t> lapsed(data.num_customers(), 0);
  for (size_t i = 0; i < summaries.customer.size(); ++i) {
    lapsed[summaries.customer[i]] = summaries.holdout_purchases[i] == 0;
  }
  std::vector<double> p, recency;
  std::vector<uint8_t> outcome;
  double squared = 0;
  for (const LapseScore& s : ev.scores) {
    p.push_back(s.p_lapse);
    recency.push_back(s.days_since_last_purchase);
    outcome.push_back(lapsed[s.customer]);
    squared += (s.p_lapse - outcome.back()) * (s.p_lapse - outcome.back());
  }
  ev.customers = static_cast<int64_t>(outcome.size());
  ev.lapsed = static_cast<int64_t>(std::count(outcome.begin(), outcome.end(), 1));
  ev.brier = outcome.empty() ? 0.0 : squared / static_cast<double>(outcome.size());
  ev.auc = RocAuc(p, outcome);
  ev.recency_auc = RocAuc(recency, outcome);
  // BG/NBD's AUC for "buys again" with P(buys) equals its AUC for "lapsed" with 1 - P(buys).
  ASSIGN_OR_RETURN(const BtydModel bgnbd, FitBtyd(BtydKind::kBgNbd, summaries.summaries));
  ev.bgnbd_auc = EvaluateHoldout(bgnbd, summaries).auc;

  ASSIGN_OR_RETURN(std::vector<double> gain, model.classifier->FeatureGain());
  for (size_t k = 0; k < gain.size(); ++k)
    ev.feature_gain.emplace_back(model.feature_names[k], gain[k]);
  std::stable_sort(ev.feature_gain.begin(), ev.feature_gain.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return ev;
}

}  // namespace mercato::customers
