// Lead-time distributions from purchase-order history: mean and spread of received − ordered per
// SKU and supplier, falling back to the supplier's pooled history, then its nominal lead time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/entities.h"
#include "inventory/options.h"
#include "inventory/reorder_math.h"

namespace mercato::inventory {

/// Where a lead-time estimate comes from.
enum class LeadTimeSource { kSku, kSupplier, kNominal, kDefault };
/// "sku", "supplier", "nominal", "default".
const char* LeadTimeSourceName(LeadTimeSource source);

struct LeadTimeEstimate {
  LeadTimeMoments moments;
  int observations = 0;
  LeadTimeSource source = LeadTimeSource::kDefault;
};

/// One observed lead time: the order day and its length in days.
struct LeadTimeObservation {
  Timestamp ordered_at = 0;
  double days = 0;
};

/// The lead times observable at `as_of` from `orders` (any SKUs): received − ordered for orders
/// received before `as_of`, and for open orders already older than their promised lead time (or
/// than `overdue_after_days` without a promise) their age so far — a lower bound that lets a
/// disruption show before its late orders arrive. Sorted by order time.
std::vector<LeadTimeObservation> ObservedLeadTimes(const std::vector<const PurchaseOrder*>& orders,
                                                   Timestamp as_of, double overdue_after_days);

/// Mean and sample standard deviation of the last `window` observations (all when fewer).
LeadTimeMoments MomentsOfRecent(const std::vector<LeadTimeObservation>& observations, int window);

/// The lead time of one SKU from its own observations, else its supplier's (all SKUs), else
/// the supplier's nominal lead time with the options' assumed coefficient of variation, else the
/// default lead time.
LeadTimeEstimate EstimateLeadTime(const std::vector<LeadTimeObservation>& sku_observations,
                                  const std::vector<LeadTimeObservation>& supplier_observations,
                                  const Supplier* supplier, const InventoryOptions& options);

}  // namespace mercato::inventory
