// JSON of a reorder plan.
#include "inventory/plan_json.h"

#include <cmath>

#include "common/text.h"
#include "common/time.h"

namespace mercato::inventory {
namespace {

nlohmann::ordered_json Optional(const std::optional<int64_t>& day) {
  return day ? nlohmann::ordered_json(FormatDay(*day)) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json Money(const std::optional<double>& amount) {
  return amount ? nlohmann::ordered_json(*amount) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json LineJson(const PlanLine& l) {
  auto finite = [](double v) {
    return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
  };
  return {{"sku", l.sku},
          {"location", l.location},
          {"supplier", l.supplier},
          {"on_hand", l.on_hand},
          {"on_order", l.on_order},
          {"backorders", l.backorders},
          {"inventory_position", l.inventory_position},
          {"demand_per_day", l.demand.mean},
          {"demand_sd_per_day", l.demand.sd},
          {"lead_time_days", l.lead_time.moments.mean},
          {"lead_time_sd_days", l.lead_time.moments.sd},
          {"lead_time_source", LeadTimeSourceName(l.lead_time.source)},
          {"lead_time_observations", l.lead_time.observations},
          {"safety_stock", l.policy.safety_stock},
          {"reorder_point", l.policy.reorder_point},
          {"order_up_to", l.policy.order_up_to},
          {"eoq", finite(l.policy.eoq)},
          {"order_quantity", l.order_quantity},
          {"order_by_date", Optional(l.order_by_day)},
          {"stockout_date", Optional(l.stockout_day)},
          {"weeks_of_cover", l.weeks_of_cover ? nlohmann::ordered_json(*l.weeks_of_cover)
                                              : nlohmann::ordered_json(nullptr)},
          {"excess_units", l.excess_units},
          {"markdown_candidate", l.markdown_candidate},
          {"last_sale_date", Optional(l.last_sale_day)},
          {"reason", PlanReasonName(l.reason)},
          {"title", l.title},
          {"supplier_source", SupplierSourceName(l.supplier_source)},
          {"unit_cost", Money(l.unit_cost)},
          {"order_value", Money(l.order_value)}};
}

}  // namespace

PlanCounts CountPlan(const Plan& plan) {
  PlanCounts c;
  for (const PlanLine& l : plan.lines) {
    c.reorder_now += l.order_quantity > 0;
    c.units_to_order += l.order_quantity;
    c.excess += l.excess_units > 0;
    c.markdown += l.markdown_candidate;
    if (l.order_quantity > 0 && !l.order_value) ++c.orders_without_cost;
    if (l.order_value) c.order_value += *l.order_value;
  }
  c.order_value = RoundToCents(c.order_value);
  return c;
}

nlohmann::ordered_json PlanJson(const Plan& plan) {
  const PlanCounts counts = CountPlan(plan);
  nlohmann::ordered_json j;
  j["as_of"] = FormatDay(plan.as_of_day);
  j["service_level"] = plan.service_level;
  j["service_level_kind"] = plan.service_kind;
  j["z"] = plan.z;
  j["stock_source"] = plan.stock_source;
  if (!plan.currency.empty()) j["currency"] = plan.currency;
  j["summary"] = {{"lines", plan.lines.size()},
                  {"reorder_now", counts.reorder_now},
                  {"units_to_order", counts.units_to_order},
                  {"excess", counts.excess},
                  {"markdown_candidates", counts.markdown},
                  {"order_value", counts.order_value},
                  {"orders_without_cost", counts.orders_without_cost}};
  j["lines"] = nlohmann::ordered_json::array();
  for (const PlanLine& l : plan.lines) j["lines"].push_back(LineJson(l));
  return j;
}

}  // namespace mercato::inventory
