// The storefront triggers on a planted store: browse abandoned, back in stock, price drop and
// checkout abandoned fire for the shoppers they should and not for those who carted or bought;
// their journeys end on a purchase; a cart that reached checkout goes to one journey, the one of
// higher priority.
#include "app/journey_event_triggers.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/journey_actions.h"
#include "ingest/import_test_util.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

using engage::JourneyTrigger;

constexpr Timestamp kShopNow = 1717200000;  // 2024-06-01T00:00:00Z
constexpr Timestamp kShopHour = 3600, kShopDay = 86400;

class EventTriggersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = mercato::testing::FreshDir();
    db_ = dir + "/store.db";
    auto store = mercato::testing::FreshStore(dir);
    for (const auto& [sku, price] : {std::pair{"MUG", 20.0},
                                     {"LAMP", 50.0},
                                     {"VASE", 30.0},
                                     {"BOOT", 80.0},
                                     {"GLOVE", 15.0},
                                     {"SCARF", 40.0},
                                     {"HAT", 10.0}}) {
      Product p;
      p.sku = sku;
      p.title = std::string("The ") + sku;
      p.price = price;
      ASSERT_TRUE(store->Put(&p).ok());
    }
    for (const char* id : {"ann", "bob", "cy", "dee", "eve", "fay", "gus", "hal", "ivy", "jo",
                           "kim", "lee", "max", "ned", "oli"}) {
      Customer c;
      c.id = id;
      c.email = std::string(id) + "@example.com";
      c.country = "US";
      ASSERT_TRUE(store->Put(&c).ok());
      Consent yes{id, "email_marketing", true, kShopNow - 100 * kShopDay, "signup"};
      ASSERT_TRUE(store->Put(&yes).ok());
    }
    // Browsing: ann looks at the mug and then the lamp half an hour later, and at a vase the day
    // before; bob carts the mug he looked at; cy orders after looking at a vase; dee looked at a
    // vase an hour ago (not yet two hours without a cart).
    AddEvent(*store, "ann", "view", "VASE", kShopNow - 30 * kShopHour);
    AddEvent(*store, "ann", "view", "MUG", kShopNow - 5 * kShopHour);
    AddEvent(*store, "ann", "view", "LAMP", kShopNow - 9 * kShopHour / 2);
    AddEvent(*store, "bob", "view", "MUG", kShopNow - 5 * kShopHour);
    AddEvent(*store, "bob", "add_to_cart", "MUG", kShopNow - 5 * kShopHour + 300);
    AddEvent(*store, "cy", "view", "VASE", kShopNow - 6 * kShopHour);
    AddOrder(*store, "O-cy", "cy", "VASE", kShopNow - 5 * kShopHour);
    AddEvent(*store, "dee", "view", "VASE", kShopNow - kShopHour);
    // Boots: 5 in the main store, sold out three days ago, 12 back yesterday; the outlet never
    // had any. Gloves: out in the main store while the outlet had 4, so never out of stock.
    AddLevel(*store, "BOOT", "main", kShopNow - 10 * kShopDay, 5);
    AddLevel(*store, "BOOT", "outlet", kShopNow - 10 * kShopDay, 0);
    AddLevel(*store, "BOOT", "main", kShopNow - 3 * kShopDay, 0);
    AddLevel(*store, "BOOT", "main", kShopNow - kShopDay, 12);
    AddLevel(*store, "GLOVE", "main", kShopNow - 10 * kShopDay, 3);
    AddLevel(*store, "GLOVE", "outlet", kShopNow - 10 * kShopDay, 4);
    AddLevel(*store, "GLOVE", "main", kShopNow - 3 * kShopDay, 0);
    AddLevel(*store, "GLOVE", "main", kShopNow - kShopDay, 6);
    // eve looked at the boots while they were out, fay carted them, gus looked and bought a pair
    // (before they sold out in his size, say), hal looked 40 days ago (beyond the 30-day
    // lookback); eve looked at the gloves too.
    AddEvent(*store, "eve", "view", "BOOT", kShopNow - 2 * kShopDay);
    AddEvent(*store, "fay", "add_to_cart", "BOOT", kShopNow - 5 * kShopDay / 2);
    AddEvent(*store, "gus", "view", "BOOT", kShopNow - 2 * kShopDay);
    AddOrder(*store, "O-gus", "gus", "BOOT", kShopNow - 40 * kShopHour);
    AddEvent(*store, "hal", "view", "BOOT", kShopNow - 40 * kShopDay);
    AddEvent(*store, "eve", "view", "GLOVE", kShopNow - 2 * kShopDay);
    // The scarf is 25% off from two days ago for a week: 40.00 -> 30.00. kim saw it at 40.00;
    // lee saw it and bought it; max saw it already reduced; ned's storefront showed him 28.00.
    // The hat was 8.00 from five days ago until yesterday: over before now; oli saw it at 10.00.
    AddPromotion(*store, "P-scarf", "SCARF", kShopNow - 2 * kShopDay, kShopNow + 5 * kShopDay,
                 std::nullopt, 25);
    AddPromotion(*store, "P-hat", "HAT", kShopNow - 5 * kShopDay, kShopNow - kShopDay, 8.0,
                 std::nullopt);
    AddEvent(*store, "kim", "view", "SCARF", kShopNow - 5 * kShopDay);
    AddEvent(*store, "lee", "view", "SCARF", kShopNow - 5 * kShopDay);
    AddOrder(*store, "O-lee", "lee", "SCARF", kShopNow - 3 * kShopDay);
    AddEvent(*store, "max", "view", "SCARF", kShopNow - kShopDay);
    AddEvent(*store, "ned", "view", "SCARF", kShopNow - 4 * kShopDay, 28.0);
    AddEvent(*store, "oli", "view", "HAT", kShopNow - 6 * kShopDay);
    // Carts abandoned two hours ago: ivy's reached checkout (a checkout_started event in its
    // session), jo's did not.
    AddCart(*store, "cart-ivy", "ivy", "s-ivy", kShopNow - 2 * kShopHour);
    AddEvent(*store, "ivy", "checkout_started", "", kShopNow - 3 * kShopHour, std::nullopt,
             "s-ivy");
    AddCart(*store, "cart-jo", "jo", "s-jo", kShopNow - 2 * kShopHour);
  }

  void AddEvent(Store& store, const std::string& customer, const std::string& type,
                const std::string& sku, Timestamp ts, std::optional<double> value = std::nullopt,
                const std::string& session = "") {
    Event e;
    e.id = "E" + std::to_string(++events_);
    e.customer_id = customer;
    e.type = type;
    e.sku = sku;
    e.ts = ts;
    e.value = value;
    e.session_id = session;
    ASSERT_TRUE(store.Put(&e).ok());
  }
  static void AddOrder(Store& store, const std::string& id, const std::string& customer,
                       const std::string& sku, Timestamp ts) {
    Order o;
    o.id = id;
    o.customer_id = customer;
    o.ts = ts;
    ASSERT_TRUE(store.Put(&o).ok());
    OrderLine line{id, 1, sku, "", 1, 10.0, std::nullopt};
    ASSERT_TRUE(store.Put(&line).ok());
  }
  static void AddLevel(Store& store, const std::string& sku, const std::string& location,
                       Timestamp ts, int64_t on_hand) {
    InventoryLevel level{sku, location, ts, on_hand, std::nullopt};
    ASSERT_TRUE(store.Put(&level).ok());
  }
  static void AddPromotion(Store& store, const std::string& id, const std::string& sku,
                           Timestamp start, Timestamp end, std::optional<double> price,
                           std::optional<double> pct) {
    Promotion p;
    p.id = id;
    p.sku = sku;
    p.start = start;
    p.end = end;
    p.price = price;
    p.discount_pct = pct;
    ASSERT_TRUE(store.Put(&p).ok());
  }
  static void AddCart(Store& store, const std::string& id, const std::string& customer,
                      const std::string& session, Timestamp abandoned) {
    Cart cart;
    cart.id = id;
    cart.customer_id = customer;
    cart.session_id = session;
    cart.started_at = abandoned - 2 * kShopHour;
    cart.updated_at = abandoned - kShopHour;
    cart.abandoned_at = abandoned;
    ASSERT_TRUE(store.Put(&cart).ok());
    CartItem item{id, "MUG", 1, 20.0};
    ASSERT_TRUE(store.Put(&item).ok());
  }

  // The snapshot and the activity the run at `now` reads (the 14-day entry window and the
  // 30-day lookback before it).
  void Load(Timestamp now) {
    store_ = OpenStore(db_).value();
    SnapshotOptions until;
    until.until = now + 1;
    snapshot_ = LoadSnapshot(*store_, until).value();
    activity_ = LoadRecentActivity(*store_, snapshot_, now - 44 * kShopDay, now + 1).value();
  }
  std::vector<std::string> Customers(const std::vector<JourneyTrigger>& triggers) const {
    std::vector<std::string> out;
    for (const JourneyTrigger& t : triggers) out.push_back(snapshot_.customers.Key(t.customer));
    std::sort(out.begin(), out.end());
    return out;
  }
  JourneyRunOptions Run(Timestamp now, std::vector<std::string> journeys) const {
    JourneyRunOptions o;
    o.journeys.db = db_;
    o.journeys.journeys = std::move(journeys);
    o.journeys.holdout = 0;
    o.journeys.quiet_start = o.journeys.quiet_end = 0;
    o.now = now;
    return o;
  }

  std::string db_;
  int events_ = 0;
  std::unique_ptr<Store> store_;
  Snapshot snapshot_;
  RecentActivity activity_;
};

TEST_F(EventTriggersTest, ABrowseWithoutACartOrAnOrderIsAbandonedTwoHoursAfterItsLastView) {
  Load(kShopNow);
  const std::vector<JourneyTrigger> triggers =
      BrowseTriggers(snapshot_, activity_, 2 * kShopHour, kShopNow);
  // ann twice (the vase a day before, then the mug and the lamp half an hour apart: one
  // browse); not bob (carted), cy (ordered an hour after looking), dee (an hour ago), fay
  // (carted) nor ivy (checkout). Those of the other tests who only looked do: eve (boots and
  // gloves at once: one browse), hal, kim, max, ned, oli; and gus and lee, who ordered only
  // after the two hours (the evaluation keeps them out: an order after the trigger's event).
  EXPECT_EQ(Customers(triggers), (std::vector<std::string>{"ann", "ann", "eve", "gus", "hal", "kim",
                                                           "lee", "max", "ned", "oli"}));
  const auto ann = std::find_if(triggers.begin(), triggers.end(), [&](const JourneyTrigger& t) {
    return snapshot_.customers.Key(t.customer) == "ann" &&
           t.event_at == kShopNow - 9 * kShopHour / 2;
  });
  ASSERT_NE(ann, triggers.end());
  EXPECT_EQ(ann->entry_id, "viewed-" + FormatTimestamp(kShopNow - 5 * kShopHour));
  EXPECT_EQ(ann->due_at, kShopNow - 5 * kShopHour / 2);  // 4.5 h ago + 2 h
  ASSERT_EQ(ann->payload["items"].size(), 2u);           // the latest first
  EXPECT_EQ(ann->payload["items"][0]["sku"], "LAMP");
  EXPECT_EQ(ann->payload["items"][0]["title"], "The LAMP");
  EXPECT_EQ(ann->payload["items"][0]["price"], 50.0);
  EXPECT_EQ(ann->payload["items"][1]["sku"], "MUG");
  // With a 26-hour delay ann's two looks are one browse, not yet abandoned at now.
  const auto one = BrowseTriggers(snapshot_, activity_, 26 * kShopHour, kShopNow);
  EXPECT_EQ(std::count_if(one.begin(), one.end(),
                          [&](const JourneyTrigger& t) {
                            return snapshot_.customers.Key(t.customer) == "ann";
                          }),
            0);
}

TEST_F(EventTriggersTest, BackInStockWhenTheTotalOverLocationsComesBackAboveZero) {
  Load(kShopNow);
  const std::vector<JourneyTrigger> triggers =
      BackInStockTriggers(snapshot_, activity_, 30 * kShopDay, 14 * kShopDay, kShopNow);
  // eve looked and fay carted within 30 days before the restock; gus bought, hal looked 40 days
  // ago; the gloves never ran out over both locations.
  EXPECT_EQ(Customers(triggers), (std::vector<std::string>{"eve", "fay"}));
  for (const JourneyTrigger& t : triggers) {
    EXPECT_EQ(t.due_at, kShopNow - kShopDay);
    EXPECT_EQ(t.event_at, kShopNow - kShopDay);
    EXPECT_EQ(t.entry_id, "BOOT@" + FormatTimestamp(kShopNow - kShopDay));
    EXPECT_EQ(t.payload["items"][0]["sku"], "BOOT");
    EXPECT_EQ(t.payload["restocked_at"], FormatTimestamp(kShopNow - kShopDay));
  }
  // A restock older than the entry window is not one.
  EXPECT_TRUE(
      BackInStockTriggers(snapshot_, activity_, 30 * kShopDay, kShopHour, kShopNow).empty());
}

TEST_F(EventTriggersTest, PriceDropWhenAPromotionStartsBelowThePriceSeen) {
  Load(kShopNow);
  const ItemPrices prices(snapshot_);
  const int32_t scarf = snapshot_.items.Find("SCARF"), hat = snapshot_.items.Find("HAT");
  EXPECT_EQ(prices.At(scarf, kShopNow - 5 * kShopDay), 40.0);  // the catalog's
  EXPECT_EQ(prices.At(scarf, kShopNow), 30.0);                 // 40.00 less 25%
  EXPECT_EQ(prices.At(hat, kShopNow - 3 * kShopDay), 8.0);     // the promotion's own price
  EXPECT_EQ(prices.At(hat, kShopNow), 10.0);                   // ended yesterday
  const std::vector<JourneyTrigger> triggers =
      PriceDropTriggers(snapshot_, activity_, 30 * kShopDay, 14 * kShopDay, kShopNow);
  // kim saw 40.00; lee bought the scarf, max saw it at 30.00, ned was shown 28.00; the hat's
  // promotion is over.
  EXPECT_EQ(Customers(triggers), (std::vector<std::string>{"kim"}));
  ASSERT_EQ(triggers.size(), 1u);
  EXPECT_EQ(triggers[0].due_at, kShopNow - 2 * kShopDay);
  EXPECT_EQ(triggers[0].entry_id, "SCARF@" + FormatTimestamp(kShopNow - 2 * kShopDay));
  EXPECT_EQ(triggers[0].payload["items"][0]["price"], 30.0);
  EXPECT_EQ(triggers[0].payload["items"][0]["was"], 40.0);
  EXPECT_EQ(triggers[0].payload["viewed_at"], FormatTimestamp(kShopNow - 5 * kShopDay));
}

TEST_F(EventTriggersTest, ACartReachedCheckoutByItsSessionsEventOrTheSweepsId) {
  {
    auto store = OpenStore(db_).value();
    AddCart(*store, "checkout:s-max", "max", "s-max", kShopNow - 2 * kShopHour);
  }
  Load(kShopNow);
  const auto at = CartsAtCheckout(*store_, activity_, {"cart-ivy", "cart-jo", "checkout:s-max"});
  ASSERT_TRUE(at.ok()) << at.status().message();
  EXPECT_EQ(at.value(), (std::set<std::string>{"cart-ivy", "checkout:s-max"}));
}

TEST_F(EventTriggersTest, ACartAtCheckoutGoesToTheJourneyOfHigherPriorityOnly) {
  // Cart recovery first: ivy's cart is cart recovery's too, the checkout journey gets nothing.
  JourneyRunOptions cart_first = Run(kShopNow, {"cart_recovery", "checkout_recovery"});
  cart_first.dry_run = true;
  JourneyRunReport report = RunJourneys(cart_first).value();
  EXPECT_EQ(report.decisions.counts.at("cart_recovery").entered, 2);
  EXPECT_EQ(report.decisions.counts.at("checkout_recovery").entered, 0);
  EXPECT_EQ(report.decisions.counts.at("checkout_recovery").blocked, 0);
  // Checkout recovery first: ivy's cart is a checkout, jo's a cart; neither is blocked, each is
  // offered to one journey.
  report = RunJourneys(Run(kShopNow, {"checkout_recovery", "cart_recovery"})).value();
  EXPECT_EQ(report.decisions.counts.at("checkout_recovery").entered, 1);
  EXPECT_EQ(report.decisions.counts.at("cart_recovery").entered, 1);
  EXPECT_EQ(report.decisions.counts.at("cart_recovery").blocked, 0);
  std::vector<std::string> ids;
  for (const OutboxMessage& m : report.decisions.messages) ids.push_back(m.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"cart_recovery/jo/cart-jo/reminder_1",
                                           "checkout_recovery/ivy/cart-ivy/reminder_1"}));
  // A day later the second checkout reminder (with the bandit's incentive) completes ivy's
  // entry; a later run does not start cart recovery for the same cart.
  report = RunJourneys(Run(kShopNow + kShopDay, {"checkout_recovery", "cart_recovery"})).value();
  const auto second =
      std::find_if(report.decisions.messages.begin(), report.decisions.messages.end(),
                   [](const OutboxMessage& m) { return m.customer_id == "ivy"; });
  ASSERT_NE(second, report.decisions.messages.end());
  EXPECT_EQ(second->step_id, "reminder_2");
  EXPECT_TRUE(nlohmann::json::parse(second->payload_json).contains("incentive"));
  EXPECT_EQ(report.decisions.counts.at("checkout_recovery").exits["completed"], 1);
  report =
      RunJourneys(Run(kShopNow + 2 * kShopDay, {"checkout_recovery", "cart_recovery"})).value();
  EXPECT_EQ(report.decisions.counts.at("cart_recovery").entered, 0);
  EXPECT_EQ(report.decisions.counts.at("checkout_recovery").entered, 0);
}

TEST_F(EventTriggersTest, EachJourneyEndsOnAPurchase) {
  // Two steps each, so that an entry is still open after the first run.
  JourneyRunOptions run =
      Run(kShopNow, {"checkout_recovery", "back_in_stock", "price_drop", "browse_abandonment"});
  run.journeys.checkout_steps = run.journeys.back_in_stock_steps = {"0", "3d"};
  run.journeys.price_drop_steps = run.journeys.browse_steps = {"0", "3d"};
  run.journeys.cap_messages = 10;
  JourneyRunReport report = RunJourneys(run).value();
  // ivy (checkout), eve and fay (boots; eve's browse is blocked by the boots, of higher
  // priority), kim (scarf; her browse too), and the browses of ann (the older one; the newer is
  // blocked by it), max, ned and oli; hal's browse is older than the 14-day entry window, gus and
  // lee ordered since theirs.
  EXPECT_EQ(report.decisions.counts.at("checkout_recovery").entered, 1);
  EXPECT_EQ(report.decisions.counts.at("back_in_stock").entered, 2);
  EXPECT_EQ(report.decisions.counts.at("price_drop").entered, 1);
  EXPECT_EQ(report.decisions.counts.at("browse_abandonment").entered, 4);
  EXPECT_EQ(report.decisions.counts.at("browse_abandonment").blocked, 3);  // eve, kim, ann's 2nd
  // ivy, eve, kim and ann order an hour later: their entries end with "purchase".
  {
    auto store = OpenStore(db_).value();
    for (const char* c : {"ivy", "eve", "kim", "ann"}) {
      AddOrder(*store, std::string("O2-") + c, c, "MUG", kShopNow + kShopHour);
    }
  }
  run.now = kShopNow + 2 * kShopHour;
  report = RunJourneys(run).value();
  for (const char* journey : {"checkout_recovery", "back_in_stock", "price_drop"}) {
    EXPECT_EQ(report.decisions.counts.at(journey).exits["purchase"], 1) << journey;
  }
  EXPECT_EQ(report.decisions.counts.at("browse_abandonment").exits["purchase"], 1);  // ann
  // dee's look an hour before the first run is two hours old now: she enters, alone.
  EXPECT_EQ(report.decisions.counts.at("browse_abandonment").entered, 1);
  ASSERT_FALSE(report.decisions.messages.empty());
  EXPECT_EQ(report.decisions.messages.back().id,
            "browse_abandonment/dee/viewed-" + FormatTimestamp(kShopNow - kShopHour) + "/browse_1");
}

}  // namespace
}  // namespace mercato::app
