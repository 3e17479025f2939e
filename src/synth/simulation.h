// The day-by-day simulation: purchase occasions (BG/NBD by thinning), orders, returns, sessions,
// carts, complementary follow-ups, cart recoveries, stock and price changes, in time order.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "synth/catalog.h"
#include "synth/clock.h"
#include "synth/competitors.h"
#include "synth/complements.h"
#include "synth/customers.h"
#include "synth/demand.h"
#include "synth/generator.h"
#include "synth/holdout.h"
#include "synth/inventory.h"
#include "synth/output.h"
#include "synth/pricing.h"
#include "synth/random.h"
#include "synth/recovery.h"
#include "synth/sessions.h"
#include "synth/shopper.h"

namespace mercato::synth {

/// Everything the simulation reads and updates.
struct World {
  const SynthConfig& config;
  const Clock& clock;
  const Catalog& catalog;
  PriceBook& prices;
  const DemandCalendar& calendar;
  std::vector<CustomerState>& customers;
  const Complements& complements;
  Inventory& inventory;
  const CompetitorWatch& competitors;
  Shopper& shopper;
  SessionWriter& sessions;
  Sinks& sinks;
  Rng& rng;
};

/// What happened, for truth.json.
struct SimStats {
  int64_t first_orders = 0;
  int64_t repeat_orders = 0;     // BG/NBD repeat purchases
  int64_t follow_up_orders = 0;  // complementary purchases in a later order
  int64_t recovered_orders = 0;  // abandoned carts completed later
  int64_t lost_occasions = 0;    // purchase occasions whose whole basket was out of stock
  int64_t returns = 0;
  std::vector<int64_t> complement_a_sold;    // per pair: A lines sold (outside follow-ups)
  std::vector<int64_t> complement_followed;  // per pair: B purchases it triggered
  // Abandoned carts (declared within the period) and recoveries, per segment and incentive; the
  // last column counts carts whose customer could not be emailed.
  std::array<std::array<int64_t, kIncentiveCount + 1>, kSegmentCount> abandoned{};
  std::array<std::array<int64_t, kIncentiveCount + 1>, kSegmentCount> recovered{};
  // The recommendations holdout (config.rec_lift > 0): each exposure, in time order.
  std::vector<HoldoutExposure> exposures;
  int64_t recommended_orders = 0;  // orders the recommendations added, in the whole period
};

SimStats Simulate(World& world);

}  // namespace mercato::synth
