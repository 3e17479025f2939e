// Policy replay on recorded demand.
#include "inventory/replay.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_map>

#include "common/text.h"
#include "forecast/model_registry.h"
#include "inventory/planner.h"

namespace mercato::inventory {

namespace {

// Lead times of orders placed within this many days of a simulated order are its sample.
constexpr int64_t kLeadTimeNeighbourhoodDays = 30;
constexpr size_t kMinNeighbours = 3;

struct ObservedLead {
  int64_t ordered_day;
  double days;
};

// Received purchase orders per supplier, by order day.
std::unordered_map<std::string, std::vector<ObservedLead>> LeadSamples(const InventoryData& data) {
  std::unordered_map<std::string, std::vector<ObservedLead>> out;
  for (const auto& orders : data.purchase_orders) {
    for (const PurchaseOrder& po : orders) {
      if (!po.received_at) continue;
      out[po.supplier_id].push_back(
          {DayOf(po.ordered_at),
           static_cast<double>(*po.received_at - po.ordered_at) / kSecondsPerDay});
    }
  }
  for (auto& [id, v] : out) {
    std::stable_sort(v.begin(), v.end(),
                     [](const auto& a, const auto& b) { return a.ordered_day < b.ordered_day; });
  }
  return out;
}

struct Item {
  int32_t item = 0;
  std::string supplier;
  double nominal_lead = 0;
  int64_t moq = 1, pack = 1;
  double cost = 0;             // 0 when unknown
  double excess_limit = 0;     // units
  std::vector<double> demand;  // per replayed day, warm-up included
  bool covered = false;        // the starting stock covers the whole period's demand
  double economic_order = 0;   // ExpectedOrderQuantity at the replayed mean demand
};

struct State {
  int64_t on_hand = 0;
  std::vector<std::pair<int64_t, int64_t>> pipeline;  // (arrival day, units)
  std::mt19937_64 rng;
};

struct Limits {
  int64_t min = 0, max = 0;
};

struct Totals {
  double demanded = 0, served = 0, units = 0, value = 0, excess = 0, covered = 0;
  int64_t stockout_days = 0, orders = 0;
};

class Replayer {
 public:
  Replayer(const InventoryData& data, const InventoryOptions& options, const ReplayOptions& replay)
      : data_(data), options_(options), replay_(replay), samples_(LeadSamples(data)) {}

  Result<ReplayReport> Run(const std::vector<PolicySpec>& policies) {
    RETURN_IF_ERROR(ValidateOptions(options_));
    if (replay_.from_day >= replay_.to_day) {
      return InvalidArgument("the replay period is empty: start it before its end");
    }
    if (replay_.replan_days < 1) return InvalidArgument("replan days must be >= 1");
    if (replay_.warmup_days < 0) return InvalidArgument("warm-up days must be >= 0");
    model_ = forecast::FindModel(options_.model);  // valid: ValidateOptions checked it
    std::vector<State> initial = Setup();
    if (items_.empty()) {
      return FailedPrecondition("no SKU has a stock level before " + FormatDay(Start()) +
                                ": start the replay later");
    }
    std::vector<std::vector<State>> states(policies.size(), initial);
    std::vector<Totals> totals(policies.size());
    for (int64_t block = Start(); block < replay_.to_day; block += replay_.replan_days) {
      const int64_t end = std::min(replay_.to_day, block + replay_.replan_days);
      for (size_t p = 0; p < policies.size(); ++p) {
        const std::vector<Limits> limits = LimitsAt(policies[p], block);
        for (size_t k = 0; k < items_.size(); ++k) {
          for (int64_t d = block; d < end; ++d)
            Step(items_[k], limits[k], d, states[p][k], totals[p]);
        }
      }
    }
    ReplayReport report;
    const double days = static_cast<double>(replay_.to_day - replay_.from_day);
    for (size_t k = 0; k < items_.size(); ++k) {
      report.reference.covered_skus += items_[k].covered ? 1 : 0;
      report.reference.start_stock_value += ReferenceValue(items_[k], initial[k], false) / days;
      report.reference.clairvoyant_value += ReferenceValue(items_[k], initial[k], true) / days;
    }
    for (size_t p = 0; p < policies.size(); ++p) {
      const Totals& t = totals[p];
      ReplayResult r;
      r.policy = policies[p].Name();
      r.skus = static_cast<int64_t>(items_.size());
      r.days = replay_.to_day - replay_.from_day;
      r.units_demanded = t.demanded;
      r.units_served = t.served;
      r.fill_rate = t.demanded > 0 ? t.served / t.demanded : 1.0;
      r.stockout_days = t.stockout_days;
      r.avg_inventory_units = t.units / days;
      r.avg_inventory_value = t.value / days;
      r.avg_excess_value = t.excess / days;
      r.orders = t.orders;
      r.avg_covered_value = t.covered / days;
      report.results.push_back(std::move(r));
    }
    return report;
  }

 private:
  int64_t Start() const { return replay_.from_day - replay_.warmup_days; }

  // The replayed SKUs and their shared starting state.
  std::vector<State> Setup() {
    const Timestamp start = Start() * kSecondsPerDay;
    std::vector<State> states;
    for (size_t first = 0; first < data_.stock.size();) {
      const int32_t id = data_.stock[first].item;
      size_t last = first;
      int64_t on_hand = 0;
      bool known = false;
      for (; last < data_.stock.size() && data_.stock[last].item == id; ++last) {
        if (const StockLevel* l = InventoryData::LevelBefore(data_.stock[last], start)) {
          on_hand += std::max<int64_t>(l->on_hand, 0);
          known = true;
        }
      }
      first = last;
      if (!known) continue;
      const auto i = static_cast<size_t>(id);
      Item item;
      item.item = id;
      item.supplier = data_.supplier_of[i];
      item.nominal_lead = options_.default_lead_time_days;
      if (auto s = data_.suppliers.find(item.supplier); s != data_.suppliers.end()) {
        item.nominal_lead = s->second.lead_time_days.value_or(item.nominal_lead);
        item.moq = s->second.min_order_quantity.value_or(1);
        item.pack = s->second.case_pack.value_or(1);
      }
      item.cost = std::isfinite(data_.unit_cost[i]) ? data_.unit_cost[i] : 0.0;
      item.demand = data_.DailySales(id, Start(), replay_.to_day);
      double total = 0, measured = 0;
      for (size_t d = 0; d < item.demand.size(); ++d) {
        total += item.demand[d];
        if (Measured(static_cast<int64_t>(d))) measured += item.demand[d];
      }
      const double mean = measured / static_cast<double>(replay_.to_day - replay_.from_day);
      item.excess_limit = options_.excess_cover_weeks * 7.0 * mean;
      State st;
      st.on_hand = on_hand;
      st.rng.seed(replay_.seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(id));
      int64_t start_stock = on_hand;
      for (const PurchaseOrder& po : data_.purchase_orders[i]) {
        if (po.ordered_at < start && po.received_at && *po.received_at >= start) {
          st.pipeline.emplace_back(DayOf(*po.received_at),
                                   po.received_quantity.value_or(po.quantity));
          start_stock += st.pipeline.back().second;
        }
      }
      item.covered = static_cast<double>(start_stock) >= total;
      PolicyInputs economic;
      economic.demand = {mean, 0};
      economic.unit_cost = data_.unit_cost[i];
      economic.holding_rate = options_.holding_rate;
      economic.ordering_cost = options_.ordering_cost;
      economic.max_order_cover_days = options_.max_order_cover_days;
      economic.min_order_quantity = item.moq;
      economic.case_pack = item.pack;
      item.economic_order = ExpectedOrderQuantity(economic);
      items_.push_back(std::move(item));
      states.push_back(std::move(st));
    }
    return states;
  }

  std::vector<Limits> LimitsAt(const PolicySpec& policy, int64_t day) {
    std::vector<Limits> out(items_.size());
    if (policy.kind == PolicyKind::kFixed) {
      std::fill(out.begin(), out.end(), Limits{policy.min, policy.max});
      return out;
    }
    if (policy.kind == PolicyKind::kForecast) {
      const LeadTimeHistory history = CollectLeadTimes(data_, day, options_);
      std::vector<PolicyInputs> inputs(items_.size());
      // Each SKU writes only its own slot: the result does not depend on the thread count.
#pragma omp parallel for schedule(dynamic, 16)
      for (size_t k = 0; k < items_.size(); ++k) {
        const SkuPlanningInputs in =
            PlanningInputs(data_, history, items_[k].item, day, model_, options_);
        inputs[k] = PolicyInputsFor(data_, items_[k].item, in, 1.0, options_);
      }
      const std::vector<ReorderPolicy> policies = ComputePolicies(inputs, options_);
      for (size_t k = 0; k < items_.size(); ++k) {
        out[k] = {policies[k].reorder_point, policies[k].order_up_to};
      }
      return out;
    }
    const int64_t from = std::max(data_.first_sales_day, day - replay_.baseline_history_days);
    for (size_t k = 0; k < items_.size(); ++k) {
      if (day <= from) continue;
      const std::vector<double> sales = data_.DailySales(items_[k].item, from, day);
      double total = 0;
      for (double x : sales) total += x;
      const double avg = total / static_cast<double>(sales.size());
      if (avg <= 0) continue;
      const auto min = static_cast<int64_t>(
          std::ceil(avg * (items_[k].nominal_lead + replay_.baseline_safety_days)));
      out[k] = {min, min + static_cast<int64_t>(std::ceil(avg * replay_.baseline_cycle_days))};
    }
    return out;
  }

  // Whether the replayed day at this index into Item::demand is measured (past the warm-up).
  bool Measured(int64_t index) const { return index >= replay_.warmup_days; }

  // The inventory value of `item` summed over the measured days from the starting state `st`:
  // with no orders, or with the clairvoyant's (ReplayReference).
  double ReferenceValue(const Item& item, State st, bool clairvoyant) const {
    double value = 0;
    for (size_t d = 0; d < item.demand.size(); ++d) {
      const int64_t day = Start() + static_cast<int64_t>(d);
      for (const auto& [arrival, units] : st.pipeline) {
        if (arrival == day) st.on_hand += units;
      }
      const auto demand = static_cast<int64_t>(item.demand[d]);
      if (clairvoyant && st.on_hand < demand) {
        st.on_hand += RoundOrderQuantity(
            std::max(static_cast<double>(demand - st.on_hand), item.economic_order), item.moq,
            item.pack);
      }
      st.on_hand -= std::min(demand, st.on_hand);
      if (Measured(static_cast<int64_t>(d))) value += static_cast<double>(st.on_hand) * item.cost;
    }
    return value;
  }

  double DrawLeadTime(const Item& item, int64_t day, std::mt19937_64& rng) const {
    auto it = samples_.find(item.supplier);
    if (it == samples_.end() || it->second.empty()) return item.nominal_lead;
    const std::vector<ObservedLead>& v = it->second;
    auto lo = std::lower_bound(v.begin(), v.end(), day - kLeadTimeNeighbourhoodDays,
                               [](const ObservedLead& o, int64_t d) { return o.ordered_day < d; });
    auto hi = std::upper_bound(v.begin(), v.end(), day + kLeadTimeNeighbourhoodDays,
                               [](int64_t d, const ObservedLead& o) { return d < o.ordered_day; });
    if (static_cast<size_t>(hi - lo) < kMinNeighbours) lo = v.begin(), hi = v.end();
    return lo[static_cast<ptrdiff_t>(rng() % static_cast<uint64_t>(hi - lo))].days;
  }

  void Step(const Item& item, const Limits& limits, int64_t day, State& st, Totals& t) const {
    int64_t pipeline = 0;
    for (size_t j = 0; j < st.pipeline.size();) {
      if (st.pipeline[j].first <= day) {
        st.on_hand += st.pipeline[j].second;
        st.pipeline[j] = st.pipeline.back();
        st.pipeline.pop_back();
      } else {
        pipeline += st.pipeline[j++].second;
      }
    }
    const double demand = item.demand[static_cast<size_t>(day - Start())];
    const auto served = std::min(static_cast<int64_t>(demand), st.on_hand);
    st.on_hand -= served;
    const bool measured = Measured(day - Start());
    const int64_t position = st.on_hand + pipeline;
    if (position <= limits.min && limits.max > limits.min) {
      const int64_t qty =
          RoundOrderQuantity(static_cast<double>(limits.max - position), item.moq, item.pack);
      if (qty > 0) {
        const double lead = DrawLeadTime(item, day, st.rng);
        st.pipeline.emplace_back(day + std::max<int64_t>(1, static_cast<int64_t>(std::ceil(lead))),
                                 qty);
        if (measured) ++t.orders;
      }
    }
    if (!measured) return;
    t.demanded += demand;
    t.served += static_cast<double>(served);
    if (static_cast<double>(served) < demand) ++t.stockout_days;
    const auto units = static_cast<double>(st.on_hand);
    t.units += units;
    t.value += units * item.cost;
    t.excess += std::max(0.0, units - item.excess_limit) * item.cost;
    if (item.covered) t.covered += units * item.cost;
  }

  const InventoryData& data_;
  const InventoryOptions& options_;
  const ReplayOptions& replay_;
  const std::unordered_map<std::string, std::vector<ObservedLead>> samples_;
  forecast::ModelFn model_ = nullptr;
  std::vector<Item> items_;
};

}  // namespace

std::string PolicySpec::Name() const {
  switch (kind) {
    case PolicyKind::kForecast:
      return "forecast";
    case PolicyKind::kBaseline:
      return "minmax";
    case PolicyKind::kFixed:
      break;
  }
  return "minmax:" + std::to_string(min) + ":" + std::to_string(max);
}

Result<PolicySpec> ParsePolicy(std::string_view text) {
  if (text == "forecast") return PolicySpec{PolicyKind::kForecast};
  if (text == "minmax") return PolicySpec{PolicyKind::kBaseline};
  const std::vector<std::string_view> parts = Split(text, ':');
  if (parts.size() == 3 && parts[0] == "minmax") {
    auto min = ParseInt(parts[1]);
    auto max = ParseInt(parts[2]);
    if (min.ok() && max.ok() && *min >= 0 && *max > *min) {
      return PolicySpec{PolicyKind::kFixed, *min, *max};
    }
  }
  return InvalidArgument("unknown policy '" + std::string(text) +
                         "': use forecast, minmax (the baseline from history) or minmax:MIN:MAX "
                         "with 0 <= MIN < MAX");
}

Result<ReplayReport> Replay(const InventoryData& data, const InventoryOptions& options,
                            const ReplayOptions& replay, const std::vector<PolicySpec>& policies) {
  return Replayer(data, options, replay).Run(policies);
}

}  // namespace mercato::inventory
