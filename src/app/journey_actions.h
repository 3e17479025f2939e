// The journeys' actions (issue 18): list the configured journeys, run them at a point in time
// (enter, step, exit; messages into the outbox in the same transaction as the journey log, or a
// dry run that writes nothing) and report one journey's figures with its lift over the holdout.
// `mercato journeys list|run|stats`, GET /v1/journeys, GET /v1/journeys/{id}/stats and the
// scheduler of `serve` call them.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/option_doc.h"
#include "common/status.h"
#include "common/time.h"
#include "domain/outbox_records.h"
#include "engage/journey_evaluation.h"
#include "privacy/consent_policy.h"

namespace mercato::app {

/// The journeys' configuration (the `[journeys.run]`, `[journeys.list]`, `[journeys.stats]` and
/// `[serve]` sections of mercato.toml; docs/config.md): its defaults are the four journeys of the
/// business case; the others (kJourneyIds) run when listed in `journeys`.
struct JourneyOptions {
  std::string db;
  /// The journeys that run, highest priority first: a customer is in one journey at a time, and
  /// entering one ends the entries of those after it in this list.
  std::vector<std::string> journeys = {"cart_recovery", "win_back", "vip", "post_purchase"};
  double holdout = 0.10;             // share of customers each journey holds out, in [0, 0.5]
  std::string entry_window = "14d";  // triggers older than this do not enter
  // Cart recovery: a checkout left this long is abandoned; the reminders after the abandonment
  // (the last carries the incentive the bandit chooses).
  int cart_abandon_minutes = 60;
  std::vector<std::string> cart_steps = {"1h", "1d"};
  /// Post-purchase cross-sell: sent at the learned follow-up delay of what the order's items
  /// lead to (recommend/complementary.h); this delay when none is learned.
  std::string post_purchase_delay = "14d";
  /// Win-back: starts this many days before the lapse model's predicted lapse date; its steps
  /// after the start.
  int winback_lead_days = 45;
  std::vector<std::string> winback_steps = {"0", "14d"};
  /// VIP: a customer at their 2nd or 3rd order enters when the VIP model's probability reaches
  /// this.
  double vip_threshold = 0.5;
  std::vector<std::string> vip_steps = {"0"};
  /// Checkout recovery: the cart recovery of carts that reached checkout; its reminders after
  /// the abandonment (the last carries the bandit's incentive).
  std::vector<std::string> checkout_steps = {"1h", "1d"};
  /// Browse abandonment: views followed by no cart, checkout or order for this long; its
  /// messages after that.
  std::string browse_abandon_after = "2h";
  std::vector<std::string> browse_steps = {"0"};
  /// Back in stock and price drop: a view (or add to cart) this long before the restock or the
  /// drop counts; their messages after the restock or the drop.
  std::string view_lookback = "30d";
  std::vector<std::string> back_in_stock_steps = {"0"};
  std::vector<std::string> price_drop_steps = {"0"};
  // Rules per customer and channel.
  int cap_messages = 3;  // at most this many messages per customer per cap_window
  std::string cap_window = "7d";
  int quiet_start = 21;  // no message between these local hours (customer's zone)
  int quiet_end = 8;
  /// The store's time zone, for customers whose country gives none (IANA name or offset);
  /// empty: UTC.
  std::string timezone;
  /// The time the journeys are evaluated at (a date or a timestamp); empty: now.
  std::string as_of;
  uint64_t seed = 1;  // the incentive bandit's seed, combined with the evaluation time
  /// The incentive bandit learns from past incentive decisions: one converted when its customer
  /// ordered within this long after it was sent (engage/incentive_history.h).
  std::string incentive_window = "3d";
  privacy::ConsentPolicy policy = privacy::DefaultConsentPolicy();
};

/// Every journey `journeys` may name: the four defaults, then checkout_recovery,
/// browse_abandonment, back_in_stock and price_drop.
inline constexpr std::string_view kJourneyIds[] = {
    "cart_recovery",     "win_back",           "vip",           "post_purchase",
    "checkout_recovery", "browse_abandonment", "back_in_stock", "price_drop"};

/// The options both front ends read (the CLI's flags, serve's).
std::span<const OptionDoc<JourneyOptions>> JourneyOptionDocs();

/// The journeys `options` configures, in priority order, checked (engage::ValidateJourneys).
/// InvalidArgument naming the option for an unknown journey, an unreadable delay or a share out
/// of range.
Result<std::vector<engage::JourneyDefinition>> ConfiguredJourneys(const JourneyOptions& options);

/// The experiment key of a journey's holdout: "journey-" and the id with '-' for '_'.
std::string JourneyExperimentKey(const std::string& journey_id);

/// {"journeys": [{"id", "name", "trigger", "priority", "holdout", "experiment", "exit_on_purchase",
/// "entry_window_days", "steps": [{"id", "delay_seconds", "subject", "incentive"}], and per
/// trigger "delay", "lead_days", "abandon_after_seconds" or "lookback_days"}], "available": [the
/// same for each journey of kJourneyIds not configured, "priority" null], "rules":
/// {"cap_messages", "cap_window_seconds", "quiet_hours": {"start", "end"}, "store_time_zone"}}.
Result<nlohmann::json> ListJourneysJson(const JourneyOptions& options);

struct JourneyRunOptions {
  JourneyOptions journeys;
  bool dry_run = false;  // decide and report, write nothing
  Timestamp now = 0;     // 0: `journeys.as_of`, else the clock
};

struct JourneyRunReport {
  Timestamp now = 0;
  bool dry_run = false;
  engage::JourneyDecisions decisions;
  /// Journeys that could not run (a model without enough data), with the reason.
  std::map<std::string, std::string> skipped;
  int64_t log_rows_written = 0, messages_enqueued = 0, exposures_recorded = 0;
  /// The past incentive decisions (with their outcomes) the bandit was fitted from.
  int64_t incentive_outcomes = 0;
  int64_t incentive_window_seconds = 0;
};

/// Evaluates every configured journey at the run's time on the store at `db`: triggers from the
/// abandoned carts (app/cart_actions.h), the orders and their learned follow-ups, the lapse
/// model's predicted lapse dates and the VIP model's scores, and for checkout, browse, back in
/// stock and price drop the events of [now - entry window - view lookback, now]
/// (app/journey_event_triggers.h; a cart offered to the cart and the checkout journey goes to
/// the one of higher priority); consent from the ledger; the
/// journey log so far. Unless dry_run, writes in one transaction the new journey log rows, the
/// entries' exposures to each journey's holdout experiment (created running on first use, with
/// variants "holdout" and "messaged") and the messages (Store::EnqueueOutbox): all or nothing.
/// The incentive bandit is fitted first from the store's past incentive decisions and their
/// outcomes (engage/incentive_history.h; InvalidArgument for an incentive_window not above 0).
/// Running again at the same time writes nothing new.
Result<JourneyRunReport> RunJourneys(const JourneyRunOptions& options);

/// {"as_of", "dry_run", "journeys": {id: {"entered", "held_out", "messaged", "withheld",
/// "capped", "not_contactable", "blocked", "exits": {reason: n}, "skipped"?}}, "written":
/// {"log_rows", "messages", "exposures"}, "bandit": {"outcomes", "window_seconds"} (the past
/// incentive decisions it learned from), "decisions": [{"journey", "customer_id", "entry_id",
/// "action" ("enter", "step", "exit"), "step", "holdout", "at", "detail", "message"?: {"id",
/// "step_id", "send_after", "payload"}}]}.
nlohmann::json JourneyRunJson(const JourneyRunReport& report);

struct JourneyStatsOptions {
  JourneyOptions journeys;
  std::string id;  // the journey
  Timestamp now = 0;
  double alpha = 0.05;
};

/// One arm's figures: customers who entered, those with an order within the attribution window
/// after entering (converted) and its revenue, and the share of them who ordered twice or more
/// within the repeat window (repeat rate).
struct JourneyArm {
  int64_t entered = 0, converted = 0, repeat_customers = 0;
  double revenue = 0;
  double conversion_rate() const { return entered ? double(converted) / double(entered) : 0; }
  double repeat_rate() const { return entered ? double(repeat_customers) / double(entered) : 0; }
};

struct JourneyStats {
  std::string id;
  int64_t entered = 0, messaged = 0;  // entries, and messages sent to them
  JourneyArm treated, holdout;        // by arm
  int32_t attribution_days = 14, repeat_days = 90;
  /// The holdout experiment's primary metric per arm (revenue per customer) with its interval,
  /// from the lift report (app/lift_report.h); nullopt before the experiment exists.
  std::optional<nlohmann::json> lift;
  std::string verdict, verdict_text;
};

/// The journey's figures from the journey log and the orders, and its lift over the holdout
/// through the experiments' report. NotFound for a journey that is not configured.
Result<JourneyStats> ReportJourneyStats(const JourneyStatsOptions& options);

/// ReportJourneyStats of each journey of `ids`, in that order, at `now` (0: the journeys' run
/// time), from one read of the journey log, the orders and the experiments' sales for all of
/// them. NotFound for any journey that is not configured.
Result<std::vector<JourneyStats>> ReportJourneysStats(const JourneyOptions& journeys,
                                                      const std::vector<std::string>& ids,
                                                      Timestamp now = 0, double alpha = 0.05);

/// {"journey", "entered", "messaged", "converted", "revenue", "repeat_rate", "arms": {"messaged":
/// {"entered", "converted", "conversion_rate", "revenue", "repeat_rate"}, "holdout": {...}},
/// "attribution_days", "repeat_days", "lift": {...} or null, "verdict", "verdict_text"}.
nlohmann::json JourneyStatsJson(const JourneyStats& stats);

}  // namespace mercato::app
