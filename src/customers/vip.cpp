// VIP early identification: per-customer order histories, features known at the n-th order,
// value-window labels, one boosted-trees classifier per order number, time-split evaluation.
#include "customers/vip.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/time.h"
#include "numeric/roc_auc.h"

namespace mercato::customers {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
constexpr int kMaxOrderSlots = 3;  // per-order features for orders 1..3

/// Value of a customer's orders and returns in [t0, t0 + window).
double WindowValue(const OrderHistory& d, int32_t c, Timestamp window) {
  const Timestamp t0 = d.first_order(c);
  double v = 0.0;
  for (int32_t o = d.customer_start[c]; o < d.customer_start[c + 1] && d.ts[o] < t0 + window; ++o) {
    v += d.value[o];
  }
  for (int32_t r = d.return_start[c]; r < d.return_start[c + 1] && d.return_ts[r] < t0 + window;
       ++r) {
    if (d.return_ts[r] >= t0) v -= d.return_amount[r];
  }
  return v;
}

/// Appends VipFeatures(d, c, n) to `out`.
void AppendFeatures(const OrderHistory& d, int32_t c, int n, std::vector<float>& out) {
  const int32_t base = d.customer_start[c];
  const int32_t last = base + n - 1;
  constexpr double kDay = static_cast<double>(kSecondsPerDay);
  double spend = 0, units = 0, discount = 0, max_price = 0;
  int64_t lines = 0, distinct = 0, discounted = 0;
  std::vector<double> category(d.categories.size(), 0.0);
  for (int32_t o = base; o <= last; ++o) {
    spend += d.value[o];
    units += d.units[o];
    discount += d.discount[o];
    discounted += d.discount[o] > 0;
    lines += d.lines[o];
    distinct += d.new_items[o];
    max_price = std::max<double>(max_price, d.max_price[o]);
    for (size_t k = 0; k < category.size(); ++k) {
      category[k] += d.category_value[static_cast<size_t>(o) * category.size() + k];
    }
  }
  double returns = 0, returned = 0;
  for (int32_t r = d.return_start[c]; r < d.return_start[c + 1] && d.return_ts[r] <= d.ts[last];
       ++r) {
    returns += 1;
    returned += d.return_amount[r];
  }
  for (int slot = 0; slot < kMaxOrderSlots; ++slot) {
    out.push_back(slot < n ? d.value[base + slot] : kMissing);
  }
  for (int slot = 1; slot < kMaxOrderSlots; ++slot) {
    out.push_back(slot < n ? static_cast<float>((d.ts[base + slot] - d.ts[base + slot - 1]) / kDay)
                           : kMissing);
  }
  auto ratio = [](double a, double b) { return b > 0 ? static_cast<float>(a / b) : kMissing; };
  out.push_back(static_cast<float>(spend));
  out.push_back(static_cast<float>(units));
  out.push_back(static_cast<float>(lines));
  out.push_back(static_cast<float>(distinct));
  out.push_back(ratio(units, n));
  out.push_back(ratio(spend, units));
  out.push_back(static_cast<float>(max_price));
  out.push_back(static_cast<float>(discounted));
  out.push_back(static_cast<float>(discount));
  out.push_back(ratio(discount, spend + discount));
  out.push_back(static_cast<float>(returns));
  out.push_back(static_cast<float>(returned));
  out.push_back(ratio(returned, spend));
  out.push_back(static_cast<float>(d.channel[base]));
  out.push_back(static_cast<float>(d.country[base]));
  for (double v : category) out.push_back(ratio(v, spend));
}

/// Customers whose first order is in (begin, end], with their window value.
struct Population {
  std::vector<int32_t> customers;
  std::vector<double> value;
  double threshold = 0.0;  // VIP when value >= threshold
};

Population MakePopulation(const OrderHistory& d, Timestamp begin, Timestamp end, Timestamp window,
                          double top_fraction) {
  Population p;
  for (int32_t c = 0; c < d.num_customers(); ++c) {
    if (d.num_orders(c) == 0) continue;
    const Timestamp t0 = d.first_order(c);
    if (t0 <= begin || t0 > end) continue;
    p.customers.push_back(c);
    p.value.push_back(WindowValue(d, c, window));
  }
  if (p.value.empty()) return p;
  std::vector<double> sorted = p.value;
  const auto n = static_cast<double>(sorted.size());
  const auto rank = std::min(sorted.size() - 1, static_cast<size_t>((1.0 - top_fraction) * n));
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank),
                   sorted.end());
  p.threshold = sorted[rank];
  return p;
}

/// The examples of one order number: customers of `p` who reached the n-th order within their
/// window, as a feature matrix, labels and spend so far.
struct Examples {
  std::vector<float> x, y;
  std::vector<double> spend;
  size_t rows = 0, cols = 0;
  FeatureMatrix matrix() const { return {x, rows, cols}; }
};

Examples MakeExamples(const OrderHistory& d, const Population& p, int n, Timestamp window) {
  Examples e;
  e.cols = VipFeatureNames(d).size();
  for (size_t i = 0; i < p.customers.size(); ++i) {
    const int32_t c = p.customers[i];
    if (d.num_orders(c) < n) continue;
    const int32_t nth = d.customer_start[c] + n - 1;
    if (d.ts[nth] >= d.first_order(c) + window) continue;
    AppendFeatures(d, c, n, e.x);
    e.y.push_back(p.value[i] >= p.threshold ? 1.0f : 0.0f);
    double spend = 0;
    for (int32_t o = d.customer_start[c]; o <= nth; ++o) spend += d.value[o];
    e.spend.push_back(spend);
    ++e.rows;
  }
  return e;
}

Status CheckOptions(const VipOptions& o) {
  if (o.value_days < 1) return InvalidArgument("vip: value_days must be >= 1");
  if (!(o.top_fraction > 0.0 && o.top_fraction < 1.0)) {
    return InvalidArgument("vip: top_fraction must be in (0, 1)");
  }
  return Status::Ok();
}

Timestamp WindowOf(const VipOptions& o) { return int64_t{o.value_days} * kSecondsPerDay; }

Result<VipModel> Train(const OrderHistory& d, Timestamp cohort_begin, Timestamp cutoff,
                       const VipOptions& options) {
  RETURN_IF_ERROR(CheckOptions(options));
  const Timestamp window = WindowOf(options);
  VipModel model;
  model.options = options;
  model.cohort_end = cutoff - window;
  const Population train =
      MakePopulation(d, cohort_begin, model.cohort_end, window, options.top_fraction);
  model.threshold = train.threshold;
  model.training_customers = static_cast<int64_t>(train.customers.size());
  model.feature_names = VipFeatureNames(d);
  for (int n : kVipOrderNumbers) {
    const Examples e = MakeExamples(d, train, n, window);
    const auto vips = static_cast<int64_t>(std::count(e.y.begin(), e.y.end(), 1.0f));
    constexpr int64_t kMinimum = 5;
    if (vips < kMinimum || static_cast<int64_t>(e.rows) - vips < kMinimum) {
      return FailedPrecondition(
          "vip: too few customers to learn from at order " + std::to_string(n) + ": " +
          std::to_string(e.rows) + " customers whose " + std::to_string(options.value_days) +
          "-day value window closed by " + FormatTimestamp(cutoff) + ", " + std::to_string(vips) +
          " of them VIPs; at least " + std::to_string(kMinimum) +
          " VIPs and non-VIPs are needed (use a later cut-off, --cutoff, or a shorter value "
          "window, --value-days)");
    }
    ASSIGN_OR_RETURN(BoostedTrees trees, BoostedTrees::Train(e.matrix(), e.y, {}, options.trees));
    model.classifiers.push_back(std::move(trees));
    model.training_examples.push_back(static_cast<int64_t>(e.rows));
  }
  return model;
}

}  // namespace

std::vector<std::string> VipFeatureNames(const OrderHistory& data) {
  std::vector<std::string> names = {
      "value_order_1",     "value_order_2",   "value_order_3",   "days_order_1_2",
      "days_order_2_3",    "spend_so_far",    "units_so_far",    "lines_so_far",
      "distinct_items",    "units_per_order", "mean_unit_price", "max_unit_price",
      "discounted_orders", "discount_so_far", "discount_share",  "returns_so_far",
      "returned_amount",   "returned_share",  "channel",         "country"};
  for (const std::string& c : data.categories) names.push_back("share:" + c);
  return names;
}

std::vector<float> VipFeatures(const OrderHistory& data, int32_t c, int order_number) {
  std::vector<float> out;
  AppendFeatures(data, c, order_number, out);
  return out;
}

Result<VipModel> TrainVip(const OrderHistory& data, Timestamp cutoff, const VipOptions& options) {
  return Train(data, std::numeric_limits<Timestamp>::min(), cutoff, options);
}

Result<VipEvaluation> EvaluateVip(const OrderHistory& data, std::optional<Timestamp> cutoff,
                                  const VipOptions& options) {
  RETURN_IF_ERROR(CheckOptions(options));
  const Timestamp window = WindowOf(options);
  if (data.ts.empty()) return FailedPrecondition("vip: there are no customer orders");
  Timestamp start = std::numeric_limits<Timestamp>::max();
  for (int32_t c = 0; c < data.num_customers(); ++c) {
    if (data.num_orders(c) > 0) start = std::min(start, data.first_order(c));
  }
  const Timestamp last_cohort = data.end - window;  // the last first order with a full window
  const int64_t span_days = (data.end - start) / kSecondsPerDay;
  if (last_cohort <= start) {
    return FailedPrecondition(
        "vip: the orders span " + std::to_string(span_days) + " days, too short for a " +
        std::to_string(options.value_days) +
        "-day value window plus later cohorts to evaluate on; use value_days (--value-days) <= " +
        std::to_string(span_days / 2));
  }
  VipEvaluation ev;
  ev.cutoff = cutoff.value_or(start + (last_cohort - start) / 2 + window);
  ev.cohort_begin = ev.cutoff - window;
  ev.cohort_end = last_cohort;
  if (ev.cohort_begin >= ev.cohort_end) {
    return FailedPrecondition("vip: no cohort to evaluate: the cut-off " +
                              FormatTimestamp(ev.cutoff) +
                              " leaves no customer whose first "
                              "order is after cut-off - value window and whose window closed by " +
                              FormatTimestamp(data.end));
  }
  ASSIGN_OR_RETURN(VipModel model, TrainVip(data, ev.cutoff, options));
  ev.train_threshold = model.threshold;
  ev.training_customers = model.training_customers;
  const Population eval =
      MakePopulation(data, ev.cohort_begin, ev.cohort_end, window, options.top_fraction);
  ev.evaluation_threshold = eval.threshold;
  ev.evaluated_customers = static_cast<int64_t>(eval.customers.size());
  for (size_t i = 0; i < kVipOrderNumbers.size(); ++i) {
    const Examples e = MakeExamples(data, eval, kVipOrderNumbers[i], window);
    VipOrderEvaluation at;
    at.order_number = kVipOrderNumbers[i];
    at.customers = static_cast<int64_t>(e.rows);
    at.vips = static_cast<int64_t>(std::count(e.y.begin(), e.y.end(), 1.0f));
    if (e.rows > 0) {
      ASSIGN_OR_RETURN(std::vector<float> p, model.classifiers[i].Predict(e.matrix()));
      const std::vector<double> scores(p.begin(), p.end());
      std::vector<uint8_t> positive(e.y.begin(), e.y.end());
      at.model_auc = RocAuc(scores, positive);
      at.baseline_auc = RocAuc(e.spend, positive);
    }
    ev.at_order.push_back(at);
  }
  ASSIGN_OR_RETURN(std::vector<double> gain, model.classifiers[0].FeatureGain());
  const std::vector<std::string> names = VipFeatureNames(data);
  for (size_t k = 0; k < gain.size(); ++k) ev.feature_gain.emplace_back(names[k], gain[k]);
  std::stable_sort(ev.feature_gain.begin(), ev.feature_gain.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return ev;
}

Result<std::vector<VipScore>> ScoreVip(const VipModel& model, const OrderHistory& data) {
  if (model.classifiers.size() != kVipOrderNumbers.size()) {
    return InvalidArgument("vip: the model is not trained");
  }
  if (model.feature_names != VipFeatureNames(data)) {
    return InvalidArgument(
        "vip: the order history has other feature columns (categories) than the model was "
        "trained on; retrain the model on this history");
  }
  std::vector<VipScore> scores;
  for (size_t i = 0; i < kVipOrderNumbers.size(); ++i) {
    const int n = kVipOrderNumbers[i];
    std::vector<float> x;
    std::vector<int32_t> who;
    for (int32_t c = 0; c < data.num_customers(); ++c) {
      if (data.num_orders(c) != n) continue;
      AppendFeatures(data, c, n, x);
      who.push_back(c);
    }
    if (who.empty()) continue;
    const FeatureMatrix m{x, who.size(), x.size() / who.size()};
    ASSIGN_OR_RETURN(std::vector<float> p, model.classifiers[i].Predict(m));
    for (size_t k = 0; k < who.size(); ++k) {
      const int32_t c = who[k];
      double spend = 0;
      for (int32_t o = data.customer_start[c]; o < data.customer_start[c + 1]; ++o) {
        spend += data.value[o];
      }
      scores.push_back({data.customer_ids[c], n, p[k], spend});
    }
  }
  std::sort(scores.begin(), scores.end(), [](const VipScore& a, const VipScore& b) {
    return a.p_vip != b.p_vip ? a.p_vip > b.p_vip : a.customer_id < b.customer_id;
  });
  return scores;
}

}  // namespace mercato::customers
