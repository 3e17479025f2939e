// RunValidation: A/A and planted-lift simulations on a population, through the statistics and
// Analyze. The A/A analysis at every daily look takes the same steps as Analyze (winsorizing
// caps and CUPED's θ pooled over every unit, so they do not depend on the split and are computed
// once per day); units with no spend in either period are added in one step per arm.
#include "experiment/validation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "experiment/analysis.h"
#include "experiment/assignment.h"
#include "experiment/statistics.h"

namespace mercato::experiment {
namespace {

constexpr int kMaxValidationTests = 100000;

Status CheckValidationInput(const ValidationPopulation& p, const ValidationOptions& o) {
  const size_t n = p.unit_ids.size();
  if (n < 4) {
    return InvalidArgument("validation needs at least 4 units (customers), got " +
                           std::to_string(n));
  }
  if (p.pre_revenue.size() != n) {
    return InvalidArgument("pre_revenue has " + std::to_string(p.pre_revenue.size()) +
                           " values for " + std::to_string(n) + " units");
  }
  if (p.days < 1) {
    return InvalidArgument("the outcome period needs at least 1 day, got " +
                           std::to_string(p.days));
  }
  for (const ValidationPurchase& b : p.purchases) {
    if (b.unit < 0 || static_cast<size_t>(b.unit) >= n || b.day < 0 || b.day >= p.days ||
        !std::isfinite(b.revenue)) {
      return InvalidArgument("a purchase of unit " + std::to_string(b.unit) + " on day " +
                             std::to_string(b.day) + " is outside the population or the period");
    }
  }
  if (o.tests < 1 || o.tests > kMaxValidationTests) {
    return InvalidArgument("tests " + std::to_string(o.tests) + ": expected 1.." +
                           std::to_string(kMaxValidationTests));
  }
  if (!(o.planted_lift > -1) || !std::isfinite(o.planted_lift)) {
    return InvalidArgument("planted_lift must be a finite relative lift above -1, got " +
                           std::to_string(o.planted_lift));
  }
  if (!(o.alpha > 0 && o.alpha < 1)) {
    return InvalidArgument("alpha must be in (0, 1), got " + std::to_string(o.alpha));
  }
  if (!(o.winsor_quantile > 0 && o.winsor_quantile <= 1)) {
    return InvalidArgument("winsor_quantile must be in (0, 1] (1 = off), got " +
                           std::to_string(o.winsor_quantile));
  }
  if (!(o.sequential_effect_size > 0) || !std::isfinite(o.sequential_effect_size)) {
    return InvalidArgument("sequential_effect_size must be > 0, got " +
                           std::to_string(o.sequential_effect_size));
  }
  return Status::Ok();
}

// What an A/A analysis at day d reads that does not depend on the split.
struct DailyPooled {
  double cap = 0;     // winsorizing cap of the cumulative revenue
  double theta = 0;   // CUPED's θ pooled over every unit
  double mean_x = 0;  // pooled mean of the (capped) pre-period revenue
};

}  // namespace

Result<ValidationReport> RunValidation(const ValidationPopulation& population,
                                       const ValidationOptions& options) {
  RETURN_IF_ERROR(CheckValidationInput(population, options));
  const size_t n = population.unit_ids.size();
  const auto days = static_cast<size_t>(population.days);
  const double q = options.winsor_quantile;
  const double inf = std::numeric_limits<double>::infinity();

  // Active units: those with pre-period spend or a purchase; the others are (0, 0) every day.
  std::vector<int32_t> active_of(n, -1);
  std::vector<int32_t> active;
  for (size_t i = 0; i < n; ++i) {
    if (population.pre_revenue[i] != 0) active_of[i] = 0;
  }
  for (const ValidationPurchase& b : population.purchases) active_of[b.unit] = 0;
  for (size_t i = 0; i < n; ++i) {
    if (active_of[i] == 0) {
      active_of[i] = static_cast<int32_t>(active.size());
      active.push_back(static_cast<int32_t>(i));
    }
  }
  const size_t a = active.size();
  // Purchases by day, on active indices.
  std::vector<std::vector<std::pair<int32_t, double>>> by_day(days);
  for (const ValidationPurchase& b : population.purchases) {
    by_day[static_cast<size_t>(b.day)].emplace_back(active_of[b.unit], b.revenue);
  }
  const double cap_x = q < 1 ? WinsorCap(population.pre_revenue, q) : inf;
  std::vector<double> x(a);
  for (size_t k = 0; k < a; ++k) x[k] = std::min(population.pre_revenue[active[k]], cap_x);
  const double zero_x = std::min(0.0, cap_x);

  // Per day: the cap of the cumulative revenue over every unit, θ and the pooled mean of x.
  std::vector<DailyPooled> pooled(days);
  std::vector<double> cumulative(a, 0.0);
  {
    std::vector<double> all(n, 0.0);
    for (size_t d = 0; d < days; ++d) {
      for (const auto& [k, revenue] : by_day[d]) cumulative[static_cast<size_t>(k)] += revenue;
      for (size_t k = 0; k < a; ++k) all[static_cast<size_t>(active[k])] = cumulative[k];
      pooled[d].cap = q < 1 ? WinsorCap(all, q) : inf;
      Moments m;
      for (size_t k = 0; k < a; ++k) m.Add(x[k], std::min(cumulative[k], pooled[d].cap));
      m.AddRepeated(zero_x, std::min(0.0, pooled[d].cap), static_cast<int64_t>(n - a));
      pooled[d].theta = CupedTheta(m);
      pooled[d].mean_x = m.mean_x();
    }
  }
  const std::vector<double> final_revenue = cumulative;

  ValidationReport report;
  report.aa_tests = options.tests;
  report.planted_lift = options.planted_lift;
  report.units = static_cast<int64_t>(n);
  report.days = population.days;
  report.seed = options.seed;
  report.alpha = options.alpha;
  double total_revenue = 0;
  for (double r : final_revenue) total_revenue += r;
  report.revenue_per_visitor = total_revenue / static_cast<double>(n);

  AnalysisOptions analysis;
  analysis.secondary_metrics = {};
  analysis.alpha = options.alpha;
  analysis.winsor_quantile = q;
  analysis.sequential_effect_size = options.sequential_effect_size;
  AnalysisOptions unwinsorized = analysis;
  unwinsorized.winsor_quantile = 1;
  ExperimentData planted;
  planted.variants = {{"control", 0.5}, {"treatment", 0.5}};
  planted.units.resize(n);
  for (size_t i = 0; i < n; ++i) planted.units[i].pre_revenue = population.pre_revenue[i];

  std::vector<uint8_t> arm(n);
  int64_t fixed_positives = 0, sequential_positives = 0, covered = 0, covered_winsorized = 0;
  int64_t powered = 0, sequential_powered = 0;
  double reduction_sum = 0;
  for (int test = 0; test < options.tests; ++test) {
    AssignmentSpec spec;
    spec.salt = "validate-" + std::to_string(options.seed) + "-" + std::to_string(test);
    spec.weights = {0.5, 0.5};
    ASSIGN_OR_RETURN(const Assigner assigner, Assigner::Create(spec));
    int64_t zeros[2] = {0, 0};
    for (size_t i = 0; i < n; ++i) {
      arm[i] = static_cast<uint8_t>(assigner.Assign(population.unit_ids[i]).variant);
      if (active_of[i] < 0) ++zeros[arm[i]];
    }

    // A/A, looked at daily.
    std::fill(cumulative.begin(), cumulative.end(), 0.0);
    SequentialTest sequential(options.alpha);
    for (size_t d = 0; d < days; ++d) {
      for (const auto& [k, revenue] : by_day[d]) cumulative[static_cast<size_t>(k)] += revenue;
      const DailyPooled& p = pooled[d];
      Moments moments[2];
      for (size_t k = 0; k < a; ++k) {
        moments[arm[static_cast<size_t>(active[k])]].Add(x[k], std::min(cumulative[k], p.cap));
      }
      for (int g = 0; g < 2; ++g) moments[g].AddRepeated(zero_x, std::min(0.0, p.cap), zeros[g]);
      const Estimate c = CupedEstimate(moments[0], p.theta, p.mean_x);
      const Estimate t = CupedEstimate(moments[1], p.theta, p.mean_x);
      sequential.Look(t.value - c.value, c.variance + t.variance,
                      MsprtTau2(c, t, options.sequential_effect_size));
      if (d + 1 == days) {
        fixed_positives += WelchCompare(c, t, options.alpha).p_value < options.alpha ? 1 : 0;
        reduction_sum +=
            VarianceReduction(MeanEstimate(moments[0]), MeanEstimate(moments[1]), c, t);
      }
    }
    sequential_positives += sequential.p_value() < options.alpha ? 1 : 0;

    // The same split with the treatment's outcome revenue raised by the planted lift.
    for (size_t i = 0; i < n; ++i) {
      UnitOutcome& u = planted.units[i];
      u.variant = arm[i];
      const double revenue = active_of[i] < 0 ? 0.0 : final_revenue[active_of[i]];
      u.revenue = arm[i] == 1 ? revenue * (1 + options.planted_lift) : revenue;
    }
    ASSIGN_OR_RETURN(const Analysis winsorized, Analyze(planted, analysis));
    ASSIGN_OR_RETURN(const Analysis raw, Analyze(planted, unwinsorized));
    const MetricResult& w = winsorized.metrics[0];
    const MetricResult& r = raw.metrics[0];
    powered += w.p_value < options.alpha ? 1 : 0;
    sequential_powered += w.sequential_p_value < options.alpha ? 1 : 0;
    covered +=
        r.relative_ci_low <= options.planted_lift && options.planted_lift <= r.relative_ci_high ? 1
                                                                                                : 0;
    covered_winsorized +=
        w.relative_ci_low <= options.planted_lift && options.planted_lift <= w.relative_ci_high ? 1
                                                                                                : 0;
  }
  const auto tests = static_cast<double>(options.tests);
  report.fixed_false_positive_rate = static_cast<double>(fixed_positives) / tests;
  report.sequential_false_positive_rate_daily_peeking =
      static_cast<double>(sequential_positives) / tests;
  report.ci_coverage = static_cast<double>(covered) / tests;
  report.ci_coverage_winsorized = static_cast<double>(covered_winsorized) / tests;
  report.cuped_variance_reduction = reduction_sum / tests;
  report.power_at_planted_lift = static_cast<double>(powered) / tests;
  report.sequential_power_at_planted_lift = static_cast<double>(sequential_powered) / tests;
  return report;
}

}  // namespace mercato::experiment
