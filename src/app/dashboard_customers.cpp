// The dashboard's customers page: segment tallies, CLV histogram, cohorts and win-back list.
#include "app/dashboard_customers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/json_values.h"
#include "common/text.h"

namespace mercato::app {
namespace {

int64_t MonthIndex(Timestamp ts) {
  const CivilDate d = CivilFromDays(DayOf(ts));
  return int64_t{d.year} * 12 + (d.month - 1);
}

std::string MonthName(int64_t index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", static_cast<int>(index / 12),
                static_cast<int>(index % 12) + 1);
  return buf;
}

// The smallest 1, 2 or 5 × 10^k at least `v` (> 0).
double NiceStep(double v) {
  const double power = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= v * (1 - 1e-12)) return m * power;
  }
  return 10 * power;
}

nlohmann::ordered_json TalliesJson(const std::map<std::string, SegmentTally>& tallies) {
  std::vector<std::pair<std::string, SegmentTally>> sorted(tallies.begin(), tallies.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second.customers > b.second.customers;
  });
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& [name, t] : sorted) {
    out.push_back({{"name", name},
                   {"customers", t.customers},
                   {"spend", RoundToCents(t.spend)},
                   {"clv", RoundToCents(t.clv)}});
  }
  return out;
}

}  // namespace

ClvHistogram BuildClvHistogram(std::span<const double> clv, int bins) {
  ClvHistogram h;
  bins = std::max(bins, 1);
  double width = 1;
  if (!clv.empty()) {
    std::vector<double> sorted(clv.begin(), clv.end());
    std::sort(sorted.begin(), sorted.end());
    const auto rank = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(sorted.size())));
    const double p95 = sorted[std::max<size_t>(rank, 1) - 1];
    if (p95 > 0) width = NiceStep(p95 / bins);
  }
  for (int i = 0; i <= bins; ++i) h.edges.push_back(width * i);
  h.counts.assign(static_cast<size_t>(bins), 0);
  for (double v : clv) {
    const auto bin = static_cast<int64_t>(std::floor(std::max(v, 0.0) / width));
    ++h.counts[static_cast<size_t>(std::min<int64_t>(bin, bins - 1))];
  }
  return h;
}

std::vector<Cohort> CohortRetention(const customers::OrderHistory& history, Timestamp as_of,
                                    int months) {
  const int64_t last = MonthIndex(as_of - 1);
  const int64_t first = last - std::max(months, 1) + 1;
  const auto span = static_cast<size_t>(last - first + 1);
  std::vector<int64_t> size(span, 0);
  // active[k][m]: customers of cohort k with an order in its m-th month.
  std::vector<std::vector<int64_t>> active(span);
  for (size_t k = 0; k < span; ++k) active[k].assign(span - k, 0);
  for (int32_t c = 0; c < history.num_customers(); ++c) {
    if (history.num_orders(c) == 0 || history.first_order(c) >= as_of) continue;
    const int64_t cohort = MonthIndex(history.first_order(c));
    if (cohort < first) continue;
    const auto k = static_cast<size_t>(cohort - first);
    ++size[k];
    int64_t seen = -1;
    for (int32_t o = history.customer_start[c]; o < history.customer_start[c + 1]; ++o) {
      if (history.ts[o] >= as_of) break;
      const int64_t m = MonthIndex(history.ts[o]) - cohort;
      if (m != seen) ++active[k][static_cast<size_t>(m)];
      seen = m;
    }
  }
  std::vector<Cohort> out;
  for (size_t k = 0; k < span; ++k) {
    if (size[k] == 0) continue;
    Cohort& c = out.emplace_back();
    c.month = MonthName(first + static_cast<int64_t>(k));
    c.customers = size[k];
    for (int64_t n : active[k]) {
      c.retention.push_back(static_cast<double>(n) / static_cast<double>(size[k]));
    }
  }
  return out;
}

Result<DashboardCustomers> BuildDashboardCustomers(const DashboardCustomersOptions& options) {
  if (options.limit < 1 || options.limit > 1000) {
    return InvalidArgument("limit=" + std::to_string(options.limit) + ": expected 1 to 1000");
  }
  if (options.winback_within_days < 0) {
    return InvalidArgument("winback_within_days: expected 0 or more days");
  }
  ASSIGN_OR_RETURN(const CustomerData data, LoadCustomerData(options.db));
  const customers::CustomerInsights* reused = ReusableInsights(options.computed, options.insight);
  Result<customers::CustomerInsights> fitted = customers::CustomerInsights{};
  if (reused == nullptr) fitted = ComputeCustomerInsights(options.insight, data);
  if (!fitted.ok()) return fitted.status();
  const customers::CustomerInsights& insights = reused != nullptr ? *reused : *fitted;
  DashboardCustomers out;
  out.as_of = insights.as_of;
  out.customers = static_cast<int64_t>(insights.customers.size());
  TallySegments(insights, out.by_segment, out.by_stage);
  std::vector<double> clv;
  clv.reserve(insights.customers.size());
  for (const customers::CustomerInsight& c : insights.customers) clv.push_back(c.clv);
  out.clv_histogram = BuildClvHistogram(clv, options.clv_bins);
  out.cohorts = CohortRetention(data.history, insights.as_of, options.cohort_months);

  CustomerSelection due;
  due.winback_due_days = options.winback_within_days;
  std::vector<const customers::CustomerInsight*> chosen;
  for (const customers::CustomerInsight& c : insights.customers) {
    if (c.stage == customers::LifecycleStage::kAtRisk) ++out.at_risk_count;
    if (due.Keeps(c, insights.as_of)) chosen.push_back(&c);
  }
  out.winback_due_count = static_cast<int64_t>(chosen.size());
  std::stable_sort(chosen.begin(), chosen.end(),
                   [](const auto* a, const auto* b) { return a->clv > b->clv; });
  if (chosen.size() > static_cast<size_t>(options.limit)) chosen.resize(options.limit);
  for (const customers::CustomerInsight* c : chosen) {
    WinbackDue& w = out.winback_due.emplace_back();
    w.customer_id = c->id;
    ASSIGN_OR_RETURN(const std::optional<Customer> stored, data.store->GetCustomer(c->id));
    if (stored) w.first_name = stored->first_name;
    w.segment = customers::RfmSegmentName(c->rfm.segment);
    w.stage = customers::LifecycleStageName(c->stage);
    w.clv = c->clv;
    w.p_alive = c->p_alive;
    w.winback_start = *c->winback_start;
  }
  return out;
}

nlohmann::ordered_json DashboardCustomersJson(const DashboardCustomers& page) {
  nlohmann::ordered_json edges = nlohmann::ordered_json::array();
  for (double e : page.clv_histogram.edges) edges.push_back(RoundToCents(e));
  nlohmann::ordered_json cohorts = nlohmann::ordered_json::array();
  for (const Cohort& c : page.cohorts) {
    nlohmann::ordered_json retention = nlohmann::ordered_json::array();
    for (double r : c.retention) retention.push_back(Round4(r));
    cohorts.push_back(
        {{"cohort", c.month}, {"customers", c.customers}, {"retention", std::move(retention)}});
  }
  nlohmann::ordered_json winback = nlohmann::ordered_json::array();
  for (const WinbackDue& w : page.winback_due) {
    winback.push_back({{"customer_id", w.customer_id},
                       {"first_name", w.first_name},
                       {"segment", w.segment},
                       {"stage", w.stage},
                       {"clv", RoundToCents(w.clv)},
                       {"p_alive", Round4(w.p_alive)},
                       {"winback_start", FormatDay(DayOf(w.winback_start))}});
  }
  return {{"as_of", FormatDay(DayOf(page.as_of) - 1)},
          {"customers", page.customers},
          {"segments", TalliesJson(page.by_segment)},
          {"stages", TalliesJson(page.by_stage)},
          {"clv_histogram", {{"edges", std::move(edges)}, {"counts", page.clv_histogram.counts}}},
          {"cohorts", std::move(cohorts)},
          {"winback_due", std::move(winback)},
          {"winback_due_count", page.winback_due_count},
          {"at_risk_count", page.at_risk_count}};
}

}  // namespace mercato::app
