// The simulations of `mercato experiments validate`: A/A tests on a store's own customers with
// random salts (false-positive rates at a fixed horizon and under daily peeking), planted lifts
// (interval coverage and power) and CUPED's variance reduction, all through the same statistics
// the reports use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace mercato::experiment {

/// A purchase of the outcome period: unit index, day in [0, days), revenue.
struct ValidationPurchase {
  int32_t unit = 0;
  int32_t day = 0;
  double revenue = 0;
};

/// The population the simulations split: every unit with its pre-period spend (the CUPED
/// covariate) and its purchases in the outcome period of `days` days.
struct ValidationPopulation {
  std::vector<std::string> unit_ids;  // hashed with each test's salt to assign the unit
  std::vector<double> pre_revenue;    // per unit
  std::vector<ValidationPurchase> purchases;
  int32_t days = 0;
};

struct ValidationOptions {
  int tests = 1000;            // A/A tests, and as many planted-lift tests
  double planted_lift = 0.03;  // relative lift of revenue per visitor given to the treatment
  uint64_t seed = 20261205;    // the salts are derived from it: same seed, same figures
  double alpha = 0.05;         // the analyses' level
  double winsor_quantile = 0.99;
  double sequential_effect_size = 0.05;
};

struct ValidationReport {
  int aa_tests = 0;
  /// A/A: share of fixed-horizon Welch tests (CUPED, winsorized RPV, as reports compute it) with
  /// p < alpha at the end of the outcome period; the target is alpha ± 1.5 points.
  double fixed_false_positive_rate = 0;
  /// A/A: share whose always-valid p fell below alpha at any of the daily looks; target ≤ alpha.
  double sequential_false_positive_rate_daily_peeking = 0;
  /// Planted lift: share of relative 1 − alpha intervals (CUPED, not winsorized: capping the top
  /// spenders shrinks the lift the interval measures) that contain the planted lift.
  double ci_coverage = 0;
  /// The same with the reports' winsorizing, whose estimand is the lift below the cap.
  double ci_coverage_winsorized = 0;
  /// Mean over the A/A tests of 1 − Var(CUPED difference)/Var(raw difference) on RPV.
  double cuped_variance_reduction = 0;
  /// Planted lift: share of tests whose fixed-horizon p < alpha, as reports compute it.
  double power_at_planted_lift = 0;
  /// Planted lift: share whose always-valid p at the end is below alpha.
  double sequential_power_at_planted_lift = 0;
  double planted_lift = 0;
  int64_t units = 0;
  int32_t days = 0;
  uint64_t seed = 0;
  double alpha = 0;
  double revenue_per_visitor = 0;  // the population's mean outcome revenue
};

/// Runs the simulations: test i splits the units 50/50 with the experiment assignment (salt
/// "validate-<seed>-<i>"); the A/A analysis is repeated at the end of every day of the outcome
/// period (cumulative revenue so far) for the daily peeking, and the planted-lift analysis
/// multiplies the treatment's outcome revenue by 1 + planted_lift. InvalidArgument for fewer
/// than 4 units, no days, tests outside 1..100000, a purchase outside the population or period,
/// or options out of range. Deterministic given the population and the options.
Result<ValidationReport> RunValidation(const ValidationPopulation& population,
                                       const ValidationOptions& options);

}  // namespace mercato::experiment
