// Validation of the inventory planning parameters.
#include "inventory/options.h"

#include <cmath>

#include "common/text.h"
#include "forecast/model_registry.h"

namespace mercato::inventory {

Status ValidateOptions(const InventoryOptions& o) {
  auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  auto non_negative = [](double v) { return std::isfinite(v) && v >= 0; };
  if (!(o.service_level > 0 && o.service_level < 1)) {
    return InvalidArgument("service level must be between 0 and 1 (exclusive), e.g. 0.95");
  }
  if (!(o.fill_rate >= 0 && o.fill_rate < 1)) {
    return InvalidArgument("fill rate must be at least 0 (unused) and below 1, e.g. 0.97");
  }
  if (!(o.store_fill_rate >= 0 && o.store_fill_rate < 1)) {
    return InvalidArgument("store fill rate must be at least 0 (unused) and below 1, e.g. 0.97");
  }
  if (o.fill_rate > 0 && o.store_fill_rate > 0) {
    return InvalidArgument("use either a per-SKU fill rate or a store-wide fill rate, not both");
  }
  if (!non_negative(o.holding_rate)) return InvalidArgument("holding rate must be >= 0");
  if (!non_negative(o.ordering_cost)) return InvalidArgument("ordering cost must be >= 0");
  if (!non_negative(o.review_days)) return InvalidArgument("review days must be >= 0");
  if (!positive(o.max_order_cover_days) || o.max_order_cover_days > 3650) {
    return InvalidArgument("max order cover days must be > 0 and at most 3650");
  }
  if (o.history_weeks < 1) return InvalidArgument("history weeks must be >= 1");
  if (!non_negative(o.default_lead_time_days)) {
    return InvalidArgument("default lead time must be >= 0 days");
  }
  if (!non_negative(o.nominal_lead_time_cv)) {
    return InvalidArgument("nominal lead-time CV must be >= 0");
  }
  if (o.min_lead_time_observations < 1 || o.lead_time_window < 1) {
    return InvalidArgument("lead-time observations and window must be >= 1");
  }
  if (!positive(o.excess_cover_weeks)) return InvalidArgument("excess cover weeks must be > 0");
  if (o.markdown_no_sale_weeks < 1) return InvalidArgument("markdown weeks must be >= 1");
  if (o.horizon_days < 7 || o.horizon_days > 36525) {
    return InvalidArgument("horizon days must be from 7 (a week) to 36525");
  }
  if (!forecast::FindModel(o.model)) {
    return InvalidArgument("unknown forecast model '" + o.model + "': expected one of " +
                           Join(forecast::ModelNames(), ", "));
  }
  return Status::Ok();
}

ServiceTarget ServiceTargetOf(const InventoryOptions& o) {
  if (o.store_fill_rate > 0) return {"store_fill_rate", o.store_fill_rate};
  if (o.fill_rate > 0) return {"fill_rate", o.fill_rate};
  return {"cycle", o.service_level};
}

}  // namespace mercato::inventory
