// ListAbandonedCarts: recorded and timed-out checkouts, newest first, with the shopper, their
// consent and the cart's items; completed and (unless asked) recovered carts left out.
#include "app/cart_actions.h"

#include <gtest/gtest.h>

#include "ingest/import_test_util.h"

namespace mercato::app {
namespace {

constexpr Timestamp kNow = 1717200000;  // 2024-06-01T00:00:00Z
constexpr Timestamp kHour = 3600;

class AbandonedCartsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = mercato::testing::FreshDir();
    db_ = dir + "/store.db";
    auto store = mercato::testing::FreshStore(dir);
    Product mug;
    mug.sku = "MUG";
    mug.title = "Speckled Mug";
    ASSERT_TRUE(store->Put(&mug).ok());
    for (const char* id : {"ann", "bob"}) {
      Customer c;
      c.id = id;
      c.email = std::string(id) + "@example.com";
      c.first_name = id;
      ASSERT_TRUE(store->Put(&c).ok());
    }
    Consent yes{"ann", "email_marketing", true, kNow - 100 * kHour, "signup"};
    ASSERT_TRUE(store->Put(&yes).ok());
    Consent no{"bob", "email_marketing", false, kNow - 100 * kHour, "signup"};
    ASSERT_TRUE(store->Put(&no).ok());
    // marked: abandoned a day ago, recorded by the server's sweep.
    AddCart(*store, "marked", "ann", kNow - 30 * kHour, kNow - 24 * kHour, {}, "", 2, 18.0);
    // open: a checkout last touched 3 h ago, never completed: abandoned 1 h after that.
    AddCart(*store, "open", "bob", kNow - 3 * kHour, {}, {}, "", 1, 18.0);
    // fresh: touched 10 min ago, still within the delay.
    AddCart(*store, "fresh", "ann", kNow - 600, {}, {}, "", 1, 18.0);
    // done: completed into an order.
    AddCart(*store, "done", "ann", kNow - 50 * kHour, {}, kNow - 49 * kHour, "O1", 1, 18.0);
    // back: abandoned, then the shopper came back and ordered.
    AddCart(*store, "back", "bob", kNow - 80 * kHour, kNow - 79 * kHour, {}, "O2", 1, 18.0);
    // guest: nobody known; abandoned ten days ago.
    AddCart(*store, "guest", "", kNow - 241 * kHour, kNow - 240 * kHour, {}, "", 3, 18.0);
  }

  static void AddCart(Store& store, const std::string& id, const std::string& customer,
                      Timestamp updated, std::optional<Timestamp> abandoned,
                      std::optional<Timestamp> completed, const std::string& order,
                      int64_t quantity, double price) {
    Cart cart;
    cart.id = id;
    cart.customer_id = customer;
    cart.started_at = updated - 60;
    cart.updated_at = updated;
    cart.abandoned_at = abandoned;
    cart.completed_at = completed;
    cart.order_id = order;
    cart.currency = "USD";
    ASSERT_TRUE(store.Put(&cart).ok());
    CartItem item{id, "MUG", quantity, price};
    ASSERT_TRUE(store.Put(&item).ok());
  }

  AbandonedCartsOptions Options() const {
    AbandonedCartsOptions o;
    o.db = db_;
    o.now = kNow;
    return o;
  }
  std::string db_;
};

std::vector<std::string> Ids(const AbandonedCarts& carts) {
  std::vector<std::string> ids;
  for (const AbandonedCart& c : carts.carts) ids.push_back(c.id);
  return ids;
}

TEST_F(AbandonedCartsTest, RecordedAndTimedOutCartsNewestFirstWithShopperConsentAndItems) {
  auto carts = ListAbandonedCarts(Options());
  ASSERT_TRUE(carts.ok()) << carts.status().ToString();
  EXPECT_EQ(Ids(*carts), (std::vector<std::string>{"open", "marked", "guest"}));
  EXPECT_EQ(carts->matched, 3);
  EXPECT_EQ(carts->contactable, 1);              // ann consented; bob refused; a guest is nobody
  EXPECT_DOUBLE_EQ(carts->value, 18 + 36 + 54);  // the items' sums: no cart value was recorded
  const AbandonedCart& open = carts->carts[0];
  EXPECT_EQ(open.abandoned_at, kNow - 2 * kHour);  // last update + the 60-minute delay
  EXPECT_EQ(open.email, "bob@example.com");
  EXPECT_FALSE(open.contactable);
  const AbandonedCart& marked = carts->carts[1];
  EXPECT_EQ(marked.abandoned_at, kNow - 24 * kHour);
  EXPECT_TRUE(marked.contactable);
  ASSERT_EQ(marked.items.size(), 1u);
  EXPECT_EQ(marked.items[0].title, "Speckled Mug");
  EXPECT_EQ(marked.items[0].quantity, 2);
  EXPECT_EQ(AbandonedCartCsvRow(marked)[9], "2 × Speckled Mug (MUG)");
  EXPECT_EQ(AbandonedCartCsvRow(marked)[7], "36.00");
  EXPECT_EQ(AbandonedCartsCsvHeader().size(), AbandonedCartCsvRow(marked).size());
}

TEST_F(AbandonedCartsTest, SinceLimitRecoveredAndTheDelayNarrowTheList) {
  auto o = Options();
  o.since = "7d";
  EXPECT_EQ(Ids(ListAbandonedCarts(o).value()), (std::vector<std::string>{"open", "marked"}));
  o.since = "2024-05-31T12:00:00Z";
  EXPECT_EQ(Ids(ListAbandonedCarts(o).value()), (std::vector<std::string>{"open"}));
  o = Options();
  o.include_recovered = true;
  EXPECT_EQ(Ids(ListAbandonedCarts(o).value()),
            (std::vector<std::string>{"open", "marked", "back", "guest"}));
  o = Options();
  o.limit = 1;
  const AbandonedCarts one = ListAbandonedCarts(o).value();
  EXPECT_EQ(Ids(one), (std::vector<std::string>{"open"}));
  EXPECT_EQ(one.matched, 3);
  o = Options();
  o.abandon_after_minutes = 240;  // the open checkout is not abandoned yet
  EXPECT_EQ(Ids(ListAbandonedCarts(o).value()), (std::vector<std::string>{"marked", "guest"}));
}

TEST_F(AbandonedCartsTest, BadOptionsSayWhatWasExpected) {
  auto o = Options();
  o.since = "last tuesday";
  const auto bad = ListAbandonedCarts(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("since: expected"), std::string::npos);
  o = Options();
  o.limit = -1;
  EXPECT_FALSE(ListAbandonedCarts(o).ok());
}

TEST_F(AbandonedCartsTest, JsonHasTheDocumentedKeysAndCents) {
  const nlohmann::ordered_json j = AbandonedCartsJson(ListAbandonedCarts(Options()).value());
  EXPECT_EQ(j["count"], 3);
  EXPECT_EQ(j["contactable"], 1);
  EXPECT_EQ(j["carts"][1]["cart_id"], "marked");
  EXPECT_EQ(j["carts"][1]["abandoned_at"], "2024-05-31T00:00:00Z");
  EXPECT_EQ(j["carts"][1]["value"], 36.0);
  EXPECT_EQ(j["carts"][1]["items"][0]["title"], "Speckled Mug");
  EXPECT_EQ(j["carts"][2]["customer_id"], "");
}

}  // namespace
}  // namespace mercato::app
