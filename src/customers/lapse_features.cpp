// Lapse features from one customer's orders and returns before a point in time.
#include "customers/lapse_features.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mercato::customers {
namespace {

constexpr float kNone = std::numeric_limits<float>::quiet_NaN();
constexpr double kDay = static_cast<double>(kSecondsPerDay);

/// The fixed columns (category shares follow).
constexpr const char* kFixedNames[] = {"recency_days",
                                       "tenure_days",
                                       "orders",
                                       "purchase_days",
                                       "purchase_days_per_30",
                                       "mean_gap_days",
                                       "last_gap_days",
                                       "gap_trend",
                                       "recency_over_mean_gap",
                                       "purchase_days_last_30",
                                       "purchase_days_last_90",
                                       "purchase_days_prior_90",
                                       "spend",
                                       "mean_order_value",
                                       "last_order_value",
                                       "spend_last_90",
                                       "units_per_order",
                                       "lines_per_order",
                                       "distinct_items",
                                       "distinct_categories",
                                       "discounted_order_share",
                                       "discount_share",
                                       "returns",
                                       "returned_share",
                                       "days_since_last_return",
                                       "channel",
                                       "country"};

float Ratio(double a, double b) { return b > 0 ? static_cast<float>(a / b) : kNone; }

}  // namespace

std::vector<std::string> LapseFeatureNames(const OrderHistory& data) {
  std::vector<std::string> names(std::begin(kFixedNames), std::end(kFixedNames));
  for (const std::string& c : data.categories) names.push_back("share:" + c);
  return names;
}

bool HasOrderBefore(const OrderHistory& data, int32_t c, Timestamp as_of) {
  return data.num_orders(c) > 0 && data.first_order(c) < as_of;
}

void AppendLapseFeatures(const OrderHistory& d, int32_t c, Timestamp observed_end, Timestamp as_of,
                         std::vector<float>& out) {
  const int32_t begin = d.customer_start[c];
  int32_t end = begin;
  while (end < d.customer_start[c + 1] && d.ts[end] < observed_end) ++end;
  const int32_t last = end - 1;
  const size_t n_categories = d.categories.size();

  // Purchase days (days with an order) and the gaps between them, in days.
  std::vector<int64_t> days;
  for (int32_t o = begin; o < end; ++o) {
    const int64_t day = DayOf(d.ts[o]);
    if (days.empty() || days.back() != day) days.push_back(day);
  }
  std::vector<double> gaps;
  for (size_t i = 1; i < days.size(); ++i)
    gaps.push_back(static_cast<double>(days[i] - days[i - 1]));
  double gap_sum = 0;
  for (double g : gaps) gap_sum += g;
  const float mean_gap = gaps.empty() ? kNone : static_cast<float>(gap_sum / gaps.size());
  const float last_gap = gaps.empty() ? kNone : static_cast<float>(gaps.back());
  const float gap_trend =
      gaps.size() < 2 ? kNone : Ratio(gaps.back(), (gap_sum - gaps.back()) / (gaps.size() - 1));

  const double recency = (as_of - d.ts[last]) / kDay;
  const double tenure = (as_of - d.ts[begin]) / kDay;
  const int64_t today = DayOf(as_of - 1);  // the last day before as_of
  auto days_in = [&](int64_t from_days_ago, int64_t to_days_ago) {
    // Purchase days in (today - to_days_ago, today - from_days_ago].
    return static_cast<float>(std::count_if(days.begin(), days.end(), [&](int64_t day) {
      return day > today - to_days_ago && day <= today - from_days_ago;
    }));
  };

  double spend = 0, units = 0, lines = 0, discount = 0, spend_90 = 0;
  int64_t items = 0, categories = 0, discounted = 0;
  std::vector<double> category(n_categories, 0.0);
  for (int32_t o = begin; o < end; ++o) {
    spend += d.value[o];
    units += d.units[o];
    lines += d.lines[o];
    discount += d.discount[o];
    discounted += d.discount[o] > 0;
    items += d.new_items[o];
    categories += d.new_categories[o];
    if (as_of - d.ts[o] <= 90 * kSecondsPerDay) spend_90 += d.value[o];
    for (size_t k = 0; k < n_categories; ++k) {
      category[k] += d.category_value[static_cast<size_t>(o) * n_categories + k];
    }
  }
  const double orders = end - begin;
  double returns = 0, returned = 0;
  Timestamp last_return = 0;
  for (int32_t r = d.return_start[c]; r < d.return_start[c + 1] && d.return_ts[r] < observed_end;
       ++r) {
    returns += 1;
    returned += d.return_amount[r];
    last_return = d.return_ts[r];
  }

  out.push_back(static_cast<float>(recency));
  out.push_back(static_cast<float>(tenure));
  out.push_back(static_cast<float>(orders));
  out.push_back(static_cast<float>(days.size()));
  out.push_back(static_cast<float>(30.0 * days.size() / std::max(tenure, 1.0)));
  out.push_back(mean_gap);
  out.push_back(last_gap);
  out.push_back(gap_trend);
  out.push_back(gaps.empty() ? kNone : Ratio(recency, mean_gap));
  out.push_back(days_in(0, 30));
  out.push_back(days_in(0, 90));
  out.push_back(days_in(90, 180));
  out.push_back(static_cast<float>(spend));
  out.push_back(static_cast<float>(spend / orders));
  out.push_back(d.value[last]);
  out.push_back(static_cast<float>(spend_90));
  out.push_back(static_cast<float>(units / orders));
  out.push_back(static_cast<float>(lines / orders));
  out.push_back(static_cast<float>(items));
  out.push_back(static_cast<float>(categories));
  out.push_back(static_cast<float>(discounted / orders));
  out.push_back(Ratio(discount, spend + discount));
  out.push_back(static_cast<float>(returns));
  out.push_back(Ratio(returned, spend));
  out.push_back(returns > 0 ? static_cast<float>((as_of - last_return) / kDay) : kNone);
  out.push_back(static_cast<float>(d.channel[last]));
  out.push_back(static_cast<float>(d.country[last]));
  for (double v : category) out.push_back(Ratio(v, spend));
}

std::vector<float> LapseFeatures(const OrderHistory& data, int32_t c, Timestamp as_of) {
  std::vector<float> out;
  AppendLapseFeatures(data, c, as_of, as_of, out);
  return out;
}

}  // namespace mercato::customers
