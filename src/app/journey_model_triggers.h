// The triggers of the four default journeys, read from mercato's models (issue 18): abandoned
// carts, post-purchase follow-ups at the learned delay, predicted lapses less the win-back lead,
// VIPs at their 2nd or 3rd order; and the incentive bandit fitted from past decisions. The
// storefront's triggers are in app/journey_event_triggers.h.
#pragma once

#include <cstdint>
#include <vector>

#include "app/journey_actions.h"
#include "common/status.h"
#include "common/time.h"
#include "customers/order_history.h"
#include "dataset/snapshot.h"
#include "engage/incentive_bandit.h"
#include "engage/journey_evaluation.h"
#include "store/store.h"

namespace mercato::app {

/// One trigger per abandoned cart of a known customer (ListAbandonedCarts at `now`, carts
/// abandoned after --cart-abandon-minutes) that no order recovered: entry id the cart's id, due
/// when abandoned, its value and incentive context, and a payload with the cart's items.
Result<std::vector<engage::JourneyTrigger>> CartTriggers(const JourneyOptions& o, const Snapshot& s,
                                                         Timestamp now);

/// One trigger per order of a known customer from `now - window - 60 days` to `now` whose items
/// lead to learned follow-ups (recommend/complementary.h): due at the top follow-up's delay, or
/// `fallback_delay` seconds when it has none; the payload names up to 3 follow-ups.
std::vector<engage::JourneyTrigger> PostPurchaseTriggers(const Snapshot& s, int64_t fallback_delay,
                                                         int64_t window, Timestamp now);

/// The lapse model trained on `history` before `now + 1`: one trigger per customer with a
/// predicted lapse date, entry id "after-<day of the last purchase>", due at the lapse date less
/// --winback-lead-days (not before the last purchase).
Result<std::vector<engage::JourneyTrigger>> WinBackTriggers(const JourneyOptions& o,
                                                            const Snapshot& s,
                                                            const customers::OrderHistory& history,
                                                            Timestamp now);

/// The VIP model trained on `history` before `now + 1`: one trigger per customer whose VIP
/// probability reaches --vip-threshold, entry id "vip" (once per customer), due at their last
/// order.
Result<std::vector<engage::JourneyTrigger>> VipTriggers(const JourneyOptions& o, const Snapshot& s,
                                                        const customers::OrderHistory& history,
                                                        Timestamp now);

/// Fits `bandit` from the store's past incentive decisions: cart recovery's delivered messages
/// and imported email_sent events with source "incentive:<name>", each converted when its
/// customer ordered within `window` seconds. Returns how many decisions it learned from.
Result<int64_t> FitBanditFromHistory(Store& store, const Snapshot& snapshot, int64_t window,
                                     Timestamp now, engage::IncentiveBandit& bandit);

}  // namespace mercato::app
