// Learning repurchase rates and intervals per product and category from the order history.
#include "recommend_serving/repurchase_cycles.h"

#include <algorithm>
#include <tuple>

namespace mercato::serving {
namespace {

constexpr double kSecondsPerDay = 86400.0;

// Figures of one group (a product or a category) from its buyers' purchase times.
struct CycleCounts {
  int32_t buyers = 0, repeat_buyers = 0;
  std::vector<double> intervals;  // days

  RepurchaseCycle Cycle(bool from_category) {
    RepurchaseCycle c{buyers, repeat_buyers, std::nullopt, from_category};
    if (!intervals.empty()) {
      const auto middle = intervals.begin() + static_cast<std::ptrdiff_t>(intervals.size() / 2);
      std::nth_element(intervals.begin(), middle, intervals.end());
      c.interval_days = *middle;
    }
    return c;
  }
};

}  // namespace

RepurchaseCycles::RepurchaseCycles(const ServingIndex& index, const ItemCatalog& catalog)
    : catalog_(&catalog) {
  const auto items = static_cast<size_t>(catalog.size());
  product_.resize(items);
  if (index.order_ts.size() != index.order_customer.size()) return;
  // (product, customer, time) of every purchase by a known customer.
  std::vector<std::tuple<int32_t, int32_t, Timestamp>> purchases;
  for (int32_t o = 0; o < index.orders.size(); ++o) {
    const int32_t customer = index.order_customer[static_cast<size_t>(o)];
    if (customer == IdIndex::kNone) continue;
    for (int32_t item : index.ItemsOf(o)) {
      purchases.emplace_back(catalog.ProductOf(item), customer,
                             index.order_ts[static_cast<size_t>(o)]);
    }
  }
  std::sort(purchases.begin(), purchases.end());
  std::vector<CycleCounts> products(items), categories;
  for (size_t i = 0; i < purchases.size();) {
    const auto [product, customer, first] = purchases[i];
    CycleCounts& p = products[static_cast<size_t>(product)];
    const int32_t category = catalog.TopCategoryOf(product);
    if (category != IdIndex::kNone && static_cast<size_t>(category) >= categories.size()) {
      categories.resize(static_cast<size_t>(category) + 1);
    }
    CycleCounts* c =
        category != IdIndex::kNone ? &categories[static_cast<size_t>(category)] : nullptr;
    ++p.buyers;
    if (c != nullptr) ++c->buyers;
    Timestamp previous = first;
    bool again = false;
    for (++i; i < purchases.size() && std::get<0>(purchases[i]) == product &&
              std::get<1>(purchases[i]) == customer;
         ++i) {
      const Timestamp ts = std::get<2>(purchases[i]);
      if (ts <= previous) continue;  // the same order, or two lines of one time
      const double days = static_cast<double>(ts - previous) / kSecondsPerDay;
      p.intervals.push_back(days);
      if (c != nullptr) c->intervals.push_back(days);
      previous = ts;
      again = true;
    }
    if (again) {
      ++p.repeat_buyers;
      if (c != nullptr) ++c->repeat_buyers;
    }
  }
  for (size_t p = 0; p < items; ++p) product_[p] = products[p].Cycle(false);
  for (CycleCounts& c : categories) category_.push_back(c.Cycle(true));
}

std::optional<RepurchaseCycle> RepurchaseCycles::Of(int32_t product) const {
  if (product < 0 || static_cast<size_t>(product) >= product_.size()) return std::nullopt;
  const RepurchaseCycle& own = product_[static_cast<size_t>(product)];
  if (own.buyers >= kMinBuyers) return own;
  const int32_t category = catalog_->TopCategoryOf(product);
  if (category == IdIndex::kNone || static_cast<size_t>(category) >= category_.size()) {
    return std::nullopt;
  }
  const RepurchaseCycle& group = category_[static_cast<size_t>(category)];
  if (group.buyers >= kMinBuyers) return group;
  return std::nullopt;
}

bool RepurchaseCycles::Due(int32_t product, Timestamp last, Timestamp now, double min_rate) const {
  const std::optional<RepurchaseCycle> cycle = Of(product);
  if (!cycle || !cycle->interval_days || cycle->repeat_buyers == 0 || cycle->rate() < min_rate) {
    return false;
  }
  return static_cast<double>(now - last) >= kDueShare * *cycle->interval_days * kSecondsPerDay;
}

void KeepLatestPerProduct(std::vector<std::pair<int32_t, Timestamp>>& purchases) {
  // Latest first within a product, then the first of each product.
  std::sort(purchases.begin(), purchases.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  });
  purchases.erase(std::unique(purchases.begin(), purchases.end(),
                              [](const auto& a, const auto& b) { return a.first == b.first; }),
                  purchases.end());
}

std::vector<std::pair<int32_t, Timestamp>> LastPurchases(const ServingIndex& index,
                                                         const ItemCatalog& catalog,
                                                         std::span<const int32_t> customer_orders) {
  std::vector<std::pair<int32_t, Timestamp>> last;
  if (index.order_ts.size() != index.order_customer.size()) return last;
  for (int32_t o : customer_orders) {
    for (int32_t item : index.ItemsOf(o)) {
      last.emplace_back(catalog.ProductOf(item), index.order_ts[static_cast<size_t>(o)]);
    }
  }
  KeepLatestPerProduct(last);
  return last;
}

}  // namespace mercato::serving
