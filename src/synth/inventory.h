// Stock per SKU under an imperfect (s, S) replenishment policy: lost sales at zero, purchase
// orders, inventory snapshots and the planted stock-out windows.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "synth/catalog.h"
#include "synth/clock.h"
#include "synth/generator.h"
#include "synth/output.h"
#include "synth/random.h"
#include "synth/supply.h"

namespace mercato::synth {

/// The only stock location.
constexpr const char* kLocation = "WH1";
/// Weight of the latest day's sales in the policy's demand estimate (an exponential average).
constexpr double kDemandSmoothing = 1.0 / 14.0;
/// Days of demand each purchase order covers beyond the reorder point.
constexpr double kCoverDays = 21.0;

struct StockoutWindow {
  uint32_t sku = 0;
  Timestamp start = 0;           // the sale that took the last unit
  std::optional<Timestamp> end;  // the delivery that ended it; empty if still out at the end
  int64_t lost_units = 0;        // demand for the SKU while it was out
};

/// A purchase order arriving at simulation time `t`.
struct Delivery {
  double t;
  uint32_t sku;
  int64_t ordered;
  int64_t received;
};

class Inventory {
 public:
  /// `daily_lines` is the policy's initial guess of order lines per day over the catalog.
  Inventory(const SynthConfig& config, const Catalog& catalog, const Supply& supply,
            const Clock& clock, double daily_lines);

  /// Takes up to `qty` units at time t and returns the units sold; the rest is lost demand.
  int64_t Take(uint32_t sku, int64_t qty, double t);
  void Receive(const Delivery& delivery);
  /// End of `day`: updates the demand estimates, writes inventory.csv rows (every SKU whose
  /// level changed that day, every SKU on Sundays) and places purchase orders; returns the
  /// deliveries that arrive within the period.
  std::vector<Delivery> EndOfDay(int64_t day, Rng& rng, Sinks& sinks);

  const std::vector<StockoutWindow>& windows() const { return windows_; }

 private:
  struct State {
    int64_t on_hand = 0;
    int64_t on_order = 0;
    int64_t written = -1;  // last on_hand written to inventory.csv
    int64_t sold_today = 0;
    bool out_today = false;
    double estimate = 0;  // units per day
    int64_t window = -1;  // index of the open stock-out window
  };
  void OrderUpTo(uint32_t sku, State& st, bool initial);

  const Catalog* catalog_;
  const Supply* supply_;
  const Clock* clock_;
  double service_z_;
  std::vector<State> state_;
  std::vector<StockoutWindow> windows_;
  int64_t po_count_ = 0;
};

}  // namespace mercato::synth
