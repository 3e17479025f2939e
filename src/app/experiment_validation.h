// `mercato experiments validate` / GET /v1/experiments/validate: the experiment statistics'
// simulations (A/A false-positive rates, planted-lift coverage and power, CUPED's variance
// reduction) run on the store's own customers.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "app/option_doc.h"
#include "common/status.h"
#include "common/time.h"
#include "customers/order_history.h"
#include "experiment/validation.h"

namespace mercato::app {

struct ValidateExperimentsOptions {
  std::string db;
  int tests = 1000;          // A/A tests, and as many planted-lift tests
  int days = 28;             // length of the outcome period and of the pre-period
  double lift = 0.03;        // the planted lift of revenue per visitor
  uint64_t seed = 20261205;  // salts derive from it: the same seed gives the same figures
};

/// The options besides the store: tests, days, lift, seed.
std::span<const OptionDoc<ValidateExperimentsOptions>> ValidateExperimentsOptionDocs();

/// The population the simulations split, and its periods.
struct ValidationPeriods {
  experiment::ValidationPopulation population;
  Timestamp outcome_start = 0;  // the outcome period is [outcome_start, outcome_end]
  Timestamp outcome_end = 0;    // the store's last order
  Timestamp pre_start = 0;      // the pre-period is [pre_start, outcome_start)
};

/// The units are the customers with at least one order. The outcome period is the `days` × 24 h
/// ending at the store's last order (so every store has one, however old its data), split in
/// days counted back from that order; the pre-period is the `days` × 24 h before it. Revenue is
/// each order's merchandise value net of its discount (customers/order_history.h).
ValidationPeriods ValidationPopulationOf(const customers::OrderHistory& history, int days);

struct ExperimentValidation {
  experiment::ValidationReport report;
  Timestamp outcome_start = 0, outcome_end = 0, pre_start = 0;
};

/// Loads the store at `db` and runs the simulations. InvalidArgument for days outside 1..365 or
/// the checks of experiment::RunValidation (tests 1..100000, at least 4 customers with orders).
Result<ExperimentValidation> ValidateExperiments(const ValidateExperimentsOptions& options);

/// {"aa_tests", "fixed_false_positive_rate", "sequential_false_positive_rate_daily_peeking",
/// "ci_coverage", "cuped_variance_reduction", "power_at_planted_lift", "ci_coverage_winsorized",
/// "sequential_power_at_planted_lift", "planted_lift", "alpha", "units", "days", "seed",
/// "revenue_per_visitor", "pre_period_start", "outcome_period_start", "outcome_period_end"
/// (ISO-8601 UTC)}.
nlohmann::json ExperimentValidationJson(const ExperimentValidation& validation);

}  // namespace mercato::app
