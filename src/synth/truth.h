// The planted ground truth: truth.json (every planted parameter and event) and
// truth_customers.csv (one row per customer).
#pragma once

#include <string>
#include <vector>

#include "synth/catalog.h"
#include "synth/clock.h"
#include "synth/complements.h"
#include "synth/customers.h"
#include "synth/demand.h"
#include "synth/generator.h"
#include "synth/inventory.h"
#include "synth/pricing.h"
#include "synth/simulation.h"
#include "synth/supply.h"

namespace mercato::synth {

/// Everything truth.json and truth_customers.csv are made from.
struct TruthInputs {
  const SynthConfig& config;
  const Clock& clock;
  const Catalog& catalog;
  const PriceBook& prices;
  const DemandCalendar& calendar;
  const std::vector<CustomerState>& customers;
  const Complements& complements;
  const Supply& supply;
  const Inventory& inventory;
  const SimStats& stats;
};

/// Horizons (days after the period) of the expected-purchases columns of truth_customers.csv.
constexpr int64_t kShortHorizon = 90;
constexpr int64_t kLongHorizon = 365;

Status WriteTruth(const TruthInputs& in, const std::string& dir);

}  // namespace mercato::synth
