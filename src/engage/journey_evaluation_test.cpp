// The journeys' evaluation on a planted world: who enters which journey when, which steps are
// sent or withheld, the exits, the rules (consent, priority, frequency cap, quiet hours), the
// holdout and idempotence.
#include "engage/journey_evaluation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mercato::engage {
namespace {

// 2026-01-15 14:00 UTC: 09:00 in New York, 15:00 in Berlin.
constexpr Timestamp kT0 = 1768485600;
constexpr int64_t kHour = 3600, kDay = 86400;

JourneyDefinition CartJourney() {
  JourneyDefinition j;
  j.id = "cart_recovery";
  j.name = "Cart recovery";
  j.trigger = TriggerKind::kCartAbandoned;
  j.priority = 1;
  j.steps = {{"reminder_1", kHour, "You left something", false},
             {"reminder_2", kDay, "Still thinking?", true}};
  j.entry_window_seconds = 7 * kDay;
  return j;
}

JourneyDefinition WinBackJourney() {
  JourneyDefinition j;
  j.id = "win_back";
  j.name = "Win-back";
  j.trigger = TriggerKind::kPredictedLapse;
  j.priority = 2;
  j.steps = {{"we_miss_you", 0, "We miss you", false}};
  return j;
}

JourneyDefinition PostPurchaseJourney() {
  JourneyDefinition j;
  j.id = "post_purchase";
  j.name = "Post-purchase cross-sell";
  j.trigger = TriggerKind::kOrderPlaced;
  j.priority = 4;
  j.steps = {{"cross_sell", 0, "Goes well with", false}, {"last_call", 10 * kDay, "Last", false}};
  return j;
}

using Customers = std::vector<std::pair<std::string, std::string>>;  // (id, country)

// Customers with their countries and orders (customer, time).
struct Planted {
  Snapshot snapshot;
  explicit Planted(const Customers& customers,
                   const std::vector<std::pair<std::string, Timestamp>>& orders = {}) {
    for (const auto& [id, country] : customers) {
      snapshot.customers.Add(id);
      snapshot.customer_country.push_back(country.empty() ? IdIndex::kNone
                                                          : snapshot.countries.Add(country));
    }
    for (const auto& [customer, ts] : orders) {
      snapshot.orders.Add("o" + std::to_string(snapshot.order_ts.size()));
      snapshot.order_customer.push_back(snapshot.customers.Find(customer));
      snapshot.order_ts.push_back(ts);
    }
  }
};

JourneyTrigger Trigger(const Snapshot& s, const std::string& customer, const std::string& entry,
                       Timestamp at) {
  JourneyTrigger t;
  t.customer = s.customers.Find(customer);
  t.entry_id = entry;
  t.event_at = at;
  t.due_at = at;
  t.payload = {{"entry", entry}};
  return t;
}

JourneyWorld World(const Planted& p, std::vector<JourneyInput> journeys) {
  JourneyWorld w;
  w.snapshot = &p.snapshot;
  w.journeys = std::move(journeys);
  w.email_allowed.assign(static_cast<size_t>(p.snapshot.customers.size()), true);
  w.rules.quiet_start_hour = w.rules.quiet_end_hour = 0;  // none unless a test sets them
  return w;
}

// Evaluates at `now` and appends the new rows to the world's log, as the action's commit does.
JourneyDecisions RunAt(JourneyWorld& w, Timestamp now) {
  JourneyDecisions d = EvaluateJourneys(w, now);
  w.log.insert(w.log.end(), d.log.begin(), d.log.end());
  return d;
}

// The rows as "journey customer entry step detail".
std::vector<std::string> Rows(const std::vector<JourneyLogRecord>& rows) {
  std::vector<std::string> out;
  for (const JourneyLogRecord& r : rows) {
    const std::string step = r.step == JourneyLogRecord::kEnterStep  ? "enter"
                             : r.step == JourneyLogRecord::kExitStep ? "exit"
                                                                     : std::to_string(r.step);
    out.push_back(r.journey_id + " " + r.customer_id + " " + r.entry_id + " " + step + " " +
                  r.detail + (r.holdout ? " (holdout)" : ""));
  }
  return out;
}

TEST(EvaluateJourneys, CartRecoverySendsEachStepWhenDueAndOnlyOnce) {
  Planted p(Customers{{"alice", "US"}});
  JourneyWorld w =
      World(p, {{CartJourney(), nullptr, {Trigger(p.snapshot, "alice", "cart-1", kT0)}}});
  // Half an hour after the abandonment alice enters; reminder_1 (1 hour) is not due yet. The
  // entry row carries the trigger and the event's time, at the anchor.
  JourneyDecisions d = RunAt(w, kT0 + kHour / 2);
  EXPECT_EQ(Rows(d.log),
            (std::vector<std::string>{"cart_recovery alice cart-1 enter cart_abandoned@" +
                                      std::to_string(kT0)}));
  EXPECT_EQ(d.log[0].at, kT0);
  EXPECT_TRUE(d.messages.empty());
  EXPECT_EQ(d.counts["cart_recovery"].entered, 1);
  // At the hour, reminder_1 goes out: 10:00 in New York, outside the quiet hours.
  w.rules.quiet_start_hour = 21;
  w.rules.quiet_end_hour = 8;
  d = RunAt(w, kT0 + kHour);
  ASSERT_EQ(d.messages.size(), 1u);
  const OutboxMessage& m = d.messages[0];
  EXPECT_EQ(m.id, "cart_recovery/alice/cart-1/reminder_1");
  EXPECT_EQ(m.step_id, "reminder_1");
  EXPECT_EQ(m.customer_id, "alice");
  EXPECT_EQ(m.channel, "email");
  EXPECT_EQ(m.purpose, "email_marketing");
  EXPECT_EQ(m.created_at, kT0 + kHour);
  EXPECT_EQ(m.send_after, kT0 + kHour);
  const auto payload = nlohmann::json::parse(m.payload_json);
  EXPECT_EQ(payload["entry"], "cart-1");  // the trigger's payload travels with the message
  EXPECT_EQ(payload["subject"], "You left something");
  EXPECT_FALSE(payload.contains("incentive"));
  EXPECT_EQ(Rows(d.log),
            (std::vector<std::string>{
                "cart_recovery alice cart-1 0 cart_recovery/alice/cart-1/reminder_1"}));
  // Evaluating again at the same time decides nothing.
  d = RunAt(w, kT0 + kHour);
  EXPECT_TRUE(d.log.empty());
  EXPECT_TRUE(d.messages.empty());
  // A day after the abandonment, reminder_2 carries the incentive (no bandit: "none", chosen
  // with certainty) and the entry completes.
  d = RunAt(w, kT0 + kDay);
  ASSERT_EQ(d.messages.size(), 1u);
  const auto second = nlohmann::json::parse(d.messages[0].payload_json);
  EXPECT_EQ(second["incentive"], "none");
  EXPECT_EQ(second["incentive_propensity"], 1.0);
  EXPECT_EQ(Rows(d.log), (std::vector<std::string>{
                             "cart_recovery alice cart-1 1 cart_recovery/alice/cart-1/reminder_2",
                             "cart_recovery alice cart-1 exit completed"}));
  EXPECT_TRUE(RunAt(w, kT0 + 2 * kDay).log.empty());
}

TEST(EvaluateJourneys, ALateEntryTakesOneStepARunAndKeepsTheStepsApart) {
  // Found by the CLI test: an entry evaluated late, when both reminders (1 hour and 1 day after
  // the abandonment) are already due. The first run sends reminder_1; a second run at the same
  // time must send nothing; reminder_2 follows the steps' delays apart (1 day - 1 hour) after
  // reminder_1 went out, not at once.
  Planted p(Customers{{"alice", "US"}});
  JourneyWorld w =
      World(p, {{CartJourney(), nullptr, {Trigger(p.snapshot, "alice", "cart-1", kT0)}}});
  const Timestamp late = kT0 + 2 * kDay;
  JourneyDecisions d = RunAt(w, late);
  EXPECT_EQ(Rows(d.log),
            (std::vector<std::string>{
                "cart_recovery alice cart-1 enter cart_abandoned@" + std::to_string(kT0),
                "cart_recovery alice cart-1 0 cart_recovery/alice/cart-1/reminder_1"}));
  d = RunAt(w, late);
  EXPECT_TRUE(d.log.empty());
  EXPECT_TRUE(d.messages.empty());
  EXPECT_TRUE(RunAt(w, late + kDay - kHour - 1).log.empty());
  d = RunAt(w, late + kDay - kHour);
  ASSERT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.messages[0].id, "cart_recovery/alice/cart-1/reminder_2");
}

TEST(EvaluateJourneys, APurchaseEndsTheEntryAndKeepsARecoveredCartOut) {
  // bob's reminder_1 went out an hour after he abandoned cart-1; his order at 2 hours ends the
  // entry at the next run. carol bought before her cart's trigger was first evaluated: she never
  // enters.
  Planted p(Customers{{"bob", "DE"}, {"carol", "DE"}},
            {{"bob", kT0 + 2 * kHour}, {"carol", kT0 + 10}});
  JourneyWorld w = World(
      p,
      {{CartJourney(),
        nullptr,
        {Trigger(p.snapshot, "bob", "cart-1", kT0), Trigger(p.snapshot, "carol", "cart-2", kT0)}}});
  JourneyDecisions d = RunAt(w, kT0 + kHour);
  EXPECT_EQ(Rows(d.log), (std::vector<std::string>{
                             "cart_recovery bob cart-1 enter cart_abandoned@" + std::to_string(kT0),
                             "cart_recovery bob cart-1 0 cart_recovery/bob/cart-1/reminder_1"}));
  d = RunAt(w, kT0 + 3 * kHour);
  EXPECT_EQ(Rows(d.log), (std::vector<std::string>{"cart_recovery bob cart-1 exit purchase"}));
  EXPECT_EQ(d.counts["cart_recovery"].exits["purchase"], 1);
  EXPECT_TRUE(RunAt(w, kT0 + 2 * kDay).log.empty());  // reminder_2 never goes out
}

TEST(EvaluateJourneys, ConsentIsCheckedAtTriggerTimeAndAnOptOutEndsTheEntry) {
  Planted p(Customers{{"dave", "US"}, {"erin", "US"}});
  JourneyWorld w = World(
      p,
      {{CartJourney(),
        nullptr,
        {Trigger(p.snapshot, "dave", "cart-d", kT0), Trigger(p.snapshot, "erin", "cart-e", kT0)}}});
  w.email_allowed[0] = false;  // dave never allowed email marketing
  JourneyDecisions d = RunAt(w, kT0 + 10);
  EXPECT_EQ(d.counts["cart_recovery"].not_contactable, 1);
  EXPECT_EQ(d.counts["cart_recovery"].entered, 1);
  // erin opts out before reminder_1: her entry ends, nothing is sent.
  w.email_allowed[1] = false;
  d = RunAt(w, kT0 + kHour);
  EXPECT_EQ(Rows(d.log), (std::vector<std::string>{"cart_recovery erin cart-e exit opt_out"}));
  EXPECT_TRUE(d.messages.empty());
}

TEST(EvaluateJourneys, OneJourneyAtATimeByPriority) {
  // frank is in the post-purchase journey (priority 4) when he abandons a cart (priority 1): the
  // cart journey preempts it. His win-back trigger (priority 2) meanwhile is kept out.
  Planted p(Customers{{"frank", "US"}}, {{"frank", kT0 - 20 * kDay}});
  JourneyWorld w = World(
      p, {{PostPurchaseJourney(), nullptr, {Trigger(p.snapshot, "frank", "o0", kT0 - 20 * kDay)}},
          {CartJourney(), nullptr, {}},
          {WinBackJourney(), nullptr, {}}});
  JourneyDecisions d = RunAt(w, kT0 - 20 * kDay + 60);
  EXPECT_EQ(d.messages.size(), 1u);  // cross_sell, due at once
  w.journeys[1].triggers = {Trigger(p.snapshot, "frank", "cart-f", kT0)};
  JourneyTrigger lapse = Trigger(p.snapshot, "frank", "o0", kT0);
  lapse.event_at = kT0 - 20 * kDay;  // his last order
  w.journeys[2].triggers = {lapse};
  d = RunAt(w, kT0 + 60);
  EXPECT_EQ(Rows(d.log),
            (std::vector<std::string>{
                "post_purchase frank o0 exit preempted",
                "cart_recovery frank cart-f enter cart_abandoned@" + std::to_string(kT0),
            }));
  EXPECT_EQ(d.counts["win_back"].blocked, 1);
  EXPECT_EQ(d.counts["post_purchase"].exits["preempted"], 1);
}

TEST(EvaluateJourneys, TheFrequencyCapHoldsAStepUntilTheWindowAllowsIt) {
  // At most one message per 2 days: gina's cross_sell went out at kT0; her cart's reminder_1 is
  // due at kT0 + 1h but waits until kT0 + 2 days.
  Planted p(Customers{{"gina", "US"}}, {{"gina", kT0}});
  JourneyDefinition post = PostPurchaseJourney();
  post.priority = 1;  // so the cart does not preempt it
  JourneyDefinition cart = CartJourney();
  cart.id = "cart_other";
  cart.priority = 5;
  post.exit_on_purchase = cart.exit_on_purchase = false;
  JourneyWorld w = World(p, {{post, nullptr, {Trigger(p.snapshot, "gina", "o0", kT0)}}});
  w.rules.cap_messages = 1;
  w.rules.cap_window_seconds = 2 * kDay;
  EXPECT_EQ(RunAt(w, kT0).messages.size(), 1u);
  // A second journey of another id with a lower priority would be blocked; with its own
  // priority above, it enters but its step is capped.
  cart.priority = 1;
  post.priority = 2;
  w.journeys[0].definition = post;
  w.journeys.push_back({cart, nullptr, {Trigger(p.snapshot, "gina", "cart-g", kT0 + kHour)}});
  JourneyDecisions d = RunAt(w, kT0 + 2 * kHour);
  EXPECT_EQ(d.counts["cart_other"].entered, 1);
  EXPECT_EQ(d.counts["cart_other"].capped, 1);
  EXPECT_TRUE(d.messages.empty());
  d = RunAt(w, kT0 + 2 * kDay);  // the window (kT0, kT0 + 2 days] no longer holds kT0
  ASSERT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.messages[0].id, "cart_other/gina/cart-g/reminder_1");
}

TEST(EvaluateJourneys, QuietHoursInTheCustomersZoneElseTheStores) {
  // 21:30 UTC is 22:30 in Berlin (quiet until 08:00 = 07:00 UTC) and 16:30 in New York (not
  // quiet); a customer of unknown country follows the store's zone, here Tokyo (06:30, quiet
  // until 08:00 = 23:00 UTC).
  Planted p(Customers{{"hans", "DE"}, {"ida", "US"}, {"jo", ""}});
  const Timestamp night = kT0 + 7 * kHour + kHour / 2;
  JourneyDefinition winback = WinBackJourney();
  JourneyWorld w =
      World(p, {{winback,
                 nullptr,
                 {Trigger(p.snapshot, "hans", "o1", night), Trigger(p.snapshot, "ida", "o2", night),
                  Trigger(p.snapshot, "jo", "o3", night)}}});
  w.rules.quiet_start_hour = 21;
  w.rules.quiet_end_hour = 8;
  w.rules.store_zone = TimeZone::Parse("Asia/Tokyo").value();
  JourneyDecisions d = RunAt(w, night);
  ASSERT_EQ(d.messages.size(), 3u);
  EXPECT_EQ(d.messages[0].send_after, kT0 + 17 * kHour);
  EXPECT_EQ(d.messages[1].send_after, night);
  EXPECT_EQ(d.messages[2].send_after, kT0 + 9 * kHour);
}

TEST(EvaluateJourneys, HoldoutCustomersEnterAndAreRecordedButNeverMessaged) {
  // 4,000 customers abandon a cart; the journey holds out 10% by the experiments' assignment.
  // Entered: all 4,000; held out: Binomial(4000, 0.1) = 400 ± 19 (sd sqrt(4000 * 0.1 * 0.9)),
  // so within 400 ± 76 (4 sd); each held-out customer is exactly the one the assigner puts in
  // variant 0, has a step row marked holdout and no message.
  Customers customers;
  for (int i = 0; i < 4000; ++i) customers.emplace_back("c" + std::to_string(i), "US");
  Planted p(customers);
  experiment::AssignmentSpec spec;
  spec.salt = "journey-cart_recovery";
  spec.weights = {0.1, 0.9};
  const experiment::Assigner assigner = experiment::Assigner::Create(spec).value();
  JourneyInput cart{CartJourney(), &assigner, {}};
  for (int i = 0; i < 4000; ++i) {
    cart.triggers.push_back(
        Trigger(p.snapshot, "c" + std::to_string(i), "k" + std::to_string(i), kT0));
  }
  JourneyWorld w = World(p, {cart});
  const JourneyDecisions d = RunAt(w, kT0 + kHour);
  const JourneyCounts& n = d.counts.at("cart_recovery");
  EXPECT_EQ(n.entered, 4000);
  EXPECT_NEAR(static_cast<double>(n.held_out), 400, 76);
  EXPECT_EQ(n.withheld, n.held_out);
  EXPECT_EQ(n.messaged, 4000 - n.held_out);
  EXPECT_EQ(static_cast<int64_t>(d.messages.size()), n.messaged);
  for (const JourneyLogRecord& r : d.log) {
    EXPECT_EQ(r.holdout, assigner.Assign(r.customer_id).variant == 0) << r.customer_id;
    if (r.step == 0) {
      EXPECT_EQ(r.detail.empty(), r.holdout);
    }
  }
}

TEST(EvaluateJourneys, TriggersOutsideTheEntryWindowOrNotYetDueDoNotEnter) {
  Planted p(Customers{{"kim", "US"}, {"lou", "US"}});
  JourneyTrigger late = Trigger(p.snapshot, "lou", "o9", kT0 + kDay);  // due tomorrow
  JourneyWorld w = World(
      p, {{CartJourney(), nullptr, {Trigger(p.snapshot, "kim", "old", kT0 - 8 * kDay), late}}});
  const JourneyDecisions d = RunAt(w, kT0);
  EXPECT_TRUE(d.log.empty());  // kim's cart is 8 days old (window 7); lou's is not due
}

}  // namespace
}  // namespace mercato::engage
