// The incentive bandit's context from a customer's earlier orders (value tier, device).
#include "engage/incentive_context.h"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <string>

namespace mercato::engage {
namespace {

bool IsMobileChannel(const std::string& name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return lower == "mobile" || lower == "app";
}

}  // namespace

int CartBand(double cart_value) { return cart_value < 50 ? 0 : cart_value < 150 ? 1 : 2; }

IncentiveContexts::IncentiveContexts(const Snapshot& s) {
  const size_t customers = static_cast<size_t>(s.customers.size());
  start_.assign(customers + 1, 0);
  for (const int32_t c : s.order_customer) {
    if (c >= 0 && static_cast<size_t>(c) < customers) ++start_[static_cast<size_t>(c) + 1];
  }
  std::partial_sum(start_.begin(), start_.end(), start_.begin());
  std::vector<size_t> order(s.order_customer.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return s.order_ts[a] < s.order_ts[b]; });
  ts_.resize(static_cast<size_t>(start_.back()));
  mobile_.resize(ts_.size());
  std::vector<int64_t> next(start_.begin(), start_.end() - 1);
  for (const size_t o : order) {
    const int32_t c = s.order_customer[o];
    if (c < 0 || static_cast<size_t>(c) >= customers) continue;
    const size_t k = static_cast<size_t>(next[static_cast<size_t>(c)]++);
    ts_[k] = s.order_ts[o];
    mobile_[k] = o < s.order_channel.size() &&
                 IsMobileChannel(Snapshot::NameOf(s.channels, s.order_channel[o]));
  }
}

IncentiveContext IncentiveContexts::At(int32_t customer, Timestamp at, double cart_value) const {
  IncentiveContext context;
  context.cart_band = CartBand(cart_value);
  if (customer < 0 || static_cast<size_t>(customer) + 1 >= start_.size()) return context;
  const auto begin = ts_.begin() + start_[static_cast<size_t>(customer)];
  const auto end = ts_.begin() + start_[static_cast<size_t>(customer) + 1];
  const auto before = std::lower_bound(begin, end, at);  // orders strictly before `at`
  const int64_t earlier = before - begin;
  if (earlier == 0) return context;  // new
  context.returning = true;
  const size_t last = static_cast<size_t>(before - ts_.begin()) - 1;
  context.device = mobile_[last];
  if (at - ts_[last] > kLapsedAfterDays * kSecondsPerDay) {
    context.segment = 3;
  } else {
    context.segment = earlier == 1 ? 1 : 2;
  }
  return context;
}

bool IncentiveContexts::OrderedBetween(int32_t customer, Timestamp from, Timestamp to) const {
  if (customer < 0 || static_cast<size_t>(customer) + 1 >= start_.size()) return false;
  const auto begin = ts_.begin() + start_[static_cast<size_t>(customer)];
  const auto end = ts_.begin() + start_[static_cast<size_t>(customer) + 1];
  const auto first_after = std::upper_bound(begin, end, from);
  return first_after != end && *first_after <= to;
}

}  // namespace mercato::engage
