// The journeys' actions on a planted store: the configuration, a dry run that writes nothing, a
// run whose journey log, holdout exposures and messages land together and only once, and the
// stats with the holdout's lift.
#include "app/journey_actions.h"

#include <gtest/gtest.h>

#include "experiment/assignment.h"
#include "ingest/import_test_util.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

constexpr Timestamp kRunAt = 1717200000;  // 2024-06-01T00:00:00Z: 20:00 in New York
constexpr Timestamp kAnHour = 3600, kADay = 86400;

class JourneyActionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = mercato::testing::FreshDir();
    db_ = dir + "/store.db";
    auto store = mercato::testing::FreshStore(dir);
    Product mug;
    mug.sku = "MUG";
    mug.title = "Speckled Mug";
    ASSERT_TRUE(store->Put(&mug).ok());
    // ann and cy allow email marketing, bob does not; all three live in the US.
    for (const char* id : {"ann", "bob", "cy"}) AddCustomer(*store, id, std::string(id) != "bob");
    // ann and bob abandoned a cart two hours ago; cy abandoned hers 30 hours ago and ordered
    // 10 hours later.
    AddCart(*store, "cart-ann", "ann", kRunAt - 2 * kAnHour);
    AddCart(*store, "cart-bob", "bob", kRunAt - 2 * kAnHour);
    AddCart(*store, "cart-cy", "cy", kRunAt - 30 * kAnHour);
    AddOrder(*store, "O-cy", "cy", kRunAt - 20 * kAnHour, 1);
  }

  static void AddCustomer(Store& store, const std::string& id, bool consent) {
    Customer c;
    c.id = id;
    c.email = id + "@example.com";
    c.country = "US";
    ASSERT_TRUE(store.Put(&c).ok());
    Consent choice{id, "email_marketing", consent, kRunAt - 100 * kADay, "signup"};
    ASSERT_TRUE(store.Put(&choice).ok());
  }
  static void AddCart(Store& store, const std::string& id, const std::string& customer,
                      Timestamp abandoned) {
    Cart cart;
    cart.id = id;
    cart.customer_id = customer;
    cart.started_at = abandoned - 120;
    cart.updated_at = abandoned - 60;
    cart.abandoned_at = abandoned;
    cart.currency = "USD";
    ASSERT_TRUE(store.Put(&cart).ok());
    CartItem item{id, "MUG", 2, 18.0};
    ASSERT_TRUE(store.Put(&item).ok());
  }
  static void AddOrder(Store& store, const std::string& id, const std::string& customer,
                       Timestamp ts, int64_t mugs) {
    Order o;
    o.id = id;
    o.customer_id = customer;
    o.ts = ts;
    ASSERT_TRUE(store.Put(&o).ok());
    OrderLine line;
    line.order_id = id;
    line.line_no = 1;
    line.sku = "MUG";
    line.quantity = mugs;
    line.unit_price = 18.0;
    ASSERT_TRUE(store.Put(&line).ok());
  }

  JourneyRunOptions Run(Timestamp now, bool dry_run = false) const {
    JourneyRunOptions o;
    o.journeys.db = db_;
    o.journeys.journeys = {"cart_recovery"};
    o.journeys.holdout = 0;
    o.now = now;
    o.dry_run = dry_run;
    return o;
  }
  int64_t LogRows() const {
    auto store = OpenStore(db_).value();
    int64_t n = 0;
    EXPECT_TRUE(store
                    ->ForEachJourneyLog([&](const JourneyLogRecord&) {
                      ++n;
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }
  std::vector<OutboxMessage> Outbox() const {
    return OpenStore(db_).value()->ListOutbox("cart_recovery", 0).value();
  }

  std::string db_;
};

TEST(ConfiguredJourneys, TheFourDefaultsInPriorityOrderAndClearErrors) {
  const auto journeys = ConfiguredJourneys(JourneyOptions{}).value();
  ASSERT_EQ(journeys.size(), 4u);
  EXPECT_EQ(journeys[0].id, "cart_recovery");
  EXPECT_EQ(journeys[0].priority, 1);
  EXPECT_EQ(journeys[0].steps.size(), 2u);
  EXPECT_EQ(journeys[0].steps[0].delay_seconds, kAnHour);
  EXPECT_TRUE(journeys[0].steps[1].incentive);
  EXPECT_EQ(journeys[1].id, "win_back");
  EXPECT_EQ(journeys[1].entry_window_seconds, 45 * kADay);  // the lead
  EXPECT_EQ(journeys[2].id, "vip");
  EXPECT_FALSE(journeys[2].exit_on_purchase);
  EXPECT_EQ(journeys[3].id, "post_purchase");
  EXPECT_EQ(journeys[3].priority, 4);
  EXPECT_DOUBLE_EQ(journeys[3].holdout, 0.10);
  JourneyOptions bad;
  bad.journeys = {"cart_recovery", "newsletter"};
  EXPECT_NE(ConfiguredJourneys(bad).status().message().find("unknown journey 'newsletter'"),
            std::string::npos);
  bad = JourneyOptions{};
  bad.cart_steps = {"1h", "soon"};
  EXPECT_NE(ConfiguredJourneys(bad).status().message().find("--cart-steps"), std::string::npos);
  bad = JourneyOptions{};
  bad.holdout = 0.7;
  EXPECT_NE(ConfiguredJourneys(bad).status().message().find("holdout"), std::string::npos);
  EXPECT_EQ(JourneyExperimentKey("cart_recovery"), "journey-cart-recovery");
}

TEST_F(JourneyActionsTest, ADryRunDecidesButWritesNothing) {
  const JourneyRunReport report = RunJourneys(Run(kRunAt, /*dry_run=*/true)).value();
  const engage::JourneyCounts& n = report.decisions.counts.at("cart_recovery");
  // ann enters and her first reminder (an hour after the abandonment) is due; bob may not be
  // emailed; cy bought after abandoning.
  EXPECT_EQ(n.entered, 1);
  EXPECT_EQ(n.messaged, 1);
  EXPECT_EQ(n.not_contactable, 1);
  ASSERT_EQ(report.decisions.messages.size(), 1u);
  EXPECT_EQ(report.decisions.messages[0].id, "cart_recovery/ann/cart-ann/reminder_1");
  EXPECT_EQ(report.decisions.messages[0].send_after, kRunAt);  // 20:00 in New York: not quiet
  EXPECT_EQ(LogRows(), 0);
  EXPECT_TRUE(Outbox().empty());
  const nlohmann::json printed = JourneyRunJson(report);
  EXPECT_EQ(printed["dry_run"], true);
  EXPECT_EQ(printed["decisions"][1]["message"]["payload"]["items"][0]["sku"], "MUG");
}

TEST_F(JourneyActionsTest, ARunWritesTheLogAndTheMessagesOnceAndTheStatsCountThem) {
  JourneyRunReport report = RunJourneys(Run(kRunAt)).value();
  EXPECT_EQ(report.log_rows_written, 2);  // ann's entry and her first step
  EXPECT_EQ(report.messages_enqueued, 1);
  EXPECT_EQ(LogRows(), 2);
  std::vector<OutboxMessage> outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].status, "pending");
  EXPECT_EQ(outbox[0].customer_id, "ann");
  // The same time again: nothing new.
  report = RunJourneys(Run(kRunAt)).value();
  EXPECT_EQ(report.log_rows_written, 0);
  EXPECT_EQ(report.messages_enqueued, 0);
  EXPECT_TRUE(report.decisions.log.empty());
  // A day later the second reminder carries the bandit's incentive, and the entry completes.
  report = RunJourneys(Run(kRunAt + kADay)).value();
  EXPECT_EQ(report.messages_enqueued, 1);
  EXPECT_EQ(report.log_rows_written, 2);
  outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  const auto payload = nlohmann::json::parse(outbox[0].payload_json);  // newest first
  EXPECT_EQ(payload["step"], "reminder_2");
  EXPECT_TRUE(payload.contains("incentive"));
  EXPECT_GT(payload["incentive_propensity"].get<double>(), 0);
  // ann orders 2 mugs two days after entering: converted, 36.00 of revenue (2 x 18.00).
  {
    auto store = OpenStore(db_).value();
    AddOrder(*store, "O-ann", "ann", kRunAt + 2 * kADay, 2);
  }
  JourneyStatsOptions stats_options;
  stats_options.journeys = Run(kRunAt).journeys;
  stats_options.id = "cart_recovery";
  stats_options.now = kRunAt + 3 * kADay;
  const JourneyStats stats = ReportJourneyStats(stats_options).value();
  EXPECT_EQ(stats.entered, 1);
  EXPECT_EQ(stats.messaged, 2);
  EXPECT_EQ(stats.treated.entered, 1);
  EXPECT_EQ(stats.treated.converted, 1);
  EXPECT_DOUBLE_EQ(stats.treated.revenue, 36.0);
  EXPECT_EQ(stats.holdout.entered, 0);
  EXPECT_FALSE(stats.lift.has_value());  // no holdout, no experiment
  stats_options.id = "newsletter";
  EXPECT_EQ(ReportJourneyStats(stats_options).status().code(), StatusCode::kNotFound);
}

TEST_F(JourneyActionsTest, TheHoldoutIsTheJourneysExperimentAndItsCustomersGetNoMessage) {
  // 40 more customers abandon a cart; half are held out. Each entry is exposed to the journey's
  // experiment in the arm the experiments' assignment gives it, and only the messaged arm's
  // customers have a message.
  {
    auto store = OpenStore(db_).value();
    for (int i = 0; i < 40; ++i) {
      const std::string id = "c" + std::to_string(i);
      AddCustomer(*store, id, true);
      AddCart(*store, "cart-" + id, id, kRunAt - 2 * kAnHour);
    }
  }
  JourneyRunOptions run = Run(kRunAt);
  run.journeys.holdout = 0.5;
  const JourneyRunReport report = RunJourneys(run).value();
  EXPECT_EQ(report.exposures_recorded, 41);  // the 40 and ann
  auto store = OpenStore(db_).value();
  auto experiment = store->GetExperiment("journey-cart-recovery").value();
  ASSERT_TRUE(experiment.has_value());
  experiment::AssignmentSpec spec;
  spec.salt = "journey-cart-recovery";
  spec.weights = {0.5, 0.5};
  const auto assigner = experiment::Assigner::Create(spec).value();
  int64_t held_out = 0;
  ASSERT_TRUE(store
                  ->ForEachExposure("journey-cart-recovery",
                                    [&](const Exposure& e) {
                                      const bool holdout = assigner.Assign(e.unit).variant == 0;
                                      EXPECT_EQ(e.variant, holdout ? "holdout" : "messaged");
                                      held_out += holdout;
                                      return Status::Ok();
                                    })
                  .ok());
  EXPECT_EQ(static_cast<int64_t>(Outbox().size()), 41 - held_out);
  for (const OutboxMessage& m : Outbox()) {
    EXPECT_EQ(assigner.Assign(m.customer_id).variant, 1) << m.customer_id;
  }
  JourneyStatsOptions stats_options;
  stats_options.journeys = run.journeys;
  stats_options.id = "cart_recovery";
  stats_options.now = kRunAt + kADay;
  const JourneyStats stats = ReportJourneyStats(stats_options).value();
  EXPECT_EQ(stats.holdout.entered, held_out);
  EXPECT_EQ(stats.treated.entered, 41 - held_out);
  ASSERT_TRUE(stats.lift.has_value());
  EXPECT_EQ((*stats.lift)["experiment"], "journey-cart-recovery");
  EXPECT_EQ((*stats.lift)["control"], "holdout");
  // Several journeys at once (the dashboard's page): each as asked alone, in the order asked; a
  // journey nobody entered has no figures and no experiment.
  JourneyOptions both = run.journeys;
  both.journeys = {"cart_recovery", "win_back"};
  const std::vector<JourneyStats> all =
      ReportJourneysStats(both, {"win_back", "cart_recovery"}, kRunAt + kADay).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "win_back");
  EXPECT_EQ(all[0].entered, 0);
  EXPECT_FALSE(all[0].lift.has_value());
  EXPECT_EQ(JourneyStatsJson(all[1]), JourneyStatsJson(stats));
  EXPECT_EQ(ReportJourneysStats(both, {"cart_recovery", "newsletter"}).status().code(),
            StatusCode::kNotFound);
}

TEST_F(JourneyActionsTest, TheBanditLearnsFromDeliveredIncentivesAndImportedIncentiveEmails) {
  // ann's incentive reminder (a day after the first run) is delivered 14 hours later and she
  // orders 10 hours after that; every message is delivered.
  ASSERT_TRUE(RunJourneys(Run(kRunAt)).ok());
  ASSERT_TRUE(RunJourneys(Run(kRunAt + kADay)).ok());
  const Timestamp delivered = kRunAt + kADay + 14 * kAnHour;
  {
    auto store = OpenStore(db_).value();
    const std::vector<OutboxMessage> claimed = store->ClaimOutbox(delivered, 60, 10).value();
    std::vector<OutboxOutcome> outcomes;
    for (const OutboxMessage& m : claimed) {
      outcomes.push_back({m.id, std::string(kOutboxDelivered), delivered, 0, ""});
    }
    ASSERT_EQ(outcomes.size(), 2u);  // ann's two reminders; only the second has an incentive
    ASSERT_EQ(store->RecordOutboxOutcomes(outcomes).value(), 2);
    AddOrder(*store, "O-ann", "ann", kRunAt + 2 * kADay, 2);
    // Imported from an ESP: cy got urgency ten days ago (her order came 9 days later: not
    // converted); bob's incentive is unknown, and a newsletter is no incentive decision.
    std::vector<Event> events(3);
    events[0] = {"e1", "", "cy", kRunAt - 10 * kADay, "email_sent",
                 "",   "", 36.0, "incentive:urgency"};
    events[1] = {"e2", "", "bob", kRunAt - 10 * kADay,  "email_sent",
                 "",   "", 36.0,  "incentive:free_pony"};
    events[2] = {"e3", "", "ann", kRunAt - 10 * kADay, "email_sent", "", "", {}, "newsletter"};
    ASSERT_TRUE(store->InsertEvents(events).ok());
  }
  // Two days later ann's reminder's 3-day window is still open: only cy's email is learned from.
  JourneyRunReport report = RunJourneys(Run(kRunAt + 2 * kADay, /*dry_run=*/true)).value();
  EXPECT_EQ(report.incentive_outcomes, 1);
  // Five days later both are.
  report = RunJourneys(Run(kRunAt + 5 * kADay, /*dry_run=*/true)).value();
  EXPECT_EQ(report.incentive_outcomes, 2);
  const nlohmann::json run = JourneyRunJson(report);
  EXPECT_EQ(run["bandit"]["outcomes"], 2);
  EXPECT_EQ(run["bandit"]["window_seconds"], 3 * kADay);
  JourneyRunOptions zero = Run(kRunAt, /*dry_run=*/true);
  zero.journeys.incentive_window = "0";
  EXPECT_NE(RunJourneys(zero).status().message().find("--incentive-window"), std::string::npos);
}

}  // namespace
}  // namespace mercato::app
