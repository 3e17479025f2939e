// The experiments' validation action: the store's customers as a population, then the
// simulations of experiment/validation.h.
#include "app/experiment_validation.h"

#include "app/customer_data.h"

namespace mercato::app {
namespace {

constexpr int kMaxValidationDays = 365;

}  // namespace

std::span<const OptionDoc<ValidateExperimentsOptions>> ValidateExperimentsOptionDocs() {
  using O = ValidateExperimentsOptions;
  static const OptionDoc<O> kDocs[] = {
      {"tests", "Number of A/A tests to simulate, and as many with the planted lift (1..100000)",
       &O::tests},
      {"days", "Days of the outcome period and of the pre-period before it (1..365)", &O::days},
      {"lift", "Relative lift of revenue per visitor planted in the treatment arm", &O::lift},
      {"seed", "Seed of the tests' salts: the same seed gives the same figures", &O::seed},
  };
  return kDocs;
}

ValidationPeriods ValidationPopulationOf(const customers::OrderHistory& history, int days) {
  ValidationPeriods p;
  p.population.days = days;
  p.outcome_end = history.end;
  const int64_t span = static_cast<int64_t>(days) * kSecondsPerDay;
  p.outcome_start = history.end - span + 1;
  p.pre_start = p.outcome_start - span;
  for (int32_t c = 0; c < history.num_customers(); ++c) {
    if (history.num_orders(c) == 0) continue;
    const auto unit = static_cast<int32_t>(p.population.unit_ids.size());
    p.population.unit_ids.push_back(history.customer_ids[static_cast<size_t>(c)]);
    double pre = 0;
    for (int32_t o = history.customer_start[c]; o < history.customer_start[c + 1]; ++o) {
      const auto k = static_cast<size_t>(o);
      const double revenue = static_cast<double>(history.value[k]) - history.discount[k];
      // Whole 24-hour days back from the last order: 0..days-1 is the outcome period (day
      // days-1 - back), days..2·days-1 the pre-period.
      const int64_t back = (history.end - history.ts[k]) / kSecondsPerDay;
      if (back < days) {
        p.population.purchases.push_back({unit, static_cast<int32_t>(days - 1 - back), revenue});
      } else if (back < 2 * static_cast<int64_t>(days)) {
        pre += revenue;
      }
    }
    p.population.pre_revenue.push_back(pre);
  }
  return p;
}

Result<ExperimentValidation> ValidateExperiments(const ValidateExperimentsOptions& options) {
  if (options.days < 1 || options.days > kMaxValidationDays) {
    return InvalidArgument("days " + std::to_string(options.days) + ": expected 1.." +
                           std::to_string(kMaxValidationDays));
  }
  ASSIGN_OR_RETURN(CustomerData data, LoadCustomerData(options.db));
  const ValidationPeriods periods = ValidationPopulationOf(data.history, options.days);
  experiment::ValidationOptions simulation;
  simulation.tests = options.tests;
  simulation.planted_lift = options.lift;
  simulation.seed = options.seed;
  ExperimentValidation v;
  ASSIGN_OR_RETURN(v.report, experiment::RunValidation(periods.population, simulation));
  v.outcome_start = periods.outcome_start;
  v.outcome_end = periods.outcome_end;
  v.pre_start = periods.pre_start;
  return v;
}

nlohmann::json ExperimentValidationJson(const ExperimentValidation& validation) {
  const experiment::ValidationReport& r = validation.report;
  return {{"aa_tests", r.aa_tests},
          {"fixed_false_positive_rate", r.fixed_false_positive_rate},
          {"sequential_false_positive_rate_daily_peeking",
           r.sequential_false_positive_rate_daily_peeking},
          {"ci_coverage", r.ci_coverage},
          {"cuped_variance_reduction", r.cuped_variance_reduction},
          {"power_at_planted_lift", r.power_at_planted_lift},
          {"ci_coverage_winsorized", r.ci_coverage_winsorized},
          {"sequential_power_at_planted_lift", r.sequential_power_at_planted_lift},
          {"planted_lift", r.planted_lift},
          {"alpha", r.alpha},
          {"units", r.units},
          {"days", r.days},
          {"seed", r.seed},
          {"revenue_per_visitor", r.revenue_per_visitor},
          {"pre_period_start", FormatTimestamp(validation.pre_start)},
          {"outcome_period_start", FormatTimestamp(validation.outcome_start)},
          {"outcome_period_end", FormatTimestamp(validation.outcome_end)}};
}

}  // namespace mercato::app
