// The journey triggers read from what shoppers did on the storefront (issue 18): checkout
// abandoned, browse abandoned, back in stock and price drop on a viewed item, from one bounded
// window of events, the stock levels and the promotions of the snapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "dataset/snapshot.h"
#include "engage/journey_evaluation.h"
#include "store/store.h"

namespace mercato::app {

/// What the known customers did in a window of events, with the snapshot's dense ids.
struct RecentActivity {
  Timestamp from = 0, to = 0;  // the window read: [from, to)
  struct View {
    int32_t customer = 0, item = 0;
    Timestamp ts = 0;
    /// The price shown, when the storefront sent it as the view's value (> 0).
    std::optional<double> price;
  };
  /// Views and add_to_carts of a known item (a carted item was looked at too), by customer,
  /// then time.
  std::vector<View> views;
  /// Per customer (dense id): the times of their add_to_cart, checkout_started and purchase
  /// events in the window and of their orders in it (the snapshot's), ascending: the moments
  /// they showed they would buy.
  std::vector<std::vector<Timestamp>> intents;
  /// Sessions in which a checkout_started event is stored.
  std::set<std::string> checkout_sessions;
};

/// Reads the events in [from, to) once (Store::ScanEventsInRange: only that window) and the
/// snapshot's orders in it. Events of customers or SKUs the snapshot does not know are skipped
/// (a view needs both; an intent needs the customer). InvalidArgument when to < from.
Result<RecentActivity> LoadRecentActivity(Store& store, const Snapshot& snapshot, Timestamp from,
                                          Timestamp to);

/// The ids of the carts among `cart_ids` that reached checkout: a checkout_started event of the
/// cart's session is in `activity`, or the server's checkout sweep recorded the cart from one
/// (its id starts with "checkout:"). Reads the store's carts.
Result<std::set<std::string>> CartsAtCheckout(Store& store, const RecentActivity& activity,
                                              const std::set<std::string>& cart_ids);

/// The cart journey's triggers (entry id = cart id) whose cart reached checkout: the checkout
/// journey's triggers, with the cart's payload, value and incentive context.
std::vector<engage::JourneyTrigger> CheckoutTriggers(
    const std::vector<engage::JourneyTrigger>& cart_triggers,
    const std::set<std::string>& at_checkout);

/// A cart offered to both a cart journey and a checkout journey stays only with the one of
/// higher priority (the smaller number): the cart is one reason to write, not two. Journeys of
/// other triggers are left alone.
void KeepEachCartInOneJourney(std::vector<engage::JourneyInput>& journeys);

/// Browses abandoned: a customer's views, grouped while each follows the one before within
/// `abandon_after` seconds, with no add-to-cart, checkout, purchase event or order of theirs from
/// the first view until `abandon_after` after the last. Due then (event: the last view), when
/// that is at or before `now`; entry id "viewed-<first view's time>"; the payload names the
/// viewed items, the latest first (at most 5: sku, title, price).
std::vector<engage::JourneyTrigger> BrowseTriggers(const Snapshot& snapshot,
                                                   const RecentActivity& activity,
                                                   int64_t abandon_after, Timestamp now);

/// An item's total on_hand over its locations (each location's latest level) going from <= 0 to
/// > 0 at a stock level's time R in (now - window, now]; each customer who viewed the item
/// or carted it in [R - lookback, R) (its latest such event) and did not buy it from then to R
/// gets a trigger due at R (event R; entry id "<sku>@<R>"; payload: the item, "restocked_at",
/// "viewed_at").
std::vector<engage::JourneyTrigger> BackInStockTriggers(const Snapshot& snapshot,
                                                        const RecentActivity& activity,
                                                        int64_t lookback, int64_t window,
                                                        Timestamp now);

/// Items' prices over time from the catalog and the promotions.
class ItemPrices {
 public:
  explicit ItemPrices(const Snapshot& snapshot);
  /// The price of `item` at `t`: the lowest price of its promotions running then (start <= t <
  /// end, or no end; a promotion's price, else the catalog price less its discount_pct), else
  /// the catalog price; nullopt when neither is known. The catalog price stands for every time:
  /// the store keeps no history of it.
  std::optional<double> At(int32_t item, Timestamp t) const;

 private:
  const Snapshot& snapshot_;
  std::unordered_map<int32_t, std::vector<size_t>> promotions_;  // per item, into promotions
};

/// A promotion of an item starting at S in (now - window, now] and still running at `now`, whose
/// ItemPrices::At(S) is below the price the customer saw at their latest view of the item in
/// [S - lookback, S) (the view's own price when the storefront sent one, else At the view),
/// when they did not buy the item from that view to S: a trigger due at S (event S; entry id
/// "<sku>@<S>"; payload: the item with "price" and "was", "dropped_at", "viewed_at").
std::vector<engage::JourneyTrigger> PriceDropTriggers(const Snapshot& snapshot,
                                                      const RecentActivity& activity,
                                                      int64_t lookback, int64_t window,
                                                      Timestamp now);

}  // namespace mercato::app
