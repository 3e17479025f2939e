// Scoring every customer: BTYD predictions, spend, CLV, lapse timing, RFM and lifecycle stage.
#include "customers/insights.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "customers/clv.h"
#include "customers/empirical_lapse.h"
#include "customers/purchase_summaries.h"

namespace mercato::customers {
namespace {

constexpr std::string_view kStageNames[] = {"new",    "active",   "at-risk",
                                            "lapsed", "won-back", "vip"};

Timestamp AddWeeks(Timestamp start_day_ts, double weeks) {
  return start_day_ts +
         static_cast<Timestamp>(std::llround(weeks * kDaysPerSummaryUnit)) * kSecondsPerDay;
}

// Spend facts the summaries do not carry: totals, the last 365 days, and the day of the
// purchase before the last one (for "won back").
struct SpendFacts {
  double total = 0, last_year = 0;
  std::optional<int64_t> previous_day;
};

SpendFacts FactsOf(const OrderHistory& h, int32_t c, Timestamp as_of) {
  SpendFacts f;
  const Timestamp year_ago = as_of - 365 * kSecondsPerDay;
  int64_t last_day = -1;
  for (int32_t o = h.customer_start[c]; o < h.customer_start[c + 1]; ++o) {
    if (h.ts[o] >= as_of) break;
    f.total += h.value[o];
    if (h.ts[o] >= year_ago) f.last_year += h.value[o];
    const int64_t day = DayOf(h.ts[o]);
    if (day != last_day) {
      if (last_day >= 0) f.previous_day = last_day;
      last_day = day;
    }
  }
  return f;
}

// The empirical fallback for one customer (EmpiricalLapseModel): P(alive) from the days since
// the last purchase against the reference intervals; the next order at the median of the
// intervals longer than the wait so far; lapsed past their 90th percentile, at risk past their
// median; spend per purchase as observed and CLV as that spend times the purchases expected in
// the window at the reference's mean interval, undiscounted.
void ScoreEmpirically(const EmpiricalLapseModel& model, const OrderHistory& history,
                      const SpendFacts& facts, const InsightOptions& options, Timestamp now,
                      CustomerInsight& ci, bool& came_back, bool& lapsed, bool& at_risk) {
  const std::vector<double> own = PurchaseIntervals(history, ci.customer, now);
  const double waited = static_cast<double>(now - ci.last_purchase) / kSecondsPerDay;
  const EmpiricalEstimate e = model.Estimate(own, waited);
  ci.p_alive = e.p_alive;
  ci.lapse_risk = 1.0 - e.p_alive;
  ci.expected_spend = facts.total / std::max(1, ci.purchases);
  if (e.mean_days > 0) {
    ci.expected_purchases = e.p_alive * options.purchases_horizon_days / e.mean_days;
    ci.clv = ci.expected_spend * e.p_alive * options.clv_horizon_days / e.mean_days;
  }
  if (e.next_purchase_days) {
    ci.next_order_date =
        ci.last_purchase +
        static_cast<Timestamp>(std::llround(*e.next_purchase_days)) * kSecondsPerDay;
  }
  if (e.p90_days > 0) {
    ci.lapse_date =
        ci.last_purchase + static_cast<Timestamp>(std::llround(e.p90_days)) * kSecondsPerDay;
  }
  lapsed = !ci.lapse_date || *ci.lapse_date <= now;
  at_risk = waited > e.median_days;
  // Came back after a gap longer than the store's lapse point.
  const std::span<const double> store = model.store_intervals();
  if (!own.empty() && !store.empty()) {
    came_back = own.back() > store[std::min(store.size() - 1, store.size() * 9 / 10)];
  }
}

}  // namespace

std::string_view LifecycleStageName(LifecycleStage stage) {
  return kStageNames[static_cast<size_t>(stage)];
}

std::optional<LifecycleStage> ParseLifecycleStage(std::string_view name) {
  for (size_t i = 0; i < std::size(kStageNames); ++i) {
    if (kStageNames[i] == name) return static_cast<LifecycleStage>(i);
  }
  return std::nullopt;
}

bool CustomerSegment::Contains(const CustomerInsight& c) const {
  return (stage && c.stage == *stage) || (rfm && c.rfm.segment == *rfm);
}

std::optional<CustomerSegment> ParseCustomerSegment(std::string_view name) {
  if (auto stage = ParseLifecycleStage(name)) return CustomerSegment{stage, std::nullopt};
  if (auto rfm = ParseRfmSegment(name)) return CustomerSegment{std::nullopt, rfm};
  return std::nullopt;
}

std::string CustomerSegmentNames() {
  std::string names = "lifecycle stages:";
  for (size_t s = 0; s < kLifecycleStageCount; ++s) {
    names += std::string(s == 0 ? " " : ", ") +
             std::string(LifecycleStageName(static_cast<LifecycleStage>(s)));
  }
  names += "; RFM segments:";
  for (RfmSegment s : AllRfmSegments()) {
    names += std::string(s == AllRfmSegments().front() ? " \"" : ", \"") +
             std::string(RfmSegmentName(s)) + "\"";
  }
  return names;
}

std::string BasisName(const CustomerInsights& insights) {
  return insights.basis == InsightBasis::kEmpirical ? "empirical"
                                                    : std::string(BtydName(insights.model.kind));
}

Result<CustomerInsights> ComputeInsights(const OrderHistory& history,
                                         const InsightOptions& options) {
  CustomerInsights out;
  out.as_of = options.as_of.value_or((DayOf(history.end) + 1) * kSecondsPerDay);
  const PurchaseSummaries s = SummarizePurchases(history, out.as_of);
  const size_t n = s.summaries.size();
  if (n == 0) {
    return InvalidArgument("no customer bought before " + FormatTimestamp(out.as_of));
  }
  FitOptions fit_options;
  fit_options.l2_penalty = options.l2_penalty;
  ASSIGN_OR_RETURN(out.model, FitBtyd(options.model, s.summaries, fit_options));
  out.data_check = CheckModelData(s.summaries, kDaysPerSummaryUnit, options.requirements);
  if (out.model.diagnostics.degenerate) out.warnings.push_back(out.model.diagnostics.warning);
  if (!out.data_check.passed) {
    out.warnings.push_back("not enough data for a " + std::string(BtydName(options.model)) +
                           " model: " + out.data_check.Describe());
  }
  if (options.require_enough_data && (!out.data_check.passed || out.model.diagnostics.degenerate)) {
    out.basis = InsightBasis::kEmpirical;
    out.warnings.push_back(
        "predictions come from each customer's days since the last order against their own and "
        "the store's intervals between orders (empirical fallback)");
  }
  std::vector<CustomerSummary> spenders;
  for (const CustomerSummary& c : s.summaries) {
    if (c.frequency > 0 && c.monetary > 0) spenders.push_back(c);
  }
  if (!spenders.empty() && out.basis == InsightBasis::kModel) {
    auto spend = FitGammaGamma(spenders, fit_options);
    if (spend.ok()) out.spend_model = std::move(spend).value();
  }

  const double weeks_ahead = options.purchases_horizon_days / kDaysPerSummaryUnit;
  const double clv_weeks = options.clv_horizon_days / kDaysPerSummaryUnit;
  const double weekly_rate =
      std::pow(1.0 + std::max(0.0, options.annual_discount_rate), 1.0 / 52.0) - 1.0;
  // Quarterly steps: discounting within a quarter moves a 10% annual rate's value < 0.5%.
  const int clv_steps = std::max(1, static_cast<int>(std::ceil(options.clv_horizon_days / 91.0)));
  const Timestamp as_of_day = DayOf(out.as_of - 1) * kSecondsPerDay + kSecondsPerDay;
  const Timestamp horizon_end =
      as_of_day + int64_t{std::max(0, options.prediction_horizon_days)} * kSecondsPerDay;
  auto within_horizon = [&](std::optional<Timestamp> t) {
    return t && *t <= horizon_end ? t : std::optional<Timestamp>();
  };
  const std::optional<EmpiricalLapseModel> empirical =
      out.basis == InsightBasis::kEmpirical
          ? std::optional<EmpiricalLapseModel>(std::in_place, history, out.as_of)
          : std::nullopt;

  out.customers.resize(n);
#pragma omp parallel for schedule(dynamic, 256) if (n > 20000)
  for (size_t i = 0; i < n; ++i) {
    const CustomerSummary& c = s.summaries[i];
    const int32_t dense = s.customer[i];
    CustomerInsight& ci = out.customers[i];
    const SpendFacts facts = FactsOf(history, dense, out.as_of);
    ci.customer = dense;
    ci.id = c.id;
    ci.purchases = static_cast<int>(c.frequency) + 1;
    const Timestamp first_day = DayOf(history.ts[history.customer_start[dense]]) * kSecondsPerDay;
    ci.first_purchase = first_day;
    ci.last_purchase = AddWeeks(first_day, c.recency);
    ci.total_spend = facts.total;
    ci.spend_last_365_days = facts.last_year;
    ci.basis = empirical ? std::string_view("empirical") : BtydName(out.model.kind);
    const Timestamp now = out.as_of;
    bool came_back = false, lapsed = false, at_risk = false;
    if (empirical) {
      ScoreEmpirically(*empirical, history, facts, options, now, ci, came_back, lapsed, at_risk);
    } else {
      ci.p_alive = out.model.ProbabilityAlive(c);
      ci.lapse_risk = 1.0 - ci.p_alive;
      ci.expected_purchases = out.model.ExpectedPurchases(c, weeks_ahead);
      ci.next_order_date = AddWeeks(as_of_day, out.model.MedianTimeToNextPurchase(c));
      if (out.spend_model) {
        ci.expected_spend = GammaGammaExpectedSpend(out.spend_model->params, c);
        auto expected = [&](double t) { return out.model.ExpectedPurchases(c, t); };
        ci.clv = DiscountedValue(expected, ci.expected_spend, clv_weeks, weekly_rate, clv_steps);
      }
      if (const auto lapse_age = out.model.LapseAge(c, options.lapse_threshold)) {
        ci.lapse_date = AddWeeks(first_day, *lapse_age);
      }
      // Was the customer lapsed just before the latest purchase?
      if (facts.previous_day && c.frequency > 0) {
        const CustomerSummary before{
            c.id, c.frequency - 1,
            static_cast<double>(*facts.previous_day * kSecondsPerDay - first_day) /
                (kDaysPerSummaryUnit * kSecondsPerDay),
            c.recency, 0};
        came_back = out.model.ProbabilityAlive(before) <= options.lapse_threshold;
      }
      lapsed = ci.lapse_date && *ci.lapse_date <= now;
      at_risk = ci.p_alive <= options.at_risk_p_alive;
    }
    // Nothing is predicted past the horizon; no return expected within it means lapsed.
    ci.next_order_date = within_horizon(ci.next_order_date);
    ci.lapse_date = within_horizon(ci.lapse_date);
    if (ci.lapse_date) {
      ci.winback_start =
          std::max(ci.last_purchase, *ci.lapse_date - options.winback_lead_days * kSecondsPerDay);
    }
    if (ci.first_purchase >= now - options.new_days * kSecondsPerDay) {
      ci.stage = LifecycleStage::kNew;
    } else if (lapsed || !ci.next_order_date) {
      ci.stage = LifecycleStage::kLapsed;
    } else if (at_risk) {
      ci.stage = LifecycleStage::kAtRisk;
    } else if (came_back && ci.last_purchase >= now - options.won_back_days * kSecondsPerDay) {
      ci.stage = LifecycleStage::kWonBack;
    } else {
      ci.stage = LifecycleStage::kActive;
    }
  }

  // RFM over everyone; VIP: active customers in the top share by spend over the last year.
  std::vector<double> days_since(n), purchases(n), spend(n), last_year;
  for (size_t i = 0; i < n; ++i) {
    const CustomerInsight& ci = out.customers[i];
    days_since[i] = static_cast<double>(out.as_of - ci.last_purchase) / kSecondsPerDay;
    purchases[i] = ci.purchases;
    spend[i] = ci.total_spend;
    if (ci.spend_last_365_days > 0) last_year.push_back(ci.spend_last_365_days);
  }
  const std::vector<RfmScore> rfm = ScoreRfm(days_since, purchases, spend);
  double vip_cut = std::numeric_limits<double>::infinity();
  if (!last_year.empty()) {
    const size_t top = std::max<size_t>(
        1,
        static_cast<size_t>(std::floor(options.vip_share * static_cast<double>(last_year.size()))));
    std::nth_element(last_year.begin(), last_year.end() - top, last_year.end());
    vip_cut = *(last_year.end() - top);
  }
  for (size_t i = 0; i < n; ++i) {
    CustomerInsight& ci = out.customers[i];
    ci.rfm = rfm[i];
    if (ci.stage == LifecycleStage::kActive && ci.spend_last_365_days >= vip_cut) {
      ci.stage = LifecycleStage::kVip;
    }
  }
  return out;
}

}  // namespace mercato::customers
