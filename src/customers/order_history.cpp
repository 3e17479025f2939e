// Order histories: lines grouped by order (CSR), orders grouped by customer and sorted by time,
// returns grouped by customer.
#include "customers/order_history.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <unordered_set>

namespace mercato::customers {
namespace {

/// The names in `counts`, most counted first (ties: by name).
std::vector<std::string> ByFrequency(const std::map<std::string, int64_t>& counts) {
  std::vector<std::pair<std::string, int64_t>> v(counts.begin(), counts.end());
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> out;
  for (auto& [name, n] : v) out.push_back(std::move(name));
  return out;
}

/// Name -> position in `names`.
std::map<std::string, int32_t> Codes(const std::vector<std::string>& names) {
  std::map<std::string, int32_t> codes;
  for (size_t i = 0; i < names.size(); ++i) codes.emplace(names[i], static_cast<int32_t>(i));
  return codes;
}

float LineValue(const Snapshot& s, size_t line) {
  float price = s.lines.unit_price[line];
  if (std::isnan(price)) price = s.item_price[static_cast<size_t>(s.lines.item[line])];
  const float v = static_cast<float>(s.lines.quantity[line]) * price;
  return std::isfinite(v) ? v : 0.0f;
}

/// The discount of order `o`: its discount total when positive, else 0.
float DiscountOf(const Snapshot& s, size_t o) {
  const float d = s.order_discount[o];
  return d > 0 ? d : 0.0f;  // NaN (unknown) is not > 0
}

}  // namespace

OrderHistory LoadOrderHistory(const Snapshot& s) {
  const auto n_orders = static_cast<size_t>(s.orders.size());
  const auto n_customers = static_cast<size_t>(s.customers.size());
  OrderHistory d;

  // Lines by order (CSR), order values and category totals.
  std::vector<int32_t> line_start(n_orders + 1, 0);
  for (size_t i = 0; i < s.lines.size(); ++i)
    ++line_start[static_cast<size_t>(s.lines.order[i]) + 1];
  std::partial_sum(line_start.begin(), line_start.end(), line_start.begin());
  std::vector<int32_t> by_order(s.lines.size());
  {
    std::vector<int32_t> next(line_start.begin(), line_start.end() - 1);
    for (size_t i = 0; i < s.lines.size(); ++i) {
      by_order[static_cast<size_t>(next[static_cast<size_t>(s.lines.order[i])]++)] =
          static_cast<int32_t>(i);
    }
  }
  std::vector<double> category_total(static_cast<size_t>(s.categories.size()), 0.0);
  for (size_t i = 0; i < s.lines.size(); ++i) {
    const int32_t cat = s.item_category[static_cast<size_t>(s.lines.item[i])];
    if (cat != IdIndex::kNone) category_total[static_cast<size_t>(cat)] += LineValue(s, i);
  }
  std::vector<int32_t> top(category_total.size());
  std::iota(top.begin(), top.end(), 0);
  std::stable_sort(top.begin(), top.end(),
                   [&](int32_t a, int32_t b) { return category_total[a] > category_total[b]; });
  top.resize(std::min<size_t>(top.size(), kHistoryCategories));
  std::vector<int32_t> category_column(category_total.size(), -1);
  for (size_t k = 0; k < top.size(); ++k) {
    category_column[static_cast<size_t>(top[k])] = static_cast<int32_t>(k);
    d.categories.push_back(s.categories.Key(top[k]));
  }

  // Channel and country codes, most frequent first.
  std::map<std::string, int64_t> channel_count, country_count;
  for (size_t o = 0; o < n_orders; ++o) {
    if (s.order_customer[o] == IdIndex::kNone) continue;
    ++channel_count[Snapshot::NameOf(s.channels, s.order_channel[o])];
    ++country_count[Snapshot::NameOf(s.countries, s.order_country[o])];
  }
  d.channels = ByFrequency(channel_count);
  d.countries = ByFrequency(country_count);
  const std::map<std::string, int32_t> channel_code = Codes(d.channels),
                                       country_code = Codes(d.countries);

  // Customers' orders by time.
  d.customer_start.assign(n_customers + 1, 0);
  for (size_t o = 0; o < n_orders; ++o) {
    if (s.order_customer[o] != IdIndex::kNone) ++d.customer_start[s.order_customer[o] + 1];
  }
  std::partial_sum(d.customer_start.begin(), d.customer_start.end(), d.customer_start.begin());
  std::vector<int32_t> orders(static_cast<size_t>(d.customer_start.back()));
  {
    std::vector<int32_t> next(d.customer_start.begin(), d.customer_start.end() - 1);
    for (size_t o = 0; o < n_orders; ++o) {
      const int32_t c = s.order_customer[o];
      if (c != IdIndex::kNone) orders[static_cast<size_t>(next[c]++)] = static_cast<int32_t>(o);
    }
  }
  const size_t n_categories = d.categories.size();
  d.category_value.assign(orders.size() * n_categories, 0.0f);
  std::unordered_set<int32_t> seen, seen_categories;
  for (size_t c = 0; c < n_customers; ++c) {
    const auto begin = orders.begin() + d.customer_start[c];
    const auto end = orders.begin() + d.customer_start[c + 1];
    std::sort(begin, end, [&](int32_t a, int32_t b) {
      return std::pair(s.order_ts[a], a) < std::pair(s.order_ts[b], b);
    });
    seen.clear();
    seen_categories.clear();
    for (auto it = begin; it != end; ++it) {
      const auto o = static_cast<size_t>(*it);
      const size_t row = d.ts.size();
      float value = 0, units = 0, max_price = 0;
      int32_t fresh = 0, fresh_categories = 0;
      for (int32_t k = line_start[o]; k < line_start[o + 1]; ++k) {
        const auto line = static_cast<size_t>(by_order[static_cast<size_t>(k)]);
        const float v = LineValue(s, line);
        value += v;
        units += static_cast<float>(s.lines.quantity[line]);
        const float price = s.lines.unit_price[line];
        if (std::isfinite(price)) max_price = std::max(max_price, price);
        fresh += seen.insert(s.lines.item[line]).second;
        const int32_t cat = s.item_category[static_cast<size_t>(s.lines.item[line])];
        if (cat != IdIndex::kNone) fresh_categories += seen_categories.insert(cat).second;
        const int32_t column = cat == IdIndex::kNone ? -1 : category_column[cat];
        if (column >= 0) d.category_value[row * n_categories + column] += v;
      }
      d.ts.push_back(s.order_ts[o]);
      d.value.push_back(value);
      d.discount.push_back(DiscountOf(s, o));
      d.units.push_back(units);
      d.lines.push_back(line_start[o + 1] - line_start[o]);
      d.new_items.push_back(fresh);
      d.new_categories.push_back(fresh_categories);
      d.max_price.push_back(max_price);
      d.channel.push_back(channel_code.at(Snapshot::NameOf(s.channels, s.order_channel[o])));
      d.country.push_back(country_code.at(Snapshot::NameOf(s.countries, s.order_country[o])));
      d.end = std::max(d.end, s.order_ts[o]);
    }
  }

  // Customers' returns by time; an unknown amount is valued at the item's catalog price.
  d.return_start.assign(n_customers + 1, 0);
  for (size_t r = 0; r < s.returns.size(); ++r) {
    if (s.returns.customer[r] != IdIndex::kNone) ++d.return_start[s.returns.customer[r] + 1];
  }
  std::partial_sum(d.return_start.begin(), d.return_start.end(), d.return_start.begin());
  std::vector<int32_t> returns(static_cast<size_t>(d.return_start.back()));
  {
    std::vector<int32_t> next(d.return_start.begin(), d.return_start.end() - 1);
    for (size_t r = 0; r < s.returns.size(); ++r) {
      const int32_t c = s.returns.customer[r];
      if (c != IdIndex::kNone) returns[static_cast<size_t>(next[c]++)] = static_cast<int32_t>(r);
    }
  }
  for (size_t c = 0; c < n_customers; ++c) {
    std::sort(returns.begin() + d.return_start[c], returns.begin() + d.return_start[c + 1],
              [&](int32_t a, int32_t b) {
                return std::pair(s.returns.ts[a], a) < std::pair(s.returns.ts[b], b);
              });
  }
  for (int32_t r : returns) {
    float amount = s.returns.amount[r];
    if (std::isnan(amount)) {
      const int32_t item = s.returns.item[r];
      const float price = item == IdIndex::kNone ? 0.0f : s.item_price[item];
      amount = std::isfinite(price) ? price * static_cast<float>(s.returns.quantity[r]) : 0.0f;
    }
    d.return_ts.push_back(s.returns.ts[r]);
    d.return_amount.push_back(amount);
  }

  d.customer_ids.reserve(n_customers);
  for (int32_t c = 0; c < s.customers.size(); ++c) d.customer_ids.push_back(s.customers.Key(c));
  return d;
}

}  // namespace mercato::customers
