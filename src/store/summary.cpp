// SummarizeStore: counts and spans from the store, top categories by scanning products and lines.
#include "store/summary.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

namespace mercato {
namespace {

std::string_view TopLevel(std::string_view category) {
  const size_t sep = category.find(" > ");
  return sep == std::string_view::npos ? category : category.substr(0, sep);
}

// The `limit` largest counts, most first, ties by name.
std::vector<std::pair<std::string, int64_t>> Largest(const std::map<std::string, int64_t>& counts,
                                                     int limit) {
  std::vector<std::pair<std::string, int64_t>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  out.resize(std::min(out.size(), static_cast<size_t>(limit)));
  return out;
}

}  // namespace

Result<StoreSummary> SummarizeStore(Store& store, int top_categories) {
  StoreSummary summary;
  for (size_t k = 0; k < kEntityKindCount; ++k) {
    ASSIGN_OR_RETURN(int64_t n, store.Count(static_cast<EntityKind>(k)));
    summary.counts.emplace_back(std::string(EntityNames()[k]), n);
  }
  ASSIGN_OR_RETURN(std::optional<TimeSpan> orders, store.TimeSpanOf(EntityKind::kOrder));
  if (orders) summary.first_order = orders->first, summary.last_order = orders->last;
  ASSIGN_OR_RETURN(std::optional<TimeSpan> events, store.TimeSpanOf(EntityKind::kEvent));
  if (events) summary.first_event = events->first, summary.last_event = events->last;
  if (top_categories <= 0) return summary;

  std::unordered_map<std::string, std::string> top_of_sku;  // products with a category only
  std::map<std::string, int64_t> products_by_top;
  RETURN_IF_ERROR(ScanAll<Product>(store, [&](const Product& p) {
    if (p.category.empty()) return Status::Ok();
    std::string top(TopLevel(p.category));
    ++products_by_top[top];
    top_of_sku.emplace(p.sku, std::move(top));
    return Status::Ok();
  }));
  std::map<std::string, int64_t> units_by_top;
  if (!top_of_sku.empty()) {
    RETURN_IF_ERROR(ScanAll<OrderLine>(store, [&](const OrderLine& line) {
      if (auto it = top_of_sku.find(line.sku); it != top_of_sku.end()) {
        units_by_top[it->second] += line.quantity;
      }
      return Status::Ok();
    }));
  }
  summary.top_categories =
      Largest(units_by_top.empty() ? products_by_top : units_by_top, top_categories);
  return summary;
}

}  // namespace mercato
