// Evaluating every journey at a time `now`: from the triggers (abandoned carts, orders with their
// follow-up date, predicted lapses, VIPs), the snapshot's orders and customers, each customer's
// consent and the journey log so far, the decisions — enter (or held out), send the next step,
// exit (purchase, opt-out, preempted by a higher-priority journey, completed) — as new journey
// log rows and the outbox messages of the steps sent.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dataset/snapshot.h"
#include "domain/journey_records.h"
#include "domain/outbox_records.h"
#include "engage/incentive_bandit.h"
#include "engage/journey_definitions.h"
#include "experiment/assignment.h"

namespace mercato::engage {

/// One reason a customer may enter a journey.
struct JourneyTrigger {
  int32_t customer = 0;  // dense id in the snapshot's customers
  /// Identifies the entry: a cart id, an order id; a customer enters a journey once per entry id.
  std::string entry_id;
  Timestamp event_at = 0;  // what happened: the abandonment, the order, the last purchase
  Timestamp due_at = 0;    // when the journey starts (the entry's anchor), >= event_at
  /// What the messages say about it (items, value, lapse date, ...): copied into each
  /// message's payload.
  nlohmann::json payload = nlohmann::json::object();
  /// Cart journeys: the incentive bandit's context and the cart's value.
  IncentiveContext incentive_context;
  double cart_value = 0;
};

/// A journey with its holdout assigner and its triggers.
struct JourneyInput {
  JourneyDefinition definition;
  /// Assigns variant 0 ("holdout", the control) or 1 ("messaged") to a customer id: the
  /// journey's experiment (experiment/assignment.h), sticky.
  const experiment::Assigner* holdout = nullptr;
  std::vector<JourneyTrigger> triggers;
};

/// The name of assignment variant `holdout ? 0 : 1` of a journey's experiment.
inline constexpr std::string_view kHoldoutVariant = "holdout";
inline constexpr std::string_view kMessagedVariant = "messaged";

struct JourneyWorld {
  const Snapshot* snapshot = nullptr;  // customers, their countries, orders
  std::vector<JourneyInput> journeys;
  /// Per dense customer: may they be emailed for marketing now (the consent ledger).
  std::vector<bool> email_allowed;
  /// The journey log so far, in any order.
  std::vector<JourneyLogRecord> log;
  JourneyRules rules;
  /// Chooses the incentive of steps that carry one; null: every incentive is "none".
  IncentiveBandit* bandit = nullptr;
};

/// What one journey's evaluation did.
struct JourneyCounts {
  int64_t entered = 0, held_out = 0;     // new entries; of them, in the holdout
  int64_t messaged = 0;                  // steps sent (messages enqueued)
  int64_t withheld = 0;                  // steps due for holdout customers: recorded, not sent
  int64_t capped = 0;                    // steps due but over the frequency cap: left for later
  int64_t not_contactable = 0;           // triggers of customers without email consent
  int64_t blocked = 0;                   // triggers of customers in a journey of higher priority
  std::map<std::string, int64_t> exits;  // by reason
};

struct JourneyDecisions {
  std::vector<JourneyLogRecord> log;            // the new rows, in the order decided
  std::vector<OutboxMessage> messages;          // the steps sent
  std::map<std::string, JourneyCounts> counts;  // by journey id
};

/// Evaluates every journey at `now` for every customer with a trigger or an open entry.
/// - Exits first: an open entry ends with "purchase" (an order after its trigger's event, when
///   the journey exits on purchase), "opt_out" (email no longer allowed) or "completed" (its last
///   step sent; written with that step).
/// - Entries: a trigger is due when due_at <= now and due_at > now - entry window; it enters
///   unless that (journey, customer, entry id) entered before, the customer bought after the
///   event (exit_on_purchase), may not be emailed, or has an open entry of equal or higher
///   priority. Entering exits open entries of lower priority ("preempted"). Triggers of one
///   customer are taken by priority, then due time.
/// - Steps: an open entry's next step is due at anchor + delay; one step per entry per run. A
///   holdout entry's step is recorded without a message; any other is sent unless the customer
///   had cap_messages messages in the window before `now` (then it waits), with send_after the
///   end of the quiet hours in the customer's zone (country, else the store's).
/// Message ids are "<journey>/<customer>/<entry>/<step id>", so the same decision always gives
/// the same id; evaluating again at the same `now` after the rows were written decides nothing.
/// Log rows of customers or journeys unknown to `world` are ignored.
JourneyDecisions EvaluateJourneys(const JourneyWorld& world, Timestamp now);

}  // namespace mercato::engage
