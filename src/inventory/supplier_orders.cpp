// Purchase orders per supplier from a reorder plan.
#include "inventory/supplier_orders.h"

#include <algorithm>
#include <map>

#include "common/text.h"

namespace mercato::inventory {

std::vector<SupplierOrder> SupplierOrdersOf(const Plan& plan) {
  std::map<std::string, SupplierOrder> by_supplier;
  for (const PlanLine& line : plan.lines) {
    if (line.order_quantity <= 0) continue;
    SupplierOrder& order = by_supplier[line.supplier];
    order.supplier = line.supplier;
    order.lines.push_back(&line);
    order.units += line.order_quantity;
    if (line.order_value) {
      order.value += *line.order_value;
    } else {
      ++order.lines_without_cost;
    }
  }
  std::vector<SupplierOrder> orders;
  for (auto& [name, order] : by_supplier) {
    order.value = RoundToCents(order.value);
    if (!name.empty()) orders.push_back(std::move(order));
  }
  if (auto none = by_supplier.find(""); none != by_supplier.end()) {
    orders.push_back(std::move(none->second));
  }
  return orders;
}

std::vector<std::vector<std::string>> SupplierOrderCsv(const SupplierOrder& order,
                                                       const std::string& currency) {
  auto money = [](const std::optional<double>& v) { return v ? FormatMoney(*v) : std::string(); };
  std::vector<std::vector<std::string>> rows = {
      {"supplier", "sku", "title", "location", "quantity", "unit_cost", "line_value"}};
  for (const PlanLine* l : order.lines) {
    rows.push_back({order.supplier, l->sku, l->title, l->location,
                    std::to_string(l->order_quantity), money(l->unit_cost), money(l->order_value)});
  }
  rows.push_back(
      {order.supplier, "TOTAL", "", "", std::to_string(order.units), "", FormatMoney(order.value)});
  if (!currency.empty()) {
    rows.front().push_back("currency");
    for (size_t r = 1; r < rows.size(); ++r) rows[r].push_back(currency);
  }
  return rows;
}

}  // namespace mercato::inventory
