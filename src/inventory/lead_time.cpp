// Lead-time estimation from purchase orders.
#include "inventory/lead_time.h"

#include <algorithm>
#include <cmath>

namespace mercato::inventory {

const char* LeadTimeSourceName(LeadTimeSource source) {
  switch (source) {
    case LeadTimeSource::kSku:
      return "sku";
    case LeadTimeSource::kSupplier:
      return "supplier";
    case LeadTimeSource::kNominal:
      return "nominal";
    case LeadTimeSource::kDefault:
      break;
  }
  return "default";
}

std::vector<LeadTimeObservation> ObservedLeadTimes(const std::vector<const PurchaseOrder*>& orders,
                                                   Timestamp as_of, double overdue_after_days) {
  std::vector<LeadTimeObservation> out;
  const double day = static_cast<double>(kSecondsPerDay);
  for (const PurchaseOrder* po : orders) {
    if (po->ordered_at >= as_of) continue;
    if (po->received_at && *po->received_at < as_of) {
      out.push_back({po->ordered_at, static_cast<double>(*po->received_at - po->ordered_at) / day});
      continue;
    }
    const double age = static_cast<double>(as_of - po->ordered_at) / day;
    const double promised = po->promised_at
                                ? static_cast<double>(*po->promised_at - po->ordered_at) / day
                                : overdue_after_days;
    if (age > promised) out.push_back({po->ordered_at, age});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.ordered_at < b.ordered_at; });
  return out;
}

LeadTimeMoments MomentsOfRecent(const std::vector<LeadTimeObservation>& observations, int window) {
  const size_t n = std::min(observations.size(), static_cast<size_t>(std::max(window, 1)));
  if (n == 0) return {};
  const size_t first = observations.size() - n;
  double sum = 0;
  for (size_t i = first; i < observations.size(); ++i) sum += observations[i].days;
  const double mean = sum / static_cast<double>(n);
  double ss = 0;
  for (size_t i = first; i < observations.size(); ++i) {
    ss += (observations[i].days - mean) * (observations[i].days - mean);
  }
  return {mean, n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0};
}

LeadTimeEstimate EstimateLeadTime(const std::vector<LeadTimeObservation>& sku_observations,
                                  const std::vector<LeadTimeObservation>& supplier_observations,
                                  const Supplier* supplier, const InventoryOptions& options) {
  const size_t enough = static_cast<size_t>(std::max(options.min_lead_time_observations, 1));
  auto from = [&](const std::vector<LeadTimeObservation>& obs, LeadTimeSource source) {
    return LeadTimeEstimate{
        MomentsOfRecent(obs, options.lead_time_window),
        static_cast<int>(std::min(obs.size(), static_cast<size_t>(options.lead_time_window))),
        source};
  };
  if (sku_observations.size() >= enough) return from(sku_observations, LeadTimeSource::kSku);
  if (supplier_observations.size() >= enough) {
    return from(supplier_observations, LeadTimeSource::kSupplier);
  }
  if (supplier && supplier->lead_time_days && *supplier->lead_time_days >= 0) {
    const double mean = *supplier->lead_time_days;
    return {{mean, mean * options.nominal_lead_time_cv}, 0, LeadTimeSource::kNominal};
  }
  const double mean = options.default_lead_time_days;
  return {{mean, mean * options.nominal_lead_time_cv}, 0, LeadTimeSource::kDefault};
}

}  // namespace mercato::inventory
