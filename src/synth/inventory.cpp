// Stock levels, replenishment and stock-out bookkeeping.
#include "synth/inventory.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mercato::synth {

namespace {

int64_t RoundUpTo(int64_t x, int64_t multiple) { return (x + multiple - 1) / multiple * multiple; }

}  // namespace

Inventory::Inventory(const SynthConfig& config, const Catalog& catalog, const Supply& supply,
                     const Clock& clock, double daily_lines)
    : catalog_(&catalog),
      supply_(&supply),
      clock_(&clock),
      service_z_(config.service_z),
      state_(catalog.skus.size()) {
  std::vector<double> subcat_pop(catalog.subcats.size(), 0.0);
  for (const Sku& s : catalog.skus) subcat_pop[s.subcat] += s.popularity;
  const double n = static_cast<double>(catalog.skus.size());
  for (size_t k = 0; k < state_.size(); ++k) {
    const Sku& s = catalog.skus[k];
    const double subcat_share = static_cast<double>(catalog.subcats[s.subcat].skus.size()) / n;
    state_[k].estimate = daily_lines * subcat_share * s.popularity / subcat_pop[s.subcat];
    OrderUpTo(static_cast<uint32_t>(k), state_[k], true);
  }
}

// The (s, S) policy: when on hand + on order falls to the reorder point s, order up to S.
void Inventory::OrderUpTo(uint32_t sku, State& st, bool initial) {
  const SupplierSpec& sup = supply_->suppliers()[catalog_->skus[sku].supplier];
  const double est = std::max(st.estimate, 0.01);
  const double horizon = sup.lead_mean + 1.0;
  const double reorder = est * horizon + service_z_ * std::sqrt(est * horizon);
  const double up_to = reorder + std::max(static_cast<double>(sup.min_order), est * kCoverDays);
  if (initial) {
    st.on_hand = RoundUpTo(static_cast<int64_t>(std::ceil(up_to)), sup.case_pack);
    return;
  }
  const int64_t position = st.on_hand + st.on_order;
  if (static_cast<double>(position) > reorder) return;
  st.on_order += RoundUpTo(
      std::max(sup.min_order, static_cast<int64_t>(std::ceil(up_to)) - position), sup.case_pack);
}

int64_t Inventory::Take(uint32_t sku, int64_t qty, double t) {
  State& st = state_[sku];
  const int64_t sold = std::min(qty, st.on_hand);
  if (st.window >= 0) windows_[st.window].lost_units += qty - sold;
  if (sold == 0) {
    st.out_today = true;
    return 0;
  }
  st.on_hand -= sold;
  st.sold_today += sold;
  if (st.on_hand == 0) {
    st.out_today = true;
    st.window = static_cast<int64_t>(windows_.size());
    windows_.push_back({sku, clock_->ToTimestamp(t), std::nullopt, qty - sold});
  }
  return sold;
}

void Inventory::Receive(const Delivery& delivery) {
  State& st = state_[delivery.sku];
  st.on_hand += delivery.received;
  st.on_order -= delivery.ordered;
  if (st.window >= 0 && delivery.received > 0) {
    windows_[st.window].end = clock_->ToTimestamp(delivery.t);
    st.window = -1;
  }
}

std::vector<Delivery> Inventory::EndOfDay(int64_t day, Rng& rng, Sinks& sinks) {
  std::vector<Delivery> deliveries;
  const bool weekly = clock_->Weekday(day) == 6;
  const double order_t = static_cast<double>(day) + 0.75;
  const double days = static_cast<double>(clock_->days());
  for (size_t k = 0; k < state_.size(); ++k) {
    State& st = state_[k];
    // Censored days (the SKU was out) say little about demand: the estimate skips them.
    if (!st.out_today) {
      st.estimate += kDemandSmoothing * (static_cast<double>(st.sold_today) - st.estimate);
    }
    st.sold_today = 0;
    st.out_today = false;
    const int64_t before = st.on_order;
    OrderUpTo(static_cast<uint32_t>(k), st, false);
    if (st.on_order > before) {
      const Sku& sku = catalog_->skus[k];
      const SupplierSpec& sup = supply_->suppliers()[sku.supplier];
      PurchaseOrder po;
      char buf[32];
      std::snprintf(buf, sizeof buf, "PO%07lld", static_cast<long long>(++po_count_));
      po.id = buf;
      po.sku = sku.product.sku;
      po.supplier_id = sup.id;
      po.location = kLocation;
      po.quantity = st.on_order - before;
      po.unit_cost = sku.product.cost;
      po.ordered_at = clock_->ToTimestamp(order_t);
      po.promised_at = clock_->ToTimestamp(order_t + sup.lead_mean);
      const double arrival = order_t + supply_->DrawLeadTime(sku.supplier, order_t, rng);
      int64_t received = po.quantity;
      if (rng.Bernoulli(0.05)) {
        received = std::max<int64_t>(
            1, static_cast<int64_t>(static_cast<double>(received) * rng.Uniform(0.6, 0.95)));
      }
      if (arrival < days) {
        po.received_at = clock_->ToTimestamp(arrival);
        po.received_quantity = received;
        deliveries.push_back({arrival, static_cast<uint32_t>(k), po.quantity, received});
      }
      sinks.Write(po);
    }
    if (weekly || st.on_hand != st.written) {
      InventoryLevel level;
      level.sku = catalog_->skus[k].product.sku;
      level.location = kLocation;
      level.ts = clock_->DayStart(day + 1) - 1;
      level.on_hand = st.on_hand;
      level.on_order = st.on_order;
      sinks.Write(level);
      st.written = st.on_hand;
    }
  }
  return deliveries;
}

}  // namespace mercato::synth
