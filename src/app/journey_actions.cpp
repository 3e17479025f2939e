// The journeys' actions: configuration, the run (the triggers of app/journey_model_triggers.h and
// app/journey_event_triggers.h, one transaction for the journey log, the holdout exposures and the
// outbox) and the stats.
#include "app/journey_actions.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <memory>
#include <set>
#include <unordered_map>
#include <utility>

#include "app/experiment_actions.h"
#include "app/experiment_data.h"
#include "app/journey_event_triggers.h"
#include "app/journey_model_triggers.h"
#include "app/lift_report.h"
#include "common/duration.h"
#include "customers/order_history.h"
#include "dataset/snapshot.h"
#include "experiment/assignment.h"
#include "experiment/definition.h"
#include "privacy/consent_ledger.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

using engage::JourneyDefinition;
using engage::JourneyStep;
using engage::JourneyTrigger;
using engage::TriggerKind;

// The steps of a journey from their delays, named `<prefix>_1`, `<prefix>_2`, ...
Result<std::vector<JourneyStep>> StepsFrom(const std::vector<std::string>& delays,
                                           const std::string& option, const std::string& prefix,
                                           const std::vector<std::string>& subjects) {
  std::vector<JourneyStep> steps;
  for (size_t i = 0; i < delays.size(); ++i) {
    ASSIGN_OR_RETURN(int64_t delay, ParseDuration(delays[i], option));
    JourneyStep s;
    s.id = prefix + "_" + std::to_string(i + 1);
    s.delay_seconds = delay;
    s.subject = subjects[std::min(i, subjects.size() - 1)];
    steps.push_back(std::move(s));
  }
  if (steps.empty()) return InvalidArgument(option + ": expected at least one step's delay");
  return steps;
}

Result<JourneyDefinition> Configured(const std::string& id, const JourneyOptions& o) {
  JourneyDefinition j;
  j.id = id;
  j.holdout = o.holdout;
  ASSIGN_OR_RETURN(j.entry_window_seconds, ParseDuration(o.entry_window, "--entry-window"));
  if (id == "cart_recovery") {
    j.name = "Cart recovery";
    j.trigger = TriggerKind::kCartAbandoned;
    ASSIGN_OR_RETURN(j.steps,
                     StepsFrom(o.cart_steps, "--cart-steps", "reminder",
                               {"You left something in your cart", "Your cart is still waiting"}));
    j.steps.back().incentive = true;
  } else if (id == "post_purchase") {
    j.name = "Post-purchase cross-sell";
    j.trigger = TriggerKind::kOrderPlaced;
    j.steps = {{"cross_sell", 0, "Goes well with your order", false}};
  } else if (id == "win_back") {
    j.name = "Win-back";
    j.trigger = TriggerKind::kPredictedLapse;
    ASSIGN_OR_RETURN(j.steps, StepsFrom(o.winback_steps, "--winback-steps", "win_back",
                                        {"We miss you", "Still here for you"}));
    // A customer predicted to lapse within the lead enters: the window is the lead itself.
    j.entry_window_seconds = int64_t{o.winback_lead_days} * kSecondsPerDay;
  } else if (id == "vip") {
    j.name = "VIP";
    j.trigger = TriggerKind::kVipIdentified;
    ASSIGN_OR_RETURN(j.steps,
                     StepsFrom(o.vip_steps, "--vip-steps", "vip", {"Welcome to our VIPs"}));
    j.exit_on_purchase = false;  // buying again is what a VIP does, not a reason to stop
  } else if (id == "checkout_recovery") {
    j.name = "Checkout recovery";
    j.trigger = TriggerKind::kCheckoutAbandoned;
    ASSIGN_OR_RETURN(j.steps, StepsFrom(o.checkout_steps, "--checkout-steps", "reminder",
                                        {"You were almost done", "Your order is still waiting"}));
    j.steps.back().incentive = true;
  } else if (id == "browse_abandonment") {
    j.name = "Browse abandonment";
    j.trigger = TriggerKind::kBrowseAbandoned;
    ASSIGN_OR_RETURN(j.steps, StepsFrom(o.browse_steps, "--browse-steps", "browse",
                                        {"Still thinking about these?"}));
  } else if (id == "back_in_stock") {
    j.name = "Back in stock";
    j.trigger = TriggerKind::kBackInStock;
    ASSIGN_OR_RETURN(j.steps, StepsFrom(o.back_in_stock_steps, "--back-in-stock-steps",
                                        "back_in_stock", {"It's back in stock"}));
  } else if (id == "price_drop") {
    j.name = "Price drop";
    j.trigger = TriggerKind::kPriceDrop;
    ASSIGN_OR_RETURN(j.steps, StepsFrom(o.price_drop_steps, "--price-drop-steps", "price_drop",
                                        {"Now at a lower price"}));
  } else {
    std::string known;
    for (std::string_view k : kJourneyIds) known += (known.empty() ? "" : ", ") + std::string(k);
    return InvalidArgument("--journeys: unknown journey '" + id + "'; expected one of " + known);
  }
  return j;
}

// The options' durations that only the event journeys read, checked.
Status CheckEventDurations(const JourneyOptions& o) {
  for (const auto& [text, option] : {std::pair{&o.browse_abandon_after, "--browse-abandon-after"},
                                     std::pair{&o.view_lookback, "--view-lookback"}}) {
    ASSIGN_OR_RETURN(const int64_t seconds, ParseDuration(*text, option));
    if (seconds <= 0) return InvalidArgument(std::string(option) + ": expected more than 0");
  }
  return Status::Ok();
}

Result<Timestamp> RunTime(const JourneyOptions& o, Timestamp given) {
  if (given != 0) return given;
  if (o.as_of.empty()) return static_cast<Timestamp>(std::time(nullptr));
  auto t = ParseTimestamp(o.as_of);
  if (!t.ok()) {
    return InvalidArgument("--as-of '" + o.as_of +
                           "': expected a date (2024-05-01) or a timestamp (2024-05-01T09:30:00Z)");
  }
  return *t;
}

Result<engage::JourneyRules> Rules(const JourneyOptions& o) {
  engage::JourneyRules rules;
  rules.cap_messages = o.cap_messages;
  ASSIGN_OR_RETURN(rules.cap_window_seconds, ParseDuration(o.cap_window, "--cap-window"));
  rules.quiet_start_hour = o.quiet_start;
  rules.quiet_end_hour = o.quiet_end;
  if (!o.timezone.empty()) {
    auto zone = TimeZone::Parse(o.timezone);
    if (!zone.ok()) return InvalidArgument("--timezone: " + zone.status().message());
    rules.store_zone = std::move(zone.value());
  }
  RETURN_IF_ERROR(engage::ValidateJourneyRules(rules));
  return rules;
}

// The holdout experiment's definition of a journey: running, customers, variants "holdout"
// (the control) and "messaged".
Result<experiment::Definition> HoldoutDefinition(const JourneyDefinition& j, Timestamp now) {
  const nlohmann::json definition = {
      {"key", JourneyExperimentKey(j.id)},
      {"name", j.name + " holdout"},
      {"capability", "journeys"},
      {"unit", "customer"},
      {"status", "running"},
      {"variants",
       {{{"name", engage::kHoldoutVariant}, {"weight", j.holdout}},
        {{"name", engage::kMessagedVariant}, {"weight", 1 - j.holdout}}}},
      {"control", engage::kHoldoutVariant},
      {"started_at", FormatTimestamp(now)}};
  ASSIGN_OR_RETURN(experiment::Definition d, experiment::DefinitionFromJson(definition));
  RETURN_IF_ERROR(experiment::Validate(d));
  return d;
}

}  // namespace

std::span<const OptionDoc<JourneyOptions>> JourneyOptionDocs() {
  using O = JourneyOptions;
  static const OptionDoc<O> kDocs[] = {
      {"journeys",
       "The journeys that run, highest priority first (default cart_recovery, win_back, vip, "
       "post_purchase; also checkout_recovery, browse_abandonment, back_in_stock, price_drop); a "
       "customer is in one at a time",
       &O::journeys},
      {"holdout", "Share of customers each journey holds out (entered, never messaged), 0-0.5",
       &O::holdout},
      {"entry_window", "A trigger older than this does not enter (30m, 6h, 14d)", &O::entry_window},
      {"cart_abandon_minutes", "A checkout left this many minutes is abandoned",
       &O::cart_abandon_minutes},
      {"cart_steps",
       "Cart recovery's reminders, as delays after the abandonment; the last carries the "
       "incentive the bandit chooses",
       &O::cart_steps},
      {"post_purchase_delay",
       "Post-purchase cross-sell's delay after the order when no follow-up delay is learned",
       &O::post_purchase_delay},
      {"winback_lead_days", "Win-back starts this many days before the predicted lapse date",
       &O::winback_lead_days},
      {"winback_steps", "Win-back's messages, as delays after its start", &O::winback_steps},
      {"vip_threshold",
       "A customer at their 2nd or 3rd order enters the VIP journey from this VIP probability",
       &O::vip_threshold},
      {"vip_steps", "The VIP journey's messages, as delays after the VIP order", &O::vip_steps},
      {"checkout_steps",
       "Checkout recovery's reminders (carts that reached checkout), as delays after the "
       "abandonment; the last carries the incentive the bandit chooses",
       &O::checkout_steps},
      {"browse_abandon_after",
       "Browse abandonment: views followed by no cart, checkout or order for this long (2h)",
       &O::browse_abandon_after},
      {"browse_steps", "Browse abandonment's messages, as delays after the abandonment",
       &O::browse_steps},
      {"view_lookback",
       "Back in stock and price drop: a view or add to cart this long before the restock or the "
       "drop counts (30d)",
       &O::view_lookback},
      {"back_in_stock_steps", "Back in stock's messages, as delays after the restock",
       &O::back_in_stock_steps},
      {"price_drop_steps", "Price drop's messages, as delays after the drop", &O::price_drop_steps},
      {"cap_messages", "At most this many messages per customer per --cap-window",
       &O::cap_messages},
      {"cap_window", "The frequency cap's rolling window (7d)", &O::cap_window},
      {"quiet_start", "Quiet hours start (local hour, 0-23, in the customer's time zone)",
       &O::quiet_start},
      {"quiet_end", "Quiet hours end (local hour, 0-23); equal to the start: none", &O::quiet_end},
      {"incentive_window",
       "The incentive bandit learns from past incentive emails: one converted when its customer "
       "ordered within this long after it (3d)",
       &O::incentive_window},
      {"as_of", "Evaluate the journeys at this time (a date or a timestamp); default: now",
       &O::as_of},
  };
  return kDocs;
}

std::string JourneyExperimentKey(const std::string& journey_id) {
  std::string key = "journey-" + journey_id;
  std::replace(key.begin(), key.end(), '_', '-');
  return key;
}

Result<std::vector<JourneyDefinition>> ConfiguredJourneys(const JourneyOptions& options) {
  if (options.journeys.empty()) return InvalidArgument("--journeys: expected at least one");
  RETURN_IF_ERROR(CheckEventDurations(options));
  std::vector<JourneyDefinition> out;
  for (size_t i = 0; i < options.journeys.size(); ++i) {
    ASSIGN_OR_RETURN(JourneyDefinition j, Configured(options.journeys[i], options));
    j.priority = static_cast<int>(i) + 1;
    out.push_back(std::move(j));
  }
  if (Status s = engage::ValidateJourneys(out); !s.ok()) {
    return InvalidArgument("--journeys: " + s.message());
  }
  return out;
}

namespace {

// One journey as `journeys list` shows it; priority null for one that is not configured.
nlohmann::json JourneyListEntry(const JourneyDefinition& j, bool configured,
                                const JourneyOptions& options) {
  nlohmann::json steps = nlohmann::json::array();
  for (const JourneyStep& s : j.steps) {
    steps.push_back({{"id", s.id},
                     {"delay_seconds", s.delay_seconds},
                     {"subject", s.subject},
                     {"incentive", s.incentive}});
  }
  nlohmann::json entry = {{"id", j.id},
                          {"name", j.name},
                          {"trigger", engage::TriggerName(j.trigger)},
                          {"priority", configured ? nlohmann::json(j.priority) : nullptr},
                          {"holdout", j.holdout},
                          {"experiment", JourneyExperimentKey(j.id)},
                          {"exit_on_purchase", j.exit_on_purchase},
                          {"entry_window_days", j.entry_window_seconds / kSecondsPerDay},
                          {"steps", steps}};
  if (j.trigger == TriggerKind::kOrderPlaced) {
    entry["delay"] =
        "learned per category (recommend/complementary.h), else " + options.post_purchase_delay;
  }
  if (j.trigger == TriggerKind::kPredictedLapse) {
    entry["lead_days"] = options.winback_lead_days;
  }
  if (j.trigger == TriggerKind::kBrowseAbandoned) {
    entry["abandon_after_seconds"] =
        ParseDuration(options.browse_abandon_after, "--browse-abandon-after").value();
  }
  if (j.trigger == TriggerKind::kBackInStock || j.trigger == TriggerKind::kPriceDrop) {
    entry["lookback_days"] =
        ParseDuration(options.view_lookback, "--view-lookback").value() / kSecondsPerDay;
  }
  return entry;
}

}  // namespace

Result<nlohmann::json> ListJourneysJson(const JourneyOptions& options) {
  ASSIGN_OR_RETURN(const std::vector<JourneyDefinition> journeys, ConfiguredJourneys(options));
  ASSIGN_OR_RETURN(const engage::JourneyRules rules, Rules(options));
  nlohmann::json list = nlohmann::json::array();
  for (const JourneyDefinition& j : journeys) {
    list.push_back(JourneyListEntry(j, /*configured=*/true, options));
  }
  nlohmann::json available = nlohmann::json::array();
  for (std::string_view id : kJourneyIds) {
    if (std::any_of(journeys.begin(), journeys.end(),
                    [&](const JourneyDefinition& j) { return j.id == id; })) {
      continue;
    }
    ASSIGN_OR_RETURN(const JourneyDefinition j, Configured(std::string(id), options));
    available.push_back(JourneyListEntry(j, /*configured=*/false, options));
  }
  return nlohmann::json{
      {"journeys", list},
      {"available", available},
      {"rules",
       {{"cap_messages", rules.cap_messages},
        {"cap_window_seconds", rules.cap_window_seconds},
        {"quiet_hours", {{"start", rules.quiet_start_hour}, {"end", rules.quiet_end_hour}}},
        {"store_time_zone", rules.store_zone.name()}}}};
}

Result<JourneyRunReport> RunJourneys(const JourneyRunOptions& options) {
  const JourneyOptions& o = options.journeys;
  ASSIGN_OR_RETURN(const std::vector<JourneyDefinition> journeys, ConfiguredJourneys(o));
  ASSIGN_OR_RETURN(const engage::JourneyRules rules, Rules(o));
  ASSIGN_OR_RETURN(const int64_t post_purchase_delay,
                   ParseDuration(o.post_purchase_delay, "--post-purchase-delay"));
  JourneyRunReport report;
  ASSIGN_OR_RETURN(report.now, RunTime(o, options.now));
  report.dry_run = options.dry_run;
  ASSIGN_OR_RETURN(report.incentive_window_seconds,
                   ParseDuration(o.incentive_window, "--incentive-window"));
  if (report.incentive_window_seconds <= 0) {
    return InvalidArgument("--incentive-window: expected a duration above 0 (3d, 72h)");
  }
  if (!std::filesystem::exists(o.db)) {
    return NotFound(o.db + ": no such store (create it with `mercato import --db " + o.db +
                    " ...`)");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(o.db));
  SnapshotOptions until;
  until.until = report.now + 1;  // nothing after the run's time
  ASSIGN_OR_RETURN(const Snapshot snapshot, LoadSnapshot(*store, until));
  const customers::OrderHistory history = customers::LoadOrderHistory(snapshot);

  engage::JourneyWorld world;
  world.snapshot = &snapshot;
  world.rules = rules;
  // Read once for the journeys that share them: the abandoned carts (cart and checkout
  // journeys), and one window of events (checkout, browse, back in stock, price drop) reaching
  // a view lookback before the oldest trigger that may still enter.
  std::optional<Result<std::vector<JourneyTrigger>>> carts;
  auto cart_triggers = [&]() -> const Result<std::vector<JourneyTrigger>>& {
    if (!carts) carts = CartTriggers(o, snapshot, report.now);
    return *carts;
  };
  ASSIGN_OR_RETURN(const int64_t view_lookback, ParseDuration(o.view_lookback, "--view-lookback"));
  ASSIGN_OR_RETURN(const int64_t browse_abandon_after,
                   ParseDuration(o.browse_abandon_after, "--browse-abandon-after"));
  std::optional<RecentActivity> activity;
  int64_t event_window = 0;  // the longest entry window of the journeys reading events
  for (const JourneyDefinition& j : journeys) {
    if (j.trigger == TriggerKind::kCheckoutAbandoned ||
        j.trigger == TriggerKind::kBrowseAbandoned || j.trigger == TriggerKind::kBackInStock ||
        j.trigger == TriggerKind::kPriceDrop) {
      event_window = std::max(event_window, j.entry_window_seconds);
    }
  }
  if (event_window > 0) {
    ASSIGN_OR_RETURN(activity,
                     LoadRecentActivity(*store, snapshot, report.now - event_window - view_lookback,
                                        report.now + 1));
  }
  // Each journey's holdout: its stored experiment (sticky: the stored shares win), else a new
  // one created below with the configured share.
  std::vector<std::optional<experiment::Assigner>> assigners(journeys.size());
  std::vector<experiment::Definition> to_create;
  for (size_t i = 0; i < journeys.size(); ++i) {
    const JourneyDefinition& j = journeys[i];
    engage::JourneyInput input;
    input.definition = j;
    if (j.holdout > 0) {
      ASSIGN_OR_RETURN(std::optional<ExperimentRecord> stored,
                       store->GetExperiment(JourneyExperimentKey(j.id)));
      experiment::Definition d;
      if (stored) {
        ASSIGN_OR_RETURN(d, experiment::DefinitionFromJson(nlohmann::json::parse(
                                stored->definition, nullptr, /*allow_exceptions=*/false)));
      } else {
        ASSIGN_OR_RETURN(d, HoldoutDefinition(j, report.now));
        to_create.push_back(d);
      }
      ASSIGN_OR_RETURN(assigners[i], experiment::Assigner::Create(d.Assignment()));
    }
    Result<std::vector<JourneyTrigger>> triggers = std::vector<JourneyTrigger>{};
    switch (j.trigger) {
      case TriggerKind::kCartAbandoned:
        triggers = cart_triggers();
        break;
      case TriggerKind::kOrderPlaced:
        triggers =
            PostPurchaseTriggers(snapshot, post_purchase_delay, j.entry_window_seconds, report.now);
        break;
      case TriggerKind::kPredictedLapse:
        triggers = WinBackTriggers(o, snapshot, history, report.now);
        break;
      case TriggerKind::kVipIdentified:
        triggers = VipTriggers(o, snapshot, history, report.now);
        break;
      case TriggerKind::kCheckoutAbandoned:
        triggers = cart_triggers();
        if (triggers.ok()) {
          std::set<std::string> ids;
          for (const JourneyTrigger& t : *triggers) ids.insert(t.entry_id);
          ASSIGN_OR_RETURN(const std::set<std::string> at_checkout,
                           CartsAtCheckout(*store, *activity, ids));
          triggers = CheckoutTriggers(*triggers, at_checkout);
        }
        break;
      case TriggerKind::kBrowseAbandoned:
        triggers = BrowseTriggers(snapshot, *activity, browse_abandon_after, report.now);
        break;
      case TriggerKind::kBackInStock:
        triggers = BackInStockTriggers(snapshot, *activity, view_lookback, j.entry_window_seconds,
                                       report.now);
        break;
      case TriggerKind::kPriceDrop:
        triggers = PriceDropTriggers(snapshot, *activity, view_lookback, j.entry_window_seconds,
                                     report.now);
        break;
    }
    if (triggers.ok()) {
      input.triggers = std::move(triggers.value());
    } else if (triggers.status().code() == StatusCode::kFailedPrecondition) {
      report.skipped[j.id] = triggers.status().message();  // a model without enough data
    } else {
      return triggers.status();
    }
    world.journeys.push_back(std::move(input));
  }
  for (size_t i = 0; i < journeys.size(); ++i) {
    if (assigners[i]) world.journeys[i].holdout = &*assigners[i];
  }
  KeepEachCartInOneJourney(world.journeys);
  ASSIGN_OR_RETURN(const privacy::ConsentLedger ledger,
                   privacy::LoadConsentLedger(*store, o.policy));
  world.email_allowed.resize(static_cast<size_t>(snapshot.customers.size()));
  for (int32_t c = 0; c < snapshot.customers.size(); ++c) {
    const size_t i = static_cast<size_t>(c);
    world.email_allowed[i] =
        i < snapshot.customer_email.size() && !snapshot.customer_email[i].empty() &&
        ledger.Allows(snapshot.customers.Key(c), privacy::Purpose::kEmailMarketing);
  }
  RETURN_IF_ERROR(store->ForEachJourneyLog([&](const JourneyLogRecord& r) {
    world.log.push_back(r);
    return Status::Ok();
  }));
  engage::BanditConfig bandit_config;
  bandit_config.seed = o.seed ^ static_cast<uint64_t>(report.now);
  engage::IncentiveBandit bandit(bandit_config);
  ASSIGN_OR_RETURN(
      report.incentive_outcomes,
      FitBanditFromHistory(*store, snapshot, report.incentive_window_seconds, report.now, bandit));
  world.bandit = &bandit;

  report.decisions = engage::EvaluateJourneys(world, report.now);
  if (options.dry_run) return report;

  for (const experiment::Definition& d : to_create) {
    CreateExperimentOptions create;
    create.definition = experiment::DefinitionJson(d);
    create.now = report.now;
    auto created = CreateExperiment(*store, create);
    if (!created.ok() && created.status().code() != StatusCode::kAlreadyExists) {
      return created.status();
    }
  }
  std::map<std::string, std::vector<Exposure>> exposures;
  for (const JourneyLogRecord& r : report.decisions.log) {
    if (r.step != JourneyLogRecord::kEnterStep) continue;
    const auto j = std::find_if(journeys.begin(), journeys.end(),
                                [&](const JourneyDefinition& d) { return d.id == r.journey_id; });
    if (j == journeys.end() || j->holdout <= 0) continue;
    // Exposed when the decision is taken: the entry's anchor may precede the experiment.
    exposures[JourneyExperimentKey(r.journey_id)].push_back(
        {r.customer_id, std::string(r.holdout ? engage::kHoldoutVariant : engage::kMessagedVariant),
         report.now});
  }
  RETURN_IF_ERROR(store->Begin());
  auto write = [&]() -> Status {
    ASSIGN_OR_RETURN(report.log_rows_written, store->AppendJourneyLog(report.decisions.log));
    for (const auto& [key, batch] : exposures) {
      ASSIGN_OR_RETURN(int64_t n, store->RecordExposures(key, batch));
      report.exposures_recorded += n;
    }
    ASSIGN_OR_RETURN(report.messages_enqueued, store->EnqueueOutbox(report.decisions.messages));
    return store->Commit();
  };
  if (Status s = write(); !s.ok()) {
    (void)store->Rollback();
    return s;
  }
  return report;
}

nlohmann::json JourneyRunJson(const JourneyRunReport& report) {
  nlohmann::json journeys = nlohmann::json::object();
  for (const auto& [id, n] : report.decisions.counts) {
    nlohmann::json entry = {{"entered", n.entered},   {"held_out", n.held_out},
                            {"messaged", n.messaged}, {"withheld", n.withheld},
                            {"capped", n.capped},     {"not_contactable", n.not_contactable},
                            {"blocked", n.blocked},   {"exits", n.exits}};
    if (auto s = report.skipped.find(id); s != report.skipped.end()) entry["skipped"] = s->second;
    journeys[id] = std::move(entry);
  }
  std::unordered_map<std::string, const OutboxMessage*> messages;
  for (const OutboxMessage& m : report.decisions.messages) messages[m.id] = &m;
  nlohmann::json decisions = nlohmann::json::array();
  for (const JourneyLogRecord& r : report.decisions.log) {
    const bool enter = r.step == JourneyLogRecord::kEnterStep;
    const bool exit = r.step == JourneyLogRecord::kExitStep;
    nlohmann::json d = {{"journey", r.journey_id},
                        {"customer_id", r.customer_id},
                        {"entry_id", r.entry_id},
                        {"action", enter  ? "enter"
                                   : exit ? "exit"
                                          : "step"},
                        {"step", enter || exit ? nlohmann::json(nullptr) : nlohmann::json(r.step)},
                        {"holdout", r.holdout},
                        {"at", FormatTimestamp(r.at)},
                        {"detail", r.detail}};
    if (auto m = messages.find(r.detail); !enter && !exit && m != messages.end()) {
      d["message"] = {{"id", m->second->id},
                      {"step_id", m->second->step_id},
                      {"send_after", FormatTimestamp(m->second->send_after)},
                      {"payload", nlohmann::json::parse(m->second->payload_json)}};
    }
    decisions.push_back(std::move(d));
  }
  return {{"as_of", FormatTimestamp(report.now)},
          {"dry_run", report.dry_run},
          {"journeys", journeys},
          {"written",
           {{"log_rows", report.log_rows_written},
            {"messages", report.messages_enqueued},
            {"exposures", report.exposures_recorded}}},
          {"bandit",
           {{"outcomes", report.incentive_outcomes},
            {"window_seconds", report.incentive_window_seconds}}},
          {"decisions", decisions}};
}

Result<std::vector<JourneyStats>> ReportJourneysStats(const JourneyOptions& o,
                                                      const std::vector<std::string>& ids,
                                                      Timestamp at, double alpha) {
  ASSIGN_OR_RETURN(const std::vector<JourneyDefinition> journeys, ConfiguredJourneys(o));
  std::unordered_map<std::string, size_t> index;  // journey id -> its first place in `ids`
  for (size_t i = 0; i < ids.size(); ++i) {
    if (std::none_of(journeys.begin(), journeys.end(),
                     [&](const JourneyDefinition& j) { return j.id == ids[i]; })) {
      return NotFound("no journey '" + ids[i] + "' is configured; `mercato journeys list` " +
                      "shows them");
    }
    index.emplace(ids[i], i);
  }
  ASSIGN_OR_RETURN(const Timestamp now, RunTime(o, at));
  if (!std::filesystem::exists(o.db)) {
    return NotFound(o.db + ": no such store (create it with `mercato import --db " + o.db +
                    " ...`)");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(o.db));
  std::vector<JourneyStats> out(ids.size());
  // Each journey's holdout experiment, when it exists: its windows, and its report below.
  std::vector<std::optional<StoredExperiment>> experiments(ids.size());
  std::vector<experiment::UnitKind> kinds;  // the orders are read once, for every unit kind used
  for (const auto& [id, i] : index) {
    out[i].id = id;
    Result<StoredExperiment> e = ShowExperiment(*store, JourneyExperimentKey(id));
    if (!e.ok()) {
      if (e.status().code() != StatusCode::kNotFound) return e.status();
      continue;
    }
    out[i].attribution_days = e->definition.attribution_days;
    out[i].repeat_days = e->definition.repeat_days;
    if (std::find(kinds.begin(), kinds.end(), e->definition.unit) == kinds.end()) {
      kinds.push_back(e->definition.unit);
    }
    experiments[i] = std::move(*e);
  }
  // Each customer's first entry (and arm) per journey, and the messages sent.
  using FirstEntries = std::unordered_map<std::string, std::pair<Timestamp, bool>>;
  std::vector<FirstEntries> first_entry(ids.size());
  RETURN_IF_ERROR(store->ForEachJourneyLog([&](const JourneyLogRecord& r) {
    const auto j = index.find(r.journey_id);
    if (j == index.end()) return Status::Ok();
    JourneyStats& stats = out[j->second];
    if (r.step == JourneyLogRecord::kEnterStep) {
      ++stats.entered;
      auto [it, added] =
          first_entry[j->second].emplace(r.customer_id, std::make_pair(r.at, r.holdout));
      if (!added && r.at < it->second.first) it->second = {r.at, r.holdout};
    } else if (r.step != JourneyLogRecord::kExitStep && !r.holdout) {
      ++stats.messaged;
    }
    return Status::Ok();
  }));
  // Orders after the first entry: converted within attribution_days, repeat within repeat_days
  // (two orders or more); one read of the orders for every journey.
  struct CustomerOrders {
    int64_t in_window = 0, repeat = 0;
    double revenue = 0;
  };
  std::vector<std::unordered_map<std::string, CustomerOrders>> orders(ids.size());
  RETURN_IF_ERROR(store->ForEachOrderSale([&](const OrderSale& sale) {
    const std::string customer(sale.customer_id);
    for (const auto& [id, i] : index) {
      const auto e = first_entry[i].find(customer);
      if (e == first_entry[i].end() || sale.ts < e->second.first) continue;
      const int64_t age = sale.ts - e->second.first;
      CustomerOrders& n = orders[i][customer];
      if (age <= int64_t{out[i].attribution_days} * kSecondsPerDay) {
        ++n.in_window;
        for (const OrderSaleLine& l : sale.lines) {
          n.revenue += static_cast<double>(l.quantity) * l.unit_price.value_or(0);
        }
      }
      if (age <= int64_t{out[i].repeat_days} * kSecondsPerDay) ++n.repeat;
    }
    return Status::Ok();
  }));
  for (const auto& [id, i] : index) {
    for (const auto& [customer, entry] : first_entry[i]) {
      JourneyArm& arm = entry.second ? out[i].holdout : out[i].treated;
      ++arm.entered;
      const auto n = orders[i].find(customer);
      if (n == orders[i].end()) continue;
      if (n->second.in_window > 0) ++arm.converted;
      if (n->second.repeat >= 2) ++arm.repeat_customers;
      arm.revenue += n->second.revenue;
    }
  }
  // The lift over the holdout, as the lift report gives it (one read of the orders for all).
  if (!kinds.empty()) {
    ASSIGN_OR_RETURN(const AttributionSales sales, LoadAttributionSales(*store, kinds));
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!experiments[i]) continue;
      ASSIGN_OR_RETURN(
          ExperimentReport report,
          ReportStoredExperiment(*store, sales, std::move(*experiments[i]), now, alpha));
      LiftReport lift;
      lift.experiments.push_back({"journeys", std::move(report)});
      nlohmann::json experiment_lift = LiftReportJson(lift)["experiments"][0];
      out[i].verdict = experiment_lift["verdict"].get<std::string>();
      out[i].verdict_text = experiment_lift["verdict_text"].get<std::string>();
      out[i].lift = std::move(experiment_lift);
    }
  }
  // A journey named twice has the figures of its first place.
  for (size_t i = 0; i < ids.size(); ++i) {
    if (const size_t first = index.at(ids[i]); first != i) out[i] = out[first];
  }
  return out;
}

Result<JourneyStats> ReportJourneyStats(const JourneyStatsOptions& options) {
  ASSIGN_OR_RETURN(std::vector<JourneyStats> stats,
                   ReportJourneysStats(options.journeys, {options.id}, options.now, options.alpha));
  return std::move(stats.front());
}

nlohmann::json JourneyStatsJson(const JourneyStats& stats) {
  auto arm = [](const JourneyArm& a) {
    return nlohmann::json{{"entered", a.entered},
                          {"converted", a.converted},
                          {"conversion_rate", a.conversion_rate()},
                          {"revenue", std::round(a.revenue * 100) / 100},
                          {"repeat_rate", a.repeat_rate()}};
  };
  JourneyArm all = stats.treated;
  all.entered += stats.holdout.entered;
  all.converted += stats.holdout.converted;
  all.repeat_customers += stats.holdout.repeat_customers;
  all.revenue += stats.holdout.revenue;
  return {{"journey", stats.id},
          {"entered", stats.entered},
          {"messaged", stats.messaged},
          {"converted", all.converted},
          {"revenue", std::round(all.revenue * 100) / 100},
          {"repeat_rate", all.repeat_rate()},
          {"arms", {{"messaged", arm(stats.treated)}, {"holdout", arm(stats.holdout)}}},
          {"attribution_days", stats.attribution_days},
          {"repeat_days", stats.repeat_days},
          {"lift", stats.lift ? *stats.lift : nlohmann::json(nullptr)},
          {"verdict", stats.verdict},
          {"verdict_text", stats.verdict_text}};
}

}  // namespace mercato::app
