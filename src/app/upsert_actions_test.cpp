// PutBatch: the importers' value checks on the API path, and a report of what the erased-customer
// rule withheld or anonymized (issue 14 item 11 and the product checks).
#include "app/upsert_actions.h"

#include <gtest/gtest.h>

#include "ingest/import_test_util.h"

namespace mercato::app {
namespace {

using ::mercato::testing::CountOf;
using ::mercato::testing::FreshDir;
using ::mercato::testing::FreshStore;

Product MakeProduct(std::string sku, double price) {
  Product p;
  p.sku = std::move(sku);
  p.price = price;
  return p;
}

// PutBatch in a transaction of its own, as the routes run it.
Result<UpsertReport> PutInTransaction(Store& store, const UpsertBatch& batch) {
  RETURN_IF_ERROR(store.Begin());
  auto report = PutBatch(store, batch);
  if (!report.ok()) {
    (void)store.Rollback();
    return report;
  }
  RETURN_IF_ERROR(store.Commit());
  return report;
}

TEST(PutBatch, AppliesTheImportersValueChecksAndWritesNothingOnAFailure) {
  auto store = FreshStore(FreshDir());
  UpsertBatch batch;
  batch.products = {MakeProduct("p1", 10), MakeProduct("p2", -1)};
  auto negative = PutInTransaction(*store, batch);
  ASSERT_EQ(negative.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(negative.status().message(),
            "products[1].price: expected an amount of 0 or more, got -1");
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 0);

  batch.products = {MakeProduct("p1", 10)};
  batch.products[0].status = "sold";
  EXPECT_EQ(PutInTransaction(*store, batch).status().message(),
            "products[0].status: expected active, draft or archived, got 'sold'");
  batch.products[0].status = "active";
  batch.products[0].attributes = "[1, 2]";
  EXPECT_EQ(
      PutInTransaction(*store, batch).status().message(),
      "products[0].attributes: expected a JSON object like {\"color\":\"red\"}, got '[1, 2]'");
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 0);

  batch.products[0].attributes = "{\"color\": \"red\"}";
  auto written = PutInTransaction(*store, batch);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(written->stored.products.size(), 1u);
  EXPECT_TRUE(written->withheld.empty());
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 1);
}

TEST(PutBatch, ReportsWhatTheErasedCustomerRuleWithheldOrAnonymized) {
  auto store = FreshStore(FreshDir());
  Customer alice, bob;
  alice.id = "alice";
  alice.country = "DE";
  bob.id = "bob";
  ASSERT_TRUE(store->Put(&alice).ok());
  ASSERT_TRUE(store->EraseCustomer("alice").ok());

  UpsertBatch batch;
  batch.customers = {alice, bob};
  Consent consent;
  consent.customer_id = "alice";
  consent.purpose = "personalization";
  consent.granted = true;
  batch.consents = {consent};
  Order hers, his;
  hers.id = "o1";
  hers.customer_id = "alice";
  his.id = "o2";
  his.customer_id = "bob";
  batch.orders = {hers, his};
  OrderLine line;
  line.order_id = "o1";
  line.line_no = 1;
  line.sku = "p1";
  batch.order_lines = {line};

  auto report = PutInTransaction(*store, batch);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->withheld, (std::vector<std::string>{"alice", "alice/personalization"}));
  EXPECT_EQ(report->anonymized, (std::vector<std::string>{"o1"}));
  // What live state may learn: bob, both orders (hers without her id), the line; no consent.
  ASSERT_EQ(report->stored.customers.size(), 1u);
  EXPECT_EQ(report->stored.customers[0].id, "bob");
  EXPECT_TRUE(report->stored.consents.empty());
  ASSERT_EQ(report->stored.orders.size(), 2u);
  EXPECT_EQ(report->stored.orders[0].customer_id, "");
  EXPECT_EQ(report->stored.orders[1].customer_id, "bob");
  EXPECT_EQ(report->stored.order_lines.size(), 1u);
  // The store agrees.
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 1);
  EXPECT_EQ(CountOf(*store, EntityKind::kConsent), 0);
  EXPECT_EQ(CountOf(*store, EntityKind::kOrder), 2);
  EXPECT_TRUE(store->GetCustomerRecords("alice").value().orders.empty());
}

}  // namespace
}  // namespace mercato::app
