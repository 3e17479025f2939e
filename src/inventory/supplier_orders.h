// The orders a reorder plan places, grouped into one purchase order per supplier: what
// `mercato inventory plan --po-dir` writes as one CSV per supplier.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inventory/planner.h"

namespace mercato::inventory {

struct SupplierOrder {
  std::string supplier;  // the plan lines' supplier (or vendor); "" when they name none
  std::vector<const PlanLine*> lines;  // the plan's lines with an order quantity, by SKU
  int64_t units = 0;
  double value = 0;                // the lines' order values, summed to the cent
  int64_t lines_without_cost = 0;  // lines whose value is unknown (no unit cost)
};

/// The lines of `plan` with an order quantity, one order per supplier, by supplier name (the
/// lines without one last). The orders point into `plan`.
std::vector<SupplierOrder> SupplierOrdersOf(const Plan& plan);

/// A purchase order's CSV: the header, one row per line and a closing total row
/// (supplier, sku, title, location, quantity, unit_cost, line_value; money with two decimals,
/// empty when unknown; the total row's sku is "TOTAL"), and a last column "currency" holding
/// `currency` on every row when it is known (not empty).
std::vector<std::vector<std::string>> SupplierOrderCsv(const SupplierOrder& order,
                                                       const std::string& currency);

}  // namespace mercato::inventory
