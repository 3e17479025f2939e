// The conformance suite's tests: what every store back-end (with ErasureGuard) must do.
#include "store/store_conformance.h"

#include <filesystem>
#include <map>

#include "store/summary.h"

namespace mercato {
namespace {

// Sets every field of a T to a distinct value derived from `seed`, through the text path.
template <class T>
T Sample(int seed) {
  T entity;
  int i = 0;
  for (const auto& f : EntityTraits<T>::Fields()) {
    std::string text;
    switch (f.type) {
      case FieldType::kText:
        text = std::string(f.name) + "-" + std::to_string(seed);
        break;
      case FieldType::kInt:
        text = std::to_string(seed * 10 + i);
        break;
      case FieldType::kReal:
        text = std::to_string(seed) + ".25";
        break;
      case FieldType::kTime:
        text = "2024-01-" + std::to_string(10 + seed % 15) + "T10:00:00Z";
        break;
      case FieldType::kBool:
        text = seed % 2 ? "true" : "false";
        break;
    }
    EXPECT_TRUE(SetFieldFromText(f, entity, text).ok()) << f.name;
    ++i;
  }
  return entity;
}

template <class T>
std::vector<std::string> AsText(const T& entity) {
  std::vector<std::string> out;
  for (const auto& f : EntityTraits<T>::Fields()) out.push_back(FieldToText(f, entity));
  return out;
}

template <class T>
std::vector<std::vector<std::string>> ScanText(Store& store) {
  std::vector<std::vector<std::string>> rows;
  EXPECT_TRUE(ScanAll<T>(store, [&](const T& e) {
                rows.push_back(AsText(e));
                return Status::Ok();
              }).ok());
  return rows;
}

}  // namespace

void StoreConformance::SetUp() {
  dir_ = ::testing::TempDir() + "/store_conformance_" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  auto store = GetParam()(dir_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  store_ = std::move(store).value();
}

void StoreConformance::PutSampleOfEveryKind(int seed) {
  Order order = Sample<Order>(seed);
  Cart cart = Sample<Cart>(seed);
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    T e = Sample<T>(seed);
    if constexpr (std::is_same_v<T, OrderLine>) e.order_id = order.id;
    if constexpr (std::is_same_v<T, CartItem>) e.cart_id = cart.id;
    ASSERT_TRUE(store_->Put(&e).ok()) << EntityTraits<T>::kName;
  });
}

void StoreConformance::PutCustomerWorld(Store& store, const std::string& id, int n) {
  const std::string tag = id + "-" + std::to_string(n);
  Customer c;
  c.id = id;
  c.email = id + "@example.com";
  c.first_name = "Name" + tag;
  ASSERT_TRUE(store.Put(&c).ok());
  Consent consent{id, "email_marketing", true, 50, "test"};
  ASSERT_TRUE(store.Put(&consent).ok());
  Order o;
  o.id = "o-" + tag;
  o.customer_id = id;
  o.ts = 100;
  o.total = 20;
  ASSERT_TRUE(store.Put(&o).ok());
  OrderLine l;
  l.order_id = o.id;
  l.line_no = 1;
  l.sku = "S1";
  l.quantity = 2;
  ASSERT_TRUE(store.Put(&l).ok());
  Return r;
  r.id = "r-" + tag;
  r.order_id = o.id;
  r.customer_id = id;
  r.sku = "S1";
  r.quantity = 1;
  ASSERT_TRUE(store.Put(&r).ok());
  Return unlinked;  // a return that names only the order
  unlinked.id = "r2-" + tag;
  unlinked.order_id = o.id;
  ASSERT_TRUE(store.Put(&unlinked).ok());
  Event e;
  e.id = "e-" + tag;
  e.customer_id = id;
  e.type = "view";
  ASSERT_TRUE(store.Put(&e).ok());
  Cart cart;
  cart.id = "c-" + tag;
  cart.customer_id = id;
  ASSERT_TRUE(store.Put(&cart).ok());
  CartItem item{cart.id, "S1", 1, 10.0};
  ASSERT_TRUE(store.Put(&item).ok());
}

namespace {

TEST_P(StoreConformance, EveryFieldOfEveryEntityRoundTrips) {
  PutSampleOfEveryKind(3);
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    T expected = Sample<T>(3);
    if constexpr (std::is_same_v<T, OrderLine>) expected.order_id = Sample<Order>(3).id;
    if constexpr (std::is_same_v<T, CartItem>) expected.cart_id = Sample<Cart>(3).id;
    auto rows = ScanText<T>(*store_);
    ASSERT_EQ(rows.size(), 1u) << EntityTraits<T>::kName;
    EXPECT_EQ(rows[0], AsText(expected)) << EntityTraits<T>::kName;
  });
}

TEST_P(StoreConformance, PutIsAnIdempotentUpsert) {
  PutSampleOfEveryKind(1);
  PutSampleOfEveryKind(1);
  for (size_t k = 0; k < kEntityKindCount; ++k) {
    EXPECT_EQ(store_->Count(static_cast<EntityKind>(k)).value(), 1) << EntityNames()[k];
  }
  Product p = Sample<Product>(1);
  p.title = "renamed";
  p.price.reset();
  p.brand.clear();
  ASSERT_TRUE(store_->Put(&p).ok());
  auto rows = ScanText<Product>(*store_);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][2], "renamed");
  EXPECT_EQ(rows[0][8], "1.25");     // unknown price keeps the known one
  EXPECT_EQ(rows[0][4], "brand-1");  // likewise the brand
}

TEST_P(StoreConformance, InsertEventsNeverReplacesAStoredEvent) {
  Event stored = Sample<Event>(1);
  ASSERT_TRUE(store_->Put(&stored).ok());
  Event same_id = Sample<Event>(2);
  same_id.id = stored.id;
  Event fresh = Sample<Event>(3);
  Event fresh_again = fresh;  // the same id twice in one batch: the first one is written
  fresh_again.sku = "other";
  const std::vector<Event> batch = {same_id, fresh, fresh_again};
  auto outcomes = store_->InsertEvents(batch);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().ToString();
  using W = Store::EventWrite;
  EXPECT_EQ(*outcomes, (std::vector<W>{W::kDuplicate, W::kWritten, W::kDuplicate}));
  const auto rows = ScanText<Event>(*store_);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{AsText(stored), AsText(fresh)}));
  // Sending the batch again is idempotent.
  auto again = store_->InsertEvents(batch);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, (std::vector<W>{W::kDuplicate, W::kDuplicate, W::kDuplicate}));
  EXPECT_EQ(ScanText<Event>(*store_), rows);
}

TEST_P(StoreConformance, InsertEventsJoinsTheTransaction) {
  ASSERT_TRUE(store_->Begin().ok());
  const std::vector<Event> batch = {Sample<Event>(1), Sample<Event>(2)};
  ASSERT_TRUE(store_->InsertEvents(batch).ok());
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_EQ(store_->Count(EntityKind::kEvent).value(), 0);
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->InsertEvents(batch).ok());
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(store_->Count(EntityKind::kEvent).value(), 2);
}

TEST_P(StoreConformance, OrderLineWithoutOrderIsRejected) {
  OrderLine line = Sample<OrderLine>(1);
  line.order_id = "missing";
  Status s = store_->Put(&line);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("'missing'"), std::string::npos);
  EXPECT_EQ(store_->Count(EntityKind::kOrderLine).value(), 0);
}

TEST_P(StoreConformance, RollbackWritesNothingAndCommitKeepsAll) {
  ASSERT_TRUE(store_->Begin().ok());
  PutSampleOfEveryKind(1);
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_EQ(store_->Count(EntityKind::kProduct).value(), 0);
  ASSERT_TRUE(store_->Begin().ok());
  PutSampleOfEveryKind(1);
  PutSampleOfEveryKind(2);
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(store_->Count(EntityKind::kOrder).value(), 2);
}

TEST_P(StoreConformance, ScansInKeyOrderAndSummarizes) {
  for (const char* id : {"o3", "o1", "o2"}) {
    Order o;
    o.id = id;
    o.ts = 1000 + id[1];
    ASSERT_TRUE(store_->Put(&o).ok());
    OrderLine l;
    l.order_id = id;
    l.line_no = 1;
    l.sku = "S1";
    l.quantity = 2;
    ASSERT_TRUE(store_->Put(&l).ok());
  }
  Product p;
  p.sku = "S1";
  p.category = "Home > Candles";
  ASSERT_TRUE(store_->Put(&p).ok());
  std::vector<std::string> ids;
  ASSERT_TRUE(ScanAll<Order>(*store_, [&](const Order& o) {
                ids.push_back(o.id);
                return Status::Ok();
              }).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"o1", "o2", "o3"}));
  StoreSummary s = SummarizeStore(*store_, 5).value();
  EXPECT_EQ(s.counts[3].first, "orders");
  EXPECT_EQ(s.counts[3].second, 3);
  EXPECT_EQ(s.first_order, 1000 + '1');
  EXPECT_EQ(s.last_order, 1000 + '3');
  ASSERT_EQ(s.top_categories.size(), 1u);
  EXPECT_EQ(s.top_categories[0], (std::pair<std::string, int64_t>{"Home", 6}));
  EXPECT_FALSE(s.first_event.has_value());
}

TEST_P(StoreConformance, TimeSpanOnlyForKindsWithATime) {
  EXPECT_FALSE(store_->TimeSpanOf(EntityKind::kReturn).value().has_value());
  Return r;
  r.id = "r1";
  r.ts = 50;
  ASSERT_TRUE(store_->Put(&r).ok());
  r.id = "r2";
  r.ts = 40;
  ASSERT_TRUE(store_->Put(&r).ok());
  auto span = store_->TimeSpanOf(EntityKind::kReturn).value();
  ASSERT_TRUE(span.has_value());
  EXPECT_EQ(span->first, 40);
  EXPECT_EQ(span->last, 50);
  auto none = store_->TimeSpanOf(EntityKind::kProduct);
  EXPECT_EQ(none.status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreConformance, ScansEventsOfOneType) {
  for (const char* type : {"view", "purchase", "view"}) {
    Event e;
    e.id = std::string("e") + std::to_string(store_->Count(EntityKind::kEvent).value());
    e.type = type;
    ASSERT_TRUE(store_->Put(&e).ok());
  }
  std::vector<std::string> ids;
  ASSERT_TRUE(store_
                  ->ScanEventsOfType("view",
                                     [&](const Event& e) {
                                       ids.push_back(e.id);
                                       return Status::Ok();
                                     })
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"e0", "e2"}));
}

TEST_P(StoreConformance, ScansEventsInATimeRangeInTimeOrder) {
  // Inserted out of order; two share ts 200, where the id decides ("e2" before "e4").
  for (const auto& [id, ts] : std::vector<std::pair<std::string, Timestamp>>{
           {"e4", 200}, {"e0", 99}, {"e3", 150}, {"e5", 300}, {"e2", 200}, {"e1", 100}}) {
    Event e;
    e.id = id;
    e.ts = ts;
    e.type = "view";
    e.customer_id = "c-" + id;
    ASSERT_TRUE(store_->Put(&e).ok());
  }
  auto scan = [&](Timestamp from, Timestamp to) {
    std::vector<std::string> seen;
    EXPECT_TRUE(store_
                    ->ScanEventsInRange(from, to,
                                        [&](const Event& e) {
                                          EXPECT_EQ(e.customer_id, "c-" + e.id);
                                          seen.push_back(e.id + "@" + std::to_string(e.ts));
                                          return Status::Ok();
                                        })
                    .ok());
    return seen;
  };
  // [100, 300): from is inside, to is not (e0 at 99 and e5 at 300 stay out).
  EXPECT_EQ(scan(100, 300), (std::vector<std::string>{"e1@100", "e3@150", "e2@200", "e4@200"}));
  EXPECT_EQ(scan(0, 1000).size(), 6u);
  EXPECT_EQ(scan(200, 201), (std::vector<std::string>{"e2@200", "e4@200"}));
  EXPECT_TRUE(scan(201, 300).empty());
  EXPECT_TRUE(scan(300, 100).empty());  // to <= from
  EXPECT_TRUE(scan(150, 150).empty());
  int calls = 0;
  const Status stopped = store_->ScanEventsInRange(0, 1000, [&](const Event&) {
    ++calls;
    return InvalidArgument("stop");
  });
  EXPECT_EQ(stopped.message(), "stop");
  EXPECT_EQ(calls, 1);
}

TEST_P(StoreConformance, ScanStopsAtCallbackError) {
  PutSampleOfEveryKind(1);
  PutSampleOfEveryKind(2);
  int seen = 0;
  Status s = ScanAll<Customer>(*store_, [&](const Customer&) {
    ++seen;
    return InvalidArgument("stop");
  });
  EXPECT_EQ(s.message(), "stop");
  EXPECT_EQ(seen, 1);
}

TEST_P(StoreConformance, ApiKeysRoundTripAndRevoke) {
  ApiKeyRecord a{"bbb000000001", "shop front", KeyScope::kStorefront, "5a17", "ab12", 100, {}};
  ApiKeyRecord b{"aaa000000002", "ops", KeyScope::kAdmin, "0011", "cd34", 200, {}};
  ASSERT_TRUE(store_->PutApiKey(a).ok());
  ASSERT_TRUE(store_->PutApiKey(b).ok());
  auto keys = store_->ListApiKeys();
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].id, "aaa000000002");  // id order
  EXPECT_EQ((*keys)[0].scope, KeyScope::kAdmin);
  EXPECT_EQ((*keys)[1].name, "shop front");
  EXPECT_EQ((*keys)[1].salt, "5a17");
  EXPECT_EQ((*keys)[1].hash, "ab12");
  EXPECT_EQ((*keys)[1].created_at, 100);
  EXPECT_FALSE((*keys)[1].revoked_at.has_value());

  EXPECT_TRUE(store_->RevokeApiKey("bbb000000001", 300).value());
  EXPECT_TRUE(store_->RevokeApiKey("bbb000000001", 400).value());  // first revocation kept
  EXPECT_FALSE(store_->RevokeApiKey("nope", 300).value());
  keys = store_->ListApiKeys();
  EXPECT_EQ((*keys)[1].revoked_at, 300);
  EXPECT_FALSE((*keys)[0].revoked_at.has_value());
}

TEST_P(StoreConformance, AuditLogAssignsIncreasingSeq) {
  for (const char* action : {"export", "erasure", "key_created"}) {
    AuditRecord r;
    r.seq = 99;  // ignored
    r.ts = 1000;
    r.actor = "cli";
    r.action = action;
    r.subject = std::string(action) == "key_created" ? "" : "abcd";
    r.detail = "d";
    ASSERT_TRUE(store_->AppendAudit(r).ok());
  }
  std::vector<AuditRecord> seen;
  ASSERT_TRUE(store_
                  ->ScanAudit([&](const AuditRecord& r) {
                    seen.push_back(r);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_LT(seen[0].seq, seen[1].seq);
  EXPECT_LT(seen[1].seq, seen[2].seq);
  EXPECT_EQ(seen[0].action, "export");
  EXPECT_EQ(seen[1].subject, "abcd");
  EXPECT_EQ(seen[2].subject, "");
  EXPECT_EQ(seen[2].actor, "cli");
  EXPECT_EQ(seen[2].ts, 1000);
}

TEST_P(StoreConformance, SettingsAreReplacedAndFollowTheTransaction) {
  EXPECT_EQ(store_->GetSetting(Store::kCurrencySetting).value(), std::nullopt);
  ASSERT_TRUE(store_->PutSetting(Store::kCurrencySetting, "USD").ok());
  ASSERT_TRUE(store_->PutSetting(Store::kCurrencySetting, "EUR").ok());
  EXPECT_EQ(store_->GetSetting(Store::kCurrencySetting).value(), "EUR");
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->PutSetting(Store::kCurrencySetting, "GBP").ok());
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_EQ(store_->GetSetting(Store::kCurrencySetting).value(), "EUR");
  auto other = GetParam()(dir_);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other.value()->GetSetting(Store::kCurrencySetting).value(), "EUR");
  EXPECT_EQ(other.value()->GetSetting("no-such-key").value(), std::nullopt);
}

TEST_P(StoreConformance, ImportRecordsRoundTripNewestFirst) {
  for (int i = 0; i < 3; ++i) {
    ImportRecord r;
    r.seq = 99;  // ignored
    r.at = 1000 + i;
    r.format = i == 2 ? "shopify" : "generic";
    r.sources = {"orders_export.csv", "products \"2\".csv"};
    r.rows_read = 10 + i;
    r.rows_imported = 8;
    r.rows_excluded = 1;
    r.rows_rejected = 1;
    r.written = {{"orders", 3}, {"order_lines", 5}};
    r.warnings = i;
    r.seconds = 0.25;
    r.outcome = i == 1 ? "failed" : "ok";
    r.error = i == 1 ? "a.csv:3: bad price" : "";
    ASSERT_TRUE(store_->AppendImportRecord(r).ok());
  }
  auto all = store_->ListImportRecords(0);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_GT((*all)[0].seq, (*all)[1].seq);
  EXPECT_GT((*all)[1].seq, (*all)[2].seq);
  EXPECT_EQ((*all)[0].format, "shopify");
  EXPECT_EQ((*all)[0].at, 1002);
  EXPECT_EQ((*all)[0].rows_read, 12);
  EXPECT_EQ((*all)[1].outcome, "failed");
  EXPECT_EQ((*all)[1].error, "a.csv:3: bad price");
  EXPECT_EQ((*all)[2].sources,
            (std::vector<std::string>{"orders_export.csv", "products \"2\".csv"}));
  EXPECT_EQ((*all)[2].written, (std::map<std::string, int64_t>{{"order_lines", 5}, {"orders", 3}}));
  EXPECT_EQ((*all)[2].rows_imported, 8);
  EXPECT_EQ((*all)[2].rows_excluded, 1);
  EXPECT_EQ((*all)[2].rows_rejected, 1);
  EXPECT_EQ((*all)[2].warnings, 0);
  EXPECT_DOUBLE_EQ((*all)[2].seconds, 0.25);
  auto last = store_->ListImportRecords(2);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->size(), 2u);
  EXPECT_EQ((*last)[1].seq, (*all)[1].seq);
}

TEST_P(StoreConformance, WebhookDeliveryIsMarkedOnce) {
  EXPECT_TRUE(store_->MarkWebhookDelivered("evt-1", "orders/create", 10).value());
  EXPECT_FALSE(store_->MarkWebhookDelivered("evt-1", "orders/create", 11).value());
  EXPECT_TRUE(store_->MarkWebhookDelivered("evt-2", "orders/create", 12).value());
  // Another connection to the same store sees the first delivery.
  auto other = GetParam()(dir_);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other.value()->MarkWebhookDelivered("evt-2", "orders/create", 13).value());
}

TEST_P(StoreConformance, OldWebhookDeliveriesAreForgotten) {
  constexpr int64_t kMemory = Store::kWebhookDeliveryMemorySeconds;
  EXPECT_TRUE(store_->MarkWebhookDelivered("old", "orders/create", 1000).value());
  EXPECT_TRUE(store_->MarkWebhookDelivered("recent", "orders/create", 2000).value());
  // A new delivery exactly kMemory after "old" keeps it; one later forgets it, not "recent".
  EXPECT_TRUE(store_->MarkWebhookDelivered("a", "orders/create", 1000 + kMemory).value());
  EXPECT_FALSE(store_->MarkWebhookDelivered("old", "orders/create", 1000 + kMemory).value());
  EXPECT_TRUE(store_->MarkWebhookDelivered("b", "orders/create", 1001 + kMemory).value());
  EXPECT_FALSE(store_->MarkWebhookDelivered("recent", "orders/create", 1001 + kMemory).value());
  EXPECT_TRUE(store_->MarkWebhookDelivered("old", "orders/create", 1002 + kMemory).value());
}

TEST_P(StoreConformance, CustomerRecordsCollectEverythingAboutOneCustomer) {
  PutCustomerWorld(*store_, "alice", 1);
  PutCustomerWorld(*store_, "bob", 2);
  EXPECT_EQ(store_->GetCustomer("alice").value()->email, "alice@example.com");
  EXPECT_FALSE(store_->GetCustomer("carol").value().has_value());

  auto r = store_->GetCustomerRecords("alice");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->found);
  EXPECT_EQ(r->customer.first_name, "Namealice-1");
  ASSERT_EQ(r->consents.size(), 1u);
  ASSERT_EQ(r->orders.size(), 1u);
  EXPECT_EQ(r->orders[0].id, "o-alice-1");
  ASSERT_EQ(r->order_lines.size(), 1u);
  EXPECT_EQ(r->order_lines[0].order_id, "o-alice-1");
  ASSERT_EQ(r->returns.size(), 2u);
  EXPECT_EQ(r->returns[0].id, "r-alice-1");
  EXPECT_EQ(r->returns[1].id, "r2-alice-1");
  ASSERT_EQ(r->events.size(), 1u);
  ASSERT_EQ(r->carts.size(), 1u);
  ASSERT_EQ(r->cart_items.size(), 1u);
  EXPECT_EQ(r->cart_items[0].cart_id, "c-alice-1");

  auto none = store_->GetCustomerRecords("carol");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->found);
  EXPECT_TRUE(none->orders.empty());
}

TEST_P(StoreConformance, FindsCustomersByEmailIgnoringCaseAndByShopifyId) {
  auto customer = [](std::string id, std::string email, std::string shopify_id) {
    Customer c;
    c.id = std::move(id);
    c.email = std::move(email);
    c.shopify_id = std::move(shopify_id);
    return c;
  };
  Customer ann = customer("c1", "Ann.Lee@Example.com", "7010000000001");
  Customer twin = customer("c0", "ann.lee@example.COM", "");  // a second account, other case
  Customer bob = customer("c2", "bob@example.com", "");
  for (Customer* c : {&ann, &twin, &bob}) ASSERT_TRUE(store_->Put(c).ok());

  auto by_email = store_->FindCustomersByEmail("ANN.LEE@example.com").value();
  ASSERT_EQ(by_email.size(), 2u);  // in id order
  EXPECT_EQ(by_email[0].id, "c0");
  EXPECT_EQ(by_email[1].id, "c1");
  ASSERT_EQ(store_->FindCustomersByEmail("bob@example.com").value().size(), 1u);
  EXPECT_TRUE(store_->FindCustomersByEmail(" bob@example.com").value().empty());  // not trimmed
  EXPECT_TRUE(store_->FindCustomersByEmail("").value().empty());

  auto by_shopify = store_->FindCustomersByShopifyId("7010000000001").value();
  ASSERT_EQ(by_shopify.size(), 1u);
  EXPECT_EQ(by_shopify[0].id, "c1");
  EXPECT_TRUE(store_->FindCustomersByShopifyId("701000000000").value().empty());
  EXPECT_TRUE(store_->FindCustomersByShopifyId("").value().empty());  // bob has none
}

TEST_P(StoreConformance, FindsOrdersByIdAndByShopifyId) {
  Order o;
  o.id = "#1001";
  o.customer_id = "c1";
  o.ts = 100;
  o.shopify_id = "5550000000001";
  Order other;
  other.id = "#1002";
  other.ts = 200;
  ASSERT_TRUE(store_->Put(&o).ok());
  ASSERT_TRUE(store_->Put(&other).ok());

  auto got = store_->GetOrder("#1001").value();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->customer_id, "c1");
  EXPECT_EQ(got->shopify_id, "5550000000001");
  EXPECT_FALSE(store_->GetOrder("1001").value().has_value());
  auto by_shopify = store_->FindOrdersByShopifyId("5550000000001").value();
  ASSERT_EQ(by_shopify.size(), 1u);
  EXPECT_EQ(by_shopify[0].id, "#1001");
  EXPECT_TRUE(store_->FindOrdersByShopifyId("").value().empty());
}

TEST_P(StoreConformance, EraseCustomerDeletesPersonalRowsAndAnonymizesOrders) {
  PutCustomerWorld(*store_, "alice", 1);
  PutCustomerWorld(*store_, "bob", 2);
  Event client_event;  // written insert-only, from the API: erased like any other event
  client_event.id = "client:e1";
  client_event.customer_id = "alice";
  client_event.type = "view";
  ASSERT_TRUE(store_->InsertEvents(std::vector<Event>{client_event}).ok());
  ASSERT_EQ(store_->GetCustomerRecords("alice").value().events.size(), 2u);
  ASSERT_TRUE(store_->EraseCustomer("alice").ok());
  ASSERT_TRUE(store_->EraseCustomer("alice").ok());  // idempotent
  ASSERT_TRUE(store_->EraseCustomer("never-existed").ok());

  auto r = store_->GetCustomerRecords("alice").value();
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(r.consents.empty());
  EXPECT_TRUE(r.orders.empty());
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(r.carts.empty());
  EXPECT_EQ(store_->Count(EntityKind::kCustomer).value(), 1);
  EXPECT_EQ(store_->Count(EntityKind::kConsent).value(), 1);
  EXPECT_EQ(store_->Count(EntityKind::kEvent).value(), 1);
  EXPECT_EQ(store_->Count(EntityKind::kCart).value(), 1);
  EXPECT_EQ(store_->Count(EntityKind::kCartItem).value(), 1);
  // Demand stays: both orders, their lines and returns remain, alice's without her id.
  EXPECT_EQ(store_->Count(EntityKind::kOrder).value(), 2);
  EXPECT_EQ(store_->Count(EntityKind::kOrderLine).value(), 2);
  EXPECT_EQ(store_->Count(EntityKind::kReturn).value(), 4);
  std::map<std::string, std::string> owner;
  ASSERT_TRUE(ScanAll<Order>(*store_, [&](const Order& o) {
                owner[o.id] = o.customer_id;
                return Status::Ok();
              }).ok());
  EXPECT_EQ(owner["o-alice-1"], "");
  EXPECT_EQ(owner["o-bob-2"], "bob");
  ASSERT_TRUE(ScanAll<Return>(*store_, [&](const Return& ret) {
                EXPECT_NE(ret.customer_id, "alice") << ret.id;
                return Status::Ok();
              }).ok());
  EXPECT_TRUE(store_->GetCustomerRecords("bob").value().found);
}

TEST_P(StoreConformance, ErasedCustomerIsNotBroughtBackByLaterWrites) {
  PutCustomerWorld(*store_, "alice", 1);
  PutCustomerWorld(*store_, "bob", 2);
  ASSERT_TRUE(store_->EraseCustomer("alice").ok());
  EXPECT_EQ(store_->WithheldWrites(), 0);
  // The same records arrive again (a re-import of an old export, a late webhook).
  PutCustomerWorld(*store_, "alice", 1);
  EXPECT_FALSE(store_->GetCustomer("alice").value().has_value());
  auto r = store_->GetCustomerRecords("alice").value();
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(r.consents.empty());
  EXPECT_TRUE(r.orders.empty());
  EXPECT_TRUE(r.returns.empty());
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(r.carts.empty());
  // Customer, consent and event withheld; order, linked return and cart written without her id.
  EXPECT_EQ(store_->WithheldWrites(), 6);
  EXPECT_EQ(store_->Count(EntityKind::kCustomer).value(), 1);
  EXPECT_EQ(store_->Count(EntityKind::kConsent).value(), 1);
  EXPECT_EQ(store_->Count(EntityKind::kEvent).value(), 1);
  EXPECT_EQ(store_->Count(EntityKind::kOrder).value(), 2);
  EXPECT_EQ(store_->Count(EntityKind::kCart).value(), 2);
  EXPECT_EQ(store_->Count(EntityKind::kCartItem).value(), 2);  // the anonymous cart keeps its item
  // Client events naming her are withheld too; the others are written.
  Event hers, theirs;
  hers.id = "client:e1";
  hers.customer_id = "alice";
  hers.type = "view";
  theirs.id = "client:e2";
  theirs.session_id = "s1";
  theirs.type = "view";
  const std::vector<Event> client_events = {hers, theirs};
  using W = Store::EventWrite;
  EXPECT_EQ(store_->InsertEvents(client_events).value(),
            (std::vector<W>{W::kWithheld, W::kWritten}));
  EXPECT_EQ(store_->WithheldWrites(), 7);
  EXPECT_EQ(store_->Count(EntityKind::kEvent).value(), 2);
  // Other customers are written as before, and a new connection remembers the erasure.
  PutCustomerWorld(*store_, "bob", 3);
  EXPECT_EQ(store_->WithheldWrites(), 7);
  auto other = GetParam()(dir_);
  ASSERT_TRUE(other.ok());
  Customer again;
  again.id = "alice";
  ASSERT_TRUE(other.value()->Put(&again).ok());
  EXPECT_EQ(other.value()->WithheldWrites(), 1);
  EXPECT_FALSE(store_->GetCustomer("alice").value().has_value());
  // Inside a transaction, an erasure applies to the writes after it at once.
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->EraseCustomer("bob").ok());
  Customer bob;
  bob.id = "bob";
  ASSERT_TRUE(store_->Put(&bob).ok());
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_FALSE(store_->GetCustomer("bob").value().has_value());
  EXPECT_EQ(store_->WithheldWrites(), 8);
}

TEST_P(StoreConformance, ErasureByAnotherConnectionAppliesToTheNextTransaction) {
  auto other = GetParam()(dir_);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(store_->Begin().ok());  // nothing erased yet
  ASSERT_TRUE(store_->Commit().ok());
  ASSERT_TRUE(other.value()->EraseCustomer("alice").ok());
  EXPECT_TRUE(store_->AnyErased().value());
  EXPECT_TRUE(store_->IsErased(ErasedCustomerHash("alice")).value());
  EXPECT_FALSE(store_->IsErased(ErasedCustomerHash("bob")).value());
  ASSERT_TRUE(store_->Begin().ok());
  PutCustomerWorld(*store_, "alice", 1);
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_FALSE(store_->GetCustomer("alice").value().has_value());
  EXPECT_EQ(store_->WithheldWrites(), 6);
}

TEST_P(StoreConformance, EraseCustomerJoinsAnOpenTransaction) {
  PutCustomerWorld(*store_, "alice", 1);
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->EraseCustomer("alice").ok());
  EXPECT_FALSE(store_->GetCustomer("alice").value().has_value());
  ASSERT_TRUE(store_->Rollback().ok());  // the outer rollback undoes the erasure
  EXPECT_TRUE(store_->GetCustomer("alice").value().has_value());
  EXPECT_EQ(store_->Count(EntityKind::kEvent).value(), 1);

  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->EraseCustomer("alice").ok());
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_FALSE(store_->GetCustomer("alice").value().has_value());
  EXPECT_EQ(store_->Count(EntityKind::kEvent).value(), 0);
}

TEST_P(StoreConformance, PurgeDeletedDataRunsOnlyOutsideATransactionAndKeepsTheRest) {
  PutCustomerWorld(*store_, "alice", 1);
  PutCustomerWorld(*store_, "bob", 2);
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->EraseCustomer("alice").ok());
  EXPECT_EQ(store_->PurgeDeletedData().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->Commit().ok());
  const Status purged = store_->PurgeDeletedData();
  ASSERT_TRUE(purged.ok()) << purged.ToString();
  EXPECT_TRUE(store_->PurgeDeletedData().ok());  // nothing left to purge is fine
  EXPECT_FALSE(store_->GetCustomer("alice").value().has_value());
  EXPECT_TRUE(store_->GetCustomerRecords("bob").value().found);
  EXPECT_EQ(store_->Count(EntityKind::kOrder).value(), 2);
  EXPECT_TRUE(store_->IsErased(ErasedCustomerHash("alice")).value());
}

TEST_P(StoreConformance, DataVersionChangesWhenAnotherConnectionCommits) {
  auto other = GetParam()(dir_);
  ASSERT_TRUE(other.ok());
  const int64_t before = store_->DataVersion().value();
  EXPECT_EQ(store_->DataVersion().value(), before);
  ApiKeyRecord key{"k1", "n", KeyScope::kAdmin, "s", "h", 1, {}};
  ASSERT_TRUE(other.value()->PutApiKey(key).ok());
  const int64_t after = store_->DataVersion().value();
  EXPECT_NE(after, before);
  EXPECT_EQ(store_->DataVersion().value(), after);
  ApiKeyRecord second{"k2", "n", KeyScope::kAdmin, "s", "h", 1, {}};
  ASSERT_TRUE(other.value()->PutApiKey(second).ok());
  EXPECT_NE(store_->DataVersion().value(), after);
}

}  // namespace
}  // namespace mercato
