// The incentive bandit's context of a decision (value tier, new or returning, cart band, device),
// read from each customer's orders before the decision, and whether they ordered in a window.
#pragma once

#include <cstdint>
#include <vector>

#include "common/time.h"
#include "dataset/snapshot.h"
#include "engage/incentive_bandit.h"

namespace mercato::engage {

/// The value tiers of IncentiveContext::segment, from the customer's orders strictly before the
/// decision (RF-style: no model to train, computable per run):
///   0 new       no earlier order
///   1 one-time  one earlier order, the last within kLapsedAfterDays
///   2 repeat    two or more earlier orders, the last within kLapsedAfterDays
///   3 lapsed    earlier orders, the last more than kLapsedAfterDays before
inline constexpr int kValueTiers = 4;
inline constexpr int64_t kLapsedAfterDays = 180;
/// Cart bands of IncentiveContext::cart_band: 0 under 50, 1 under 150, 2 from 150 (the store's
/// currency).
inline constexpr int kCartBands = 3;
int CartBand(double cart_value);
/// IncentiveContext::device: 1 when the customer's last earlier order came through a channel
/// named "mobile" or "app" (any letter case), else 0 (web, POS, unknown).
inline constexpr int kDevices = 2;

/// Each customer's orders in time order with their channels, read once from a snapshot.
class IncentiveContexts {
 public:
  explicit IncentiveContexts(const Snapshot& snapshot);

  /// The context of a decision at `at` for customer `customer` (a dense id of the snapshot; an
  /// id out of range is a customer without orders) about a cart of `cart_value`. Fields lie in
  /// the ranges above, which are BanditConfig's defaults.
  IncentiveContext At(int32_t customer, Timestamp at, double cart_value) const;
  /// Whether the customer has an order at a time in (from, to].
  bool OrderedBetween(int32_t customer, Timestamp from, Timestamp to) const;

 private:
  // Customer c's orders are [start_[c], start_[c + 1]) of ts_ and mobile_, in time order.
  std::vector<int64_t> start_;
  std::vector<Timestamp> ts_;
  std::vector<uint8_t> mobile_;
};

}  // namespace mercato::engage
