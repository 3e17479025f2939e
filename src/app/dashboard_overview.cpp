// The dashboard's overview: sales per period, conversion, top products and the attention list.
#include "app/dashboard_overview.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "app/cart_actions.h"
#include "app/store_currency.h"
#include "common/text.h"
#include "forecast/forecast_summary.h"
#include "inventory/inventory_data.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

// The period holding `day`'s first day.
int64_t PeriodStart(DashboardPeriod period, int64_t day) {
  switch (period) {
    case DashboardPeriod::kDay:
      return day;
    case DashboardPeriod::kWeek:
      return DayOf(WeekStart(WeekOf(day * kSecondsPerDay)));
    case DashboardPeriod::kMonth: {
      const CivilDate d = CivilFromDays(day);
      return DaysFromCivil(d.year, d.month, 1);
    }
  }
  return day;
}

// Index of the period of `periods` (sorted, adjacent) holding `day`, or -1.
int PeriodIndex(const std::vector<DayRange>& periods, int64_t day) {
  if (periods.empty() || day < periods.front().first_day || day > periods.back().last_day) {
    return -1;
  }
  const auto it = std::upper_bound(periods.begin(), periods.end(), day,
                                   [](int64_t d, const DayRange& p) { return d < p.first_day; });
  return static_cast<int>(it - periods.begin()) - 1;
}

double LineValue(const Snapshot& s, size_t i) {
  const float price = s.lines.unit_price[i];
  return std::isnan(price) ? 0.0 : static_cast<double>(s.lines.quantity[i]) * price;
}

nlohmann::json Money(std::optional<double> v) {
  return v ? nlohmann::json(RoundToCents(*v)) : nlohmann::json(nullptr);
}

nlohmann::json Rate(std::optional<double> v) {
  return v ? nlohmann::json(std::round(*v * 1e4) / 1e4) : nlohmann::json(nullptr);
}

nlohmann::ordered_json SalesJson(const PeriodSales& p) {
  return {{"start", FormatDay(p.days.first_day)},
          {"end", FormatDay(p.days.last_day)},
          {"revenue", RoundToCents(p.revenue)},
          {"orders", p.orders},
          {"aov", Money(p.aov)},
          {"customers", p.customers},
          {"new_customers", p.new_customers},
          {"repeat_purchase_rate", Rate(p.repeat_purchase_rate)},
          {"visitors", p.visitors ? nlohmann::json(*p.visitors) : nlohmann::json(nullptr)},
          {"conversion_rate", Rate(p.conversion_rate)},
          {"revenue_per_visitor", Money(p.revenue_per_visitor)}};
}

std::optional<double> Opt(int64_t v) { return static_cast<double>(v); }
std::optional<double> Opt(std::optional<int64_t> v) {
  return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
}

// The store's events from `first_day` to the end of `last_day`, reduced to visits.
Result<std::vector<VisitEvent>> LoadVisits(Store& store, int64_t first_day, int64_t last_day) {
  std::vector<VisitEvent> visits;
  const Timestamp from = first_day * kSecondsPerDay, to = (last_day + 1) * kSecondsPerDay;
  RETURN_IF_ERROR(store.ScanEventsInRange(from, to, [&](const Event& e) {
    VisitEvent v;
    v.ts = e.ts;
    v.visitor = !e.session_id.empty()    ? e.session_id
                : !e.customer_id.empty() ? "customer:" + e.customer_id
                                         : "";
    if (v.visitor.empty()) return Status::Ok();
    v.customer_id = e.customer_id;
    v.purchase = e.type == "purchase";
    visits.push_back(std::move(v));
    return Status::Ok();
  }));
  return visits;
}

std::string Plural(int64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

Result<DashboardPeriod> ParseDashboardPeriod(std::string_view name) {
  if (name == "day") return DashboardPeriod::kDay;
  if (name == "week") return DashboardPeriod::kWeek;
  if (name == "month") return DashboardPeriod::kMonth;
  return InvalidArgument("period=" + std::string(name) + ": expected day, week or month");
}

std::string_view DashboardPeriodName(DashboardPeriod period) {
  switch (period) {
    case DashboardPeriod::kDay:
      return "day";
    case DashboardPeriod::kWeek:
      return "week";
    case DashboardPeriod::kMonth:
      return "month";
  }
  return "week";
}

std::vector<DayRange> DashboardPeriods(DashboardPeriod period, int count, int64_t as_of_day) {
  std::vector<DayRange> out(static_cast<size_t>(std::max(count, 0)));
  int64_t last = as_of_day;
  for (size_t i = out.size(); i-- > 0;) {
    out[i] = {PeriodStart(period, last), last};
    last = out[i].first_day - 1;
  }
  return out;
}

std::vector<PeriodSales> SalesByPeriod(const Snapshot& s, const std::vector<VisitEvent>& events,
                                       const std::vector<DayRange>& periods) {
  std::vector<PeriodSales> out(periods.size());
  for (size_t p = 0; p < periods.size(); ++p) out[p].days = periods[p];
  // Each known customer's first order time over the whole snapshot.
  std::vector<Timestamp> first_order(static_cast<size_t>(s.customers.size()),
                                     std::numeric_limits<Timestamp>::max());
  for (size_t o = 0; o < s.order_ts.size(); ++o) {
    const int32_t c = s.order_customer[o];
    if (c != IdIndex::kNone) first_order[c] = std::min(first_order[c], s.order_ts[o]);
  }
  std::vector<std::unordered_set<int32_t>> buyers(periods.size());
  for (size_t o = 0; o < s.order_ts.size(); ++o) {
    const int p = PeriodIndex(periods, DayOf(s.order_ts[o]));
    if (p < 0) continue;
    ++out[p].orders;
    if (s.order_customer[o] != IdIndex::kNone) buyers[p].insert(s.order_customer[o]);
  }
  for (size_t i = 0; i < s.lines.size(); ++i) {
    const int p = PeriodIndex(periods, DayOf(s.lines.ts[i]));
    if (p >= 0) out[p].revenue += LineValue(s, i);
  }
  // Visitors, and who of them converted.
  std::vector<std::unordered_map<std::string, bool>> converted(periods.size());
  for (const VisitEvent& e : events) {
    const int p = PeriodIndex(periods, DayOf(e.ts));
    if (p < 0) continue;
    bool& c = converted[p][e.visitor];
    if (e.purchase) c = true;
    if (!e.customer_id.empty()) {
      const int32_t id = s.customers.Find(e.customer_id);
      if (id != IdIndex::kNone && buyers[p].count(id) > 0) c = true;
    }
  }
  for (size_t p = 0; p < periods.size(); ++p) {
    PeriodSales& o = out[p];
    if (o.orders > 0) o.aov = o.revenue / static_cast<double>(o.orders);
    o.customers = static_cast<int64_t>(buyers[p].size());
    const Timestamp start = periods[p].first_day * kSecondsPerDay;
    int64_t repeat = 0;
    for (int32_t c : buyers[p]) {
      if (first_order[c] < start) {
        ++repeat;
      } else {
        ++o.new_customers;
      }
    }
    if (o.customers > 0) {
      o.repeat_purchase_rate = static_cast<double>(repeat) / static_cast<double>(o.customers);
    }
    if (converted[p].empty()) continue;
    o.visitors = static_cast<int64_t>(converted[p].size());
    int64_t yes = 0;
    for (const auto& [visitor, c] : converted[p]) yes += c ? 1 : 0;
    o.conversion_rate = static_cast<double>(yes) / static_cast<double>(*o.visitors);
    o.revenue_per_visitor = o.revenue / static_cast<double>(*o.visitors);
  }
  return out;
}

std::vector<TopProduct> TopProducts(const Snapshot& s, DayRange days, int limit) {
  std::map<std::string, TopProduct> by_key;
  const Timestamp from = days.first_day * kSecondsPerDay;
  const Timestamp to = (days.last_day + 1) * kSecondsPerDay;
  for (size_t i = 0; i < s.lines.size(); ++i) {
    if (s.lines.ts[i] < from || s.lines.ts[i] >= to) continue;
    const int32_t item = s.lines.item[i];
    const bool in_catalog = static_cast<size_t>(item) < s.catalog.size();
    const std::string& sku = s.items.Key(item);
    const std::string& product = in_catalog ? s.catalog.product_id[item] : std::string();
    const std::string& title = in_catalog ? s.catalog.title[item] : std::string();
    auto [it, added] = by_key.try_emplace(product.empty() ? "sku:" + sku : "product:" + product);
    TopProduct& t = it->second;
    if (added) {
      t.product_id = product;
      t.sku = product.empty() ? sku : "";
      t.title = title;
    } else if (t.title != title && !title.empty()) {
      t.title = t.title.empty() ? title : forecast::SharedTitle(t.title, title);
    }
    t.units += s.lines.quantity[i];
    t.revenue += LineValue(s, i);
  }
  std::vector<std::pair<std::string, TopProduct>> sorted(by_key.begin(), by_key.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    if (a.second.revenue != b.second.revenue) return a.second.revenue > b.second.revenue;
    if (a.second.units != b.second.units) return a.second.units > b.second.units;
    return a.first < b.first;
  });
  std::vector<TopProduct> out;
  for (auto& [key, t] : sorted) {
    if (static_cast<int>(out.size()) >= limit) break;
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<AttentionItem> PlanItems(const inventory::Plan& plan) {
  std::vector<AttentionItem> out;
  int64_t stockouts = 0, excess_lines = 0, excess_units = 0;
  std::vector<std::string> first;
  for (const inventory::PlanLine& line : plan.lines) {
    const double lead_days = std::ceil(line.lead_time.moments.mean);
    if (line.stockout_day &&
        static_cast<double>(*line.stockout_day - plan.as_of_day) <= lead_days) {
      if (++stockouts <= 3) {
        first.push_back(line.location.empty() ? line.sku : line.sku + " at " + line.location);
      }
    }
    if (line.excess_units > 0) {
      ++excess_lines;
      excess_units += line.excess_units;
    }
  }
  if (stockouts > 0) {
    out.push_back(
        {"stockout", "high",
         Plural(stockouts, "SKU runs", "SKUs run") + " out before an order placed today can arrive",
         "projected stock-out within the lead time: " + Join(first, ", ") +
             (stockouts > 3 ? ", …" : ""),
         stockouts, "#/forecast"});
  }
  if (excess_lines > 0) {
    out.push_back(
        {"excess_stock", "low",
         Plural(excess_lines, "SKU has", "SKUs have") + " more stock than the plan's cover",
         std::to_string(excess_units) + " units above the excess cover", excess_lines,
         "#/forecast"});
  }
  return out;
}

std::vector<AttentionItem> DataQualityItems(const Snapshot& s, int64_t as_of_day) {
  std::vector<AttentionItem> out;
  const Timestamp to = (as_of_day + 1) * kSecondsPerDay;
  int64_t unlinked = 0;
  std::unordered_set<int32_t> unlinked_skus;
  for (size_t i = 0; i < s.lines.size(); ++i) {
    if (s.lines.ts[i] >= to || s.lines.item[i] < s.catalog.products) continue;
    ++unlinked;
    unlinked_skus.insert(s.lines.item[i]);
  }
  if (unlinked > 0) {
    out.push_back(
        {"data_quality", "medium",
         Plural(unlinked, "order line names", "order lines name") + " no product of the catalog",
         Plural(static_cast<int64_t>(unlinked_skus.size()), "SKU or title", "SKUs or titles") +
             " not in the catalog: import the products, or check the lines' SKUs",
         unlinked, "#/settings"});
  }
  int64_t no_cost = 0;
  for (int32_t i = 0; i < s.catalog.products; ++i) no_cost += s.catalog.cost[i] ? 0 : 1;
  if (no_cost > 0) {
    out.push_back({"data_quality", "low",
                   Plural(no_cost, "product has", "products have") + " no cost",
                   "order values and margins leave them out: import the products' costs", no_cost,
                   "#/settings"});
  }
  return out;
}

std::vector<const customers::CustomerInsight*> AtRiskVips(
    const customers::CustomerInsights& insights) {
  std::optional<double> vip_cut;
  for (const customers::CustomerInsight& c : insights.customers) {
    if (c.stage == customers::LifecycleStage::kVip) {
      vip_cut = std::min(vip_cut.value_or(c.spend_last_365_days), c.spend_last_365_days);
    }
  }
  std::vector<const customers::CustomerInsight*> out;
  if (!vip_cut) return out;
  for (const customers::CustomerInsight& c : insights.customers) {
    if (c.stage == customers::LifecycleStage::kAtRisk && c.spend_last_365_days >= *vip_cut) {
      out.push_back(&c);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto* a, const auto* b) { return a->clv > b->clv; });
  return out;
}

std::optional<double> RelativeChange(std::optional<double> current,
                                     std::optional<double> previous) {
  if (!current || !previous || *previous == 0) return std::nullopt;
  return (*current - *previous) / *previous;
}

namespace {

// The reorder plan of `snapshot` on `as_of_day` (PlanInventory without reading the store again).
Result<inventory::Plan> PlanFromSnapshot(Snapshot snapshot,
                                         const inventory::InventoryOptions& options,
                                         int64_t as_of_day) {
  ASSIGN_OR_RETURN(const inventory::InventoryData data,
                   inventory::LoadInventoryData(std::move(snapshot)));
  return inventory::PlanInventory(data, options, as_of_day);
}

}  // namespace

Result<DashboardOverview> BuildDashboardOverview(const DashboardOverviewOptions& options) {
  if (options.periods < 1 || options.periods > kMaxDashboardPeriods) {
    return InvalidArgument("periods=" + std::to_string(options.periods) + ": expected 1 to " +
                           std::to_string(kMaxDashboardPeriods));
  }
  if (options.top_products < 0) return InvalidArgument("top_products: expected 0 or more");
  if (!std::filesystem::exists(options.db)) {
    return NotFound(options.db + ": no such store (create it with `mercato import --db " +
                    options.db + " ...`)");
  }
  CustomerData data;
  ASSIGN_OR_RETURN(data.store, OpenStore(options.db));
  ASSIGN_OR_RETURN(data.snapshot, LoadSnapshot(*data.store));
  const Snapshot& s = data.snapshot;
  DashboardOverview out;
  out.period = options.period;
  if (!options.as_of.empty()) {
    ASSIGN_OR_RETURN(const Timestamp after, DayAfter(options.as_of, "as_of"));
    out.as_of_day = DayOf(after) - 1;
  } else if (!s.order_ts.empty()) {
    out.as_of_day = DayOf(*std::max_element(s.order_ts.begin(), s.order_ts.end()));
  } else {
    return InvalidArgument(options.db + ": the store holds no orders (import orders first)");
  }
  // One period more than shown: the first shown one has a previous period too.
  const std::vector<DayRange> periods =
      DashboardPeriods(options.period, options.periods + 1, out.as_of_day);
  ASSIGN_OR_RETURN(const std::vector<VisitEvent> visits,
                   LoadVisits(*data.store, periods.front().first_day, out.as_of_day));
  std::vector<PeriodSales> sales = SalesByPeriod(s, visits, periods);
  out.previous = sales[sales.size() - 2];
  out.series.assign(sales.begin() + 1, sales.end());
  out.top_products = TopProducts(s, periods.back(), options.top_products);

  std::vector<AttentionItem> data_quality = DataQualityItems(s, out.as_of_day);
  data.history = customers::LoadOrderHistory(s);
  // The plan takes the snapshot last: the overview reads the store once.
  Result<inventory::Plan> plan =
      PlanFromSnapshot(std::move(data.snapshot), options.inventory, out.as_of_day + 1);
  if (plan.ok()) {
    out.attention = PlanItems(*plan);
  } else {
    out.skipped.push_back({"stockout", plan.status().message()});
  }

  if (data.history.ts.empty()) {
    out.skipped.push_back({"at_risk_vip", "the store holds no orders from known customers"});
  } else {
    InsightArgs args = options.insight;
    args.as_of = FormatDay(out.as_of_day);
    const customers::CustomerInsights* reused = ReusableInsights(options.computed, args);
    Result<customers::CustomerInsights> fitted = customers::CustomerInsights{};
    if (reused == nullptr) fitted = ComputeCustomerInsights(args, data);
    if (!fitted.ok()) {
      out.skipped.push_back({"at_risk_vip", fitted.status().message()});
    } else if (const auto vips = AtRiskVips(reused != nullptr ? *reused : *fitted); !vips.empty()) {
      double clv = 0;
      for (const auto* c : vips) clv += c->clv;
      out.attention.push_back(
          {"at_risk_vip", "high",
           Plural(static_cast<int64_t>(vips.size()), "VIP customer is", "VIP customers are") +
               " at risk of lapsing",
           "their predicted value over the next year: " + FormatMoney(clv) +
               "; reach out before they lapse",
           static_cast<int64_t>(vips.size()), "#/customers"});
    }
  }

  AbandonedCartsOptions carts_options;
  carts_options.db = options.db;
  carts_options.now = (out.as_of_day + 1) * kSecondsPerDay;
  carts_options.since = FormatDay(out.as_of_day + 1 - options.abandoned_cart_days);
  carts_options.abandon_after_minutes = options.abandon_after_minutes;
  carts_options.policy = options.policy;
  auto carts = ListAbandonedCarts(carts_options);
  if (!carts.ok()) return carts.status();
  if (carts->matched > 0) {
    out.attention.push_back(
        {"abandoned_carts", "medium",
         Plural(carts->matched, "cart was", "carts were") + " abandoned in the last " +
             std::to_string(options.abandoned_cart_days) + " days",
         FormatMoney(carts->value) + " left in them; " + std::to_string(carts->contactable) +
             " of the shoppers may be emailed",
         carts->matched, "#/customers"});
  }

  for (AttentionItem& item : data_quality) out.attention.push_back(std::move(item));
  ASSIGN_OR_RETURN(out.currency, StoreCurrency(*data.store, options.currency));
  auto rank = [](const std::string& severity) {
    return severity == "high" ? 0 : severity == "medium" ? 1 : 2;
  };
  std::stable_sort(out.attention.begin(), out.attention.end(),
                   [&](const AttentionItem& a, const AttentionItem& b) {
                     return rank(a.severity) < rank(b.severity);
                   });
  return out;
}

nlohmann::ordered_json DashboardOverviewJson(const DashboardOverview& o) {
  nlohmann::ordered_json series = nlohmann::ordered_json::array();
  for (const PeriodSales& p : o.series) series.push_back(SalesJson(p));
  const PeriodSales& cur = o.series.back();
  const PeriodSales& prev = o.previous;
  nlohmann::ordered_json change = {
      {"revenue", Rate(RelativeChange(cur.revenue, prev.revenue))},
      {"orders", Rate(RelativeChange(Opt(cur.orders), Opt(prev.orders)))},
      {"aov", Rate(RelativeChange(cur.aov, prev.aov))},
      {"customers", Rate(RelativeChange(Opt(cur.customers), Opt(prev.customers)))},
      {"new_customers", Rate(RelativeChange(Opt(cur.new_customers), Opt(prev.new_customers)))},
      {"repeat_purchase_rate",
       Rate(RelativeChange(cur.repeat_purchase_rate, prev.repeat_purchase_rate))},
      {"visitors", Rate(RelativeChange(Opt(cur.visitors), Opt(prev.visitors)))},
      {"conversion_rate", Rate(RelativeChange(cur.conversion_rate, prev.conversion_rate))},
      {"revenue_per_visitor",
       Rate(RelativeChange(cur.revenue_per_visitor, prev.revenue_per_visitor))}};
  nlohmann::ordered_json top = nlohmann::ordered_json::array();
  for (const TopProduct& t : o.top_products) {
    nlohmann::ordered_json j;
    if (t.product_id.empty()) {
      j["sku"] = t.sku;
    } else {
      j["product_id"] = t.product_id;
    }
    j["title"] = t.title;
    j["units"] = t.units;
    j["revenue"] = RoundToCents(t.revenue);
    top.push_back(std::move(j));
  }
  nlohmann::ordered_json attention = nlohmann::ordered_json::array();
  for (const AttentionItem& a : o.attention) {
    attention.push_back({{"kind", a.kind},
                         {"severity", a.severity},
                         {"title", a.title},
                         {"detail", a.detail},
                         {"count", a.count},
                         {"page", a.page}});
  }
  nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
  for (const SkippedCheck& k : o.skipped) {
    skipped.push_back({{"kind", k.kind}, {"reason", k.reason}});
  }
  return {{"as_of", FormatDay(o.as_of_day)},
          {"period", DashboardPeriodName(o.period)},
          {"currency", o.currency.empty() ? nlohmann::ordered_json(nullptr)
                                          : nlohmann::ordered_json(o.currency)},
          {"series", std::move(series)},
          {"current", SalesJson(cur)},
          {"previous", SalesJson(prev)},
          {"change", std::move(change)},
          {"top_products", std::move(top)},
          {"attention", std::move(attention)},
          {"skipped", std::move(skipped)}};
}

}  // namespace mercato::app
