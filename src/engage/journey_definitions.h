// What a journey is (issue 18): a trigger, steps with delays, exit conditions, a priority among
// journeys and a holdout share; and the rules every journey's messages obey per customer and
// channel (frequency cap, quiet hours in the customer's time zone).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time_zone.h"

namespace mercato::engage {

/// What starts an entry into a journey.
enum class TriggerKind {
  kCartAbandoned,      // a cart or checkout left without an order (after the abandonment delay)
  kOrderPlaced,        // an order: the post-purchase cross-sell, due at the learned follow-up delay
  kPredictedLapse,     // the lapse model's predicted lapse date minus the win-back lead
  kVipIdentified,      // the VIP model's probability at the 2nd or 3rd order reaching a threshold
  kCheckoutAbandoned,  // an abandoned cart that reached checkout (a checkout_started event)
  kBrowseAbandoned,    // products viewed, then neither carted nor ordered within a delay
  kBackInStock,        // an item the customer viewed or carted went from on_hand <= 0 to > 0
  kPriceDrop,          // the price of an item the customer viewed fell below the price seen
};
/// "cart_abandoned", "order_placed", "predicted_lapse", "vip_identified", "checkout_abandoned",
/// "browse_abandoned", "back_in_stock", "price_drop".
std::string_view TriggerName(TriggerKind kind);

/// One message of a journey, sent `delay_seconds` after the entry's anchor (the trigger's due
/// time: the abandonment, the follow-up date, the win-back start, the VIP order).
struct JourneyStep {
  std::string id;  // e.g. "reminder_1": the outbox message's step_id
  int64_t delay_seconds = 0;
  std::string subject;
  /// The cart's incentive (none, free shipping, a discount, urgency) is chosen by the incentive
  /// bandit for this step; only cart and checkout journeys carry one.
  bool incentive = false;
};

struct JourneyDefinition {
  std::string id;  // [a-z0-9_]: the journey's name in commands, routes and messages
  std::string name;
  TriggerKind trigger = TriggerKind::kCartAbandoned;
  /// 1 is the highest. A customer is in one journey at a time: entering one exits the entries
  /// of lower priority ("preempted"); an entry of equal or higher priority keeps them out.
  int priority = 1;
  std::vector<JourneyStep> steps;  // delays non-decreasing
  /// Share of customers held out (entered and recorded, never messaged), in [0, 0.5].
  double holdout = 0.10;
  /// A trigger whose due time is older than this is not entered (a first run does not start
  /// journeys for last year's carts).
  int64_t entry_window_seconds = 14 * 86400;
  /// An order after the trigger's event ends the entry (and keeps the trigger from entering).
  bool exit_on_purchase = true;
};

/// Checks a set of journeys: unique valid ids, names, at least one step each with a unique id,
/// non-negative non-decreasing delays, holdout in [0, 0.5], priority >= 1, an entry window > 0,
/// incentives only on cart and checkout journeys (TriggerCarriesIncentive). Errors name the
/// journey and the field.
Status ValidateJourneys(const std::vector<JourneyDefinition>& journeys);

/// Whether a journey of this trigger may carry an incentive: its triggers are carts, with the
/// cart's value and the bandit's context (cart and checkout abandoned).
bool TriggerCarriesIncentive(TriggerKind kind);

/// Rules for every journey's messages, per customer and channel.
struct JourneyRules {
  /// At most cap_messages messages to one customer per cap_window_seconds (rolling), all
  /// journeys together; a step that would exceed it waits for a later run.
  int cap_messages = 3;
  int64_t cap_window_seconds = 7 * 86400;
  /// No message is sent between these local hours (start inclusive, end exclusive; start > end
  /// wraps past midnight); a message decided then is held until the end. start == end: none.
  int quiet_start_hour = 21;
  int quiet_end_hour = 8;
  /// The zone of a customer whose country is unknown or has no zone in CountryTimeZone.
  TimeZone store_zone;
};

/// Checks the rules: cap_messages >= 1, a window > 0, hours in [0, 23].
Status ValidateJourneyRules(const JourneyRules& rules);

/// The IANA zone of a country (any spelling NormalizeCountry knows: "DE", "usa", "United
/// Kingdom"): the country's own single zone, or for
/// countries that span several (US, CA, AU, BR, MX, RU, ...) the zone where most of its people
/// live (America/New_York for the US); nullopt for a country not in the table.
std::optional<std::string_view> CountryTimeZone(std::string_view country);

/// Whether the local hour at `t` in `zone` is quiet under `rules`.
bool InQuietHours(Timestamp t, const TimeZone& zone, const JourneyRules& rules);
/// `t` when it is not in quiet hours, else the next instant the quiet hours end (local
/// quiet_end_hour:00).
Timestamp NextSendTime(Timestamp t, const TimeZone& zone, const JourneyRules& rules);

}  // namespace mercato::engage
