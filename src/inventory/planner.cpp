// The reorder plan.
#include "inventory/planner.h"

#include <algorithm>
#include <cmath>

#include "common/text.h"
#include "forecast/model_registry.h"

namespace mercato::inventory {

namespace {

// A reorder date within this many days is "reorder soon".
constexpr int64_t kSoonDays = 7;

// `day` + ⌊days⌋, or nothing when that is `horizon_days` or more ahead.
std::optional<int64_t> DaysAhead(int64_t day, double days, int horizon_days) {
  if (!(days < static_cast<double>(horizon_days))) return std::nullopt;
  return day + static_cast<int64_t>(std::floor(days));
}

double OverdueAfter(const InventoryData& data, const std::string& supplier_id,
                    const InventoryOptions& options) {
  auto it = data.suppliers.find(supplier_id);
  if (it != data.suppliers.end() && it->second.lead_time_days) return *it->second.lead_time_days;
  return options.default_lead_time_days;
}

int64_t OpenOrderQuantity(const std::vector<PurchaseOrder>& orders, const std::string& location,
                          Timestamp as_of) {
  int64_t open = 0;
  for (const PurchaseOrder& po : orders) {
    if (po.ordered_at >= as_of || po.location != location) continue;
    if (!po.received_at || *po.received_at >= as_of) open += po.quantity;
  }
  return open;
}

}  // namespace

const char* SupplierSourceName(SupplierSource source) {
  switch (source) {
    case SupplierSource::kSupplier:
      return "supplier";
    case SupplierSource::kVendor:
      return "vendor";
    case SupplierSource::kNone:
      break;
  }
  return "";
}

const char* PlanReasonName(PlanReason reason) {
  switch (reason) {
    case PlanReason::kReorderNow:
      return "reorder_now";
    case PlanReason::kReorderSoon:
      return "reorder_soon";
    case PlanReason::kMarkdown:
      return "markdown";
    case PlanReason::kExcess:
      return "excess";
    case PlanReason::kNoDemand:
      return "no_demand";
    case PlanReason::kCovered:
      break;
  }
  return "covered";
}

LeadTimeHistory CollectLeadTimes(const InventoryData& data, int64_t as_of_day,
                                 const InventoryOptions& options) {
  LeadTimeHistory h;
  const Timestamp as_of = as_of_day * kSecondsPerDay;
  std::unordered_map<std::string, std::vector<const PurchaseOrder*>> by_supplier;
  h.per_item.resize(data.purchase_orders.size());
  for (size_t i = 0; i < data.purchase_orders.size(); ++i) {
    std::vector<const PurchaseOrder*> orders;
    for (const PurchaseOrder& po : data.purchase_orders[i]) {
      orders.push_back(&po);
      by_supplier[po.supplier_id].push_back(&po);
    }
    if (orders.empty()) continue;
    h.per_item[i] = ObservedLeadTimes(
        orders, as_of, OverdueAfter(data, data.purchase_orders[i].back().supplier_id, options));
  }
  for (const auto& [id, orders] : by_supplier) {
    h.per_supplier[id] = ObservedLeadTimes(orders, as_of, OverdueAfter(data, id, options));
  }
  return h;
}

SkuPlanningInputs PlanningInputs(const InventoryData& data, const LeadTimeHistory& lead_times,
                                 int32_t item, int64_t as_of_day, forecast::ModelFn model,
                                 const InventoryOptions& options) {
  SkuPlanningInputs in;
  const auto i = static_cast<size_t>(item);
  const std::string& supplier_id = data.supplier_of[i];
  auto sup = data.suppliers.find(supplier_id);
  if (sup != data.suppliers.end()) in.supplier = &sup->second;
  static const std::vector<LeadTimeObservation> kNone;
  auto pooled = lead_times.per_supplier.find(supplier_id);
  in.lead_time = EstimateLeadTime(
      i < lead_times.per_item.size() ? lead_times.per_item[i] : kNone,
      supplier_id.empty() || pooled == lead_times.per_supplier.end() ? kNone : pooled->second,
      in.supplier, options);
  in.demand = EstimateDemand(data, item, as_of_day, in.lead_time.moments.mean + options.review_days,
                             model, options);
  return in;
}

PolicyInputs PolicyInputsFor(const InventoryData& data, int32_t item, const SkuPlanningInputs& in,
                             double demand_share, const InventoryOptions& options) {
  PolicyInputs p;
  p.demand = {in.demand.rate.mean * demand_share, in.demand.rate.sd * demand_share};
  p.lead_time = in.lead_time.moments;
  p.review_days = options.review_days;
  p.z = NormalQuantile(options.service_level);
  p.unit_cost = data.unit_cost[static_cast<size_t>(item)];
  p.holding_rate = options.holding_rate;
  p.ordering_cost = options.ordering_cost;
  p.max_order_cover_days = options.max_order_cover_days;
  p.fill_rate = options.fill_rate;
  if (in.supplier) {
    p.min_order_quantity = in.supplier->min_order_quantity.value_or(1);
    p.case_pack = in.supplier->case_pack.value_or(1);
  }
  return p;
}

std::vector<ReorderPolicy> ComputePolicies(const std::vector<PolicyInputs>& inputs,
                                           const InventoryOptions& options) {
  if (options.store_fill_rate > 0) return StoreFillRatePolicies(inputs, options.store_fill_rate);
  std::vector<ReorderPolicy> out;
  out.reserve(inputs.size());
  for (const PolicyInputs& in : inputs) out.push_back(ComputeReorderPolicy(in));
  return out;
}

Result<Plan> PlanInventory(const InventoryData& data, const InventoryOptions& options,
                           std::optional<int64_t> as_of_day) {
  RETURN_IF_ERROR(ValidateOptions(options));
  const forecast::ModelFn model = forecast::FindModel(options.model);  // valid: checked above
  Plan plan;
  plan.as_of_day = as_of_day.value_or(data.end_day);
  plan.stock_source = data.stock_source;
  const ServiceTarget target = ServiceTargetOf(options);
  plan.service_kind = target.kind;
  plan.service_level = target.level;
  plan.z = NormalQuantile(options.service_level);
  const Timestamp as_of = plan.as_of_day * kSecondsPerDay;
  const LeadTimeHistory lead_times = CollectLeadTimes(data, plan.as_of_day, options);

  // The SKUs' ranges [first, last) of data.stock; their inputs in parallel, each in its slot.
  std::vector<std::pair<size_t, size_t>> groups;
  for (size_t first = 0; first < data.stock.size();) {
    size_t last = first;
    while (last < data.stock.size() && data.stock[last].item == data.stock[first].item) ++last;
    groups.emplace_back(first, last);
    first = last;
  }
  std::vector<SkuPlanningInputs> inputs(groups.size());
#pragma omp parallel for schedule(dynamic, 16)
  for (size_t g = 0; g < groups.size(); ++g) {
    inputs[g] = PlanningInputs(data, lead_times, data.stock[groups[g].first].item, plan.as_of_day,
                               model, options);
  }
  std::vector<PolicyInputs> policy_inputs;
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto [first, last] = groups[g];
    policy_inputs.push_back(PolicyInputsFor(data, data.stock[first].item, inputs[g],
                                            1.0 / static_cast<double>(last - first), options));
  }
  const std::vector<ReorderPolicy> policies = ComputePolicies(policy_inputs, options);
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto [first, last] = groups[g];
    const int32_t item = data.stock[first].item;
    const SkuPlanningInputs& in = inputs[g];
    const PolicyInputs& policy_in = policy_inputs[g];
    const ReorderPolicy& policy = policies[g];
    for (size_t k = first; k < last; ++k) {
      const StockHistory& history = data.stock[k];
      const StockLevel* level = InventoryData::LevelBefore(history, as_of);
      if (!level) continue;
      PlanLine line;
      line.sku = data.items.Key(item);
      line.location = history.location;
      const auto i = static_cast<size_t>(item);
      line.supplier = in.supplier ? in.supplier->id : data.supplier_of[i];
      if (!line.supplier.empty()) {
        line.supplier_source = SupplierSource::kSupplier;
      } else if (!data.vendor[i].empty()) {
        line.supplier = data.vendor[i];
        line.supplier_source = SupplierSource::kVendor;
      }
      line.title = data.title[i];
      if (std::isfinite(data.unit_cost[i])) line.unit_cost = RoundToCents(data.unit_cost[i]);
      line.on_hand = std::max<int64_t>(level->on_hand, 0);
      line.backorders = std::max<int64_t>(-level->on_hand, 0);
      line.on_order = level->on_order.value_or(OpenOrderQuantity(
          data.purchase_orders[static_cast<size_t>(item)], history.location, as_of));
      line.inventory_position = line.on_hand + line.on_order - line.backorders;
      line.demand = policy_in.demand;
      line.lead_time = in.lead_time;
      line.policy = policy;
      if (in.demand.last_sale_day >= 0) line.last_sale_day = in.demand.last_sale_day;
      const double mu = line.demand.mean;
      if (mu > 0) {
        if (line.inventory_position <= policy.reorder_point) {
          line.order_quantity =
              RoundOrderQuantity(static_cast<double>(policy.order_up_to - line.inventory_position),
                                 policy_in.min_order_quantity, policy_in.case_pack);
        }
        const double days_to_reorder =
            std::max(0.0, static_cast<double>(line.inventory_position - policy.reorder_point) / mu);
        line.order_by_day = DaysAhead(plan.as_of_day, days_to_reorder, options.horizon_days);
        line.stockout_day =
            DaysAhead(plan.as_of_day, static_cast<double>(line.on_hand) / mu, options.horizon_days);
        line.weeks_of_cover = static_cast<double>(line.on_hand) / (7.0 * mu);
        const auto limit = static_cast<int64_t>(std::ceil(options.excess_cover_weeks * 7.0 * mu));
        line.excess_units = std::max<int64_t>(0, line.inventory_position - limit);
      } else {
        line.excess_units = line.on_hand;
      }
      if (line.unit_cost) {
        line.order_value = RoundToCents(static_cast<double>(line.order_quantity) * *line.unit_cost);
      }
      const int64_t idle_limit = 7 * static_cast<int64_t>(options.markdown_no_sale_weeks);
      line.markdown_candidate =
          line.on_hand > 0 &&
          (!line.last_sale_day || plan.as_of_day - *line.last_sale_day > idle_limit);
      if (line.order_quantity > 0) {
        line.reason = PlanReason::kReorderNow;
      } else if (line.order_by_day && *line.order_by_day - plan.as_of_day < kSoonDays) {
        line.reason = PlanReason::kReorderSoon;
      } else if (line.markdown_candidate) {
        line.reason = PlanReason::kMarkdown;
      } else if (line.excess_units > 0) {
        line.reason = PlanReason::kExcess;
      } else if (mu <= 0) {
        line.reason = PlanReason::kNoDemand;
      }
      plan.lines.push_back(std::move(line));
    }
  }
  return plan;
}

}  // namespace mercato::inventory
