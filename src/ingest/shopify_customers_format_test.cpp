// Tests of the shopify-customers importer: both layouts, consent, and links to orders.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "ingest/import_test_util.h"
#include "ingest/shopify_common.h"

namespace mercato {
namespace {

using shopify::CustomerIdFromEmail;
using testing::CountOf;
using testing::FreshDir;
using testing::FreshStore;
using testing::Import;
using testing::WriteFile;

const std::string kData = MERCATO_SOURCE_DIR "/tests/data/shopify/";
const std::string kSource = "shopify-customers:time-unknown";

std::map<std::string, Customer> CustomersById(Store& store) {
  std::map<std::string, Customer> out;
  for (Customer& c : testing::All<Customer>(store)) out[c.id] = c;
  return out;
}

// "purpose=granted" for each consent record of `customer_id`, in key order.
std::vector<std::string> ConsentsOf(Store& store, const std::string& customer_id) {
  std::vector<std::string> out;
  EXPECT_TRUE(ScanAll<Consent>(store, [&](const Consent& c) {
                if (c.customer_id != customer_id) return Status::Ok();
                EXPECT_EQ(c.ts, 0);
                EXPECT_EQ(c.source, kSource);
                out.push_back(c.purpose + "=" + (c.granted ? "yes" : "no"));
                return Status::Ok();
              }).ok());
  return out;
}

TEST(ShopifyCustomers, ImportsTheCurrentLayout) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const ImportReport r = Import(*store, "shopify-customers", {kData + "customers_export.csv"});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_read, 4);
  EXPECT_EQ(r.rows_imported, 4);
  EXPECT_EQ(r.details.at("customers_without_email"), 1);
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 4);
  EXPECT_EQ(CountOf(*store, EntityKind::kConsent), 8);  // email and SMS for each

  auto customers = CustomersById(*store);
  const std::string jane_id = CustomerIdFromEmail("jane.doe@example.com");
  const Customer& jane = customers[jane_id];
  EXPECT_EQ(jane.email, "jane.doe@example.com");
  EXPECT_EQ(jane.first_name, "Jane");
  EXPECT_EQ(jane.last_name, "Doe");
  EXPECT_EQ(jane.phone, "+12175550101");
  EXPECT_EQ(jane.city, "Springfield");
  EXPECT_EQ(jane.region, "IL");
  EXPECT_EQ(jane.country, "US");
  EXPECT_EQ(jane.postal_code, "62701");
  EXPECT_EQ(jane.tags, "vip,newsletter");
  EXPECT_EQ(jane.shopify_id, "7010000000001");
  EXPECT_EQ(ConsentsOf(*store, jane_id),
            (std::vector<std::string>{"email_marketing=no", "sms_marketing=yes"}));

  const Customer& carla = customers[CustomerIdFromEmail("carla.gomez@example.es")];
  EXPECT_EQ(carla.last_name, "G\u00F3mez");
  EXPECT_EQ(carla.postal_code, "28013");  // leading zero kept, apostrophe dropped
  EXPECT_EQ(carla.phone, "+34915550123");
  EXPECT_EQ(carla.country, "ES");
  EXPECT_EQ(carla.region, "M");

  // No email: the Shopify customer id is the key.
  const Customer& walk_in = customers["shopify-id:7010000000004"];
  EXPECT_EQ(walk_in.email, "");
  EXPECT_EQ(walk_in.first_name, "Walk-in");
  EXPECT_EQ(walk_in.country, "GB");
  EXPECT_EQ(walk_in.tags, "pos");
  EXPECT_EQ(ConsentsOf(*store, "shopify-id:7010000000004"),
            (std::vector<std::string>{"email_marketing=no", "sms_marketing=no"}));
}

TEST(ShopifyCustomers, ImportsTheLegacyLayout) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const ImportReport r =
      Import(*store, "shopify-customers", {kData + "customers_export_legacy.csv"});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_imported, 3);
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 3);
  EXPECT_EQ(CountOf(*store, EntityKind::kConsent), 3);  // no SMS column

  auto customers = CustomersById(*store);
  const std::string bob_id = CustomerIdFromEmail("bob@example.net");
  const Customer& bob = customers[bob_id];
  EXPECT_EQ(bob.email, "bob@example.net");  // "Bob@Example.net" in the file
  EXPECT_EQ(bob.last_name, "van der Berg");
  EXPECT_EQ(bob.country, "US");  // Country Code, not "United States"
  EXPECT_EQ(bob.region, "NY");
  EXPECT_EQ(bob.city, "New York");
  EXPECT_EQ(bob.tags, "repeat,wholesale");
  EXPECT_EQ(ConsentsOf(*store, bob_id), (std::vector<std::string>{"email_marketing=yes"}));
  EXPECT_EQ(customers[CustomerIdFromEmail("alice@example.org")].postal_code, "M5H 2N2");
  EXPECT_EQ(customers[CustomerIdFromEmail("mei.tanaka@example.jp")].region, "13");
}

TEST(ShopifyCustomers, LinkToTheCustomersOfOrders) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ASSERT_TRUE(Import(*store, "shopify-orders", {kData + "orders_export.csv"}).ok());
  ASSERT_TRUE(Import(*store, "shopify-customers", {kData + "customers_export.csv"}).ok());
  ASSERT_TRUE(Import(*store, "shopify-customers", {kData + "customers_export_legacy.csv"}).ok());
  // Orders: jane, john, alice, bob. Customers: + carla, the walk-in, mei.
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 7);

  auto customers = CustomersById(*store);
  const std::string john_id = CustomerIdFromEmail("john.smith@example.com");
  EXPECT_EQ(customers[john_id].first_name, "John");
  EXPECT_EQ(customers[john_id].postal_code, "97204");  // from the customer export
  int64_t johns_orders = 0;
  ASSERT_TRUE(ScanAll<Order>(*store, [&](const Order& o) {
                johns_orders += o.customer_id == john_id;
                return Status::Ok();
              }).ok());
  EXPECT_EQ(johns_orders, 1);
}

TEST(ShopifyCustomers, RowsWithoutIdentityOrWithBadValuesAreErrors) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string path =
      WriteFile(dir, "customers.csv",
                "Customer ID,First Name,Email,Accepts Email Marketing,Accepts SMS Marketing\n"
                ",Nobody,,yes,no\n"
                "'42,Bad Email,bob at example.com,yes,no\n"
                "'43,Bad SMS,sms@example.com,yes,sometimes\n"
                "'44,Good,good@example.com,,\n");
  const ImportReport r = Import(*store, "shopify-customers", {path});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_skipped, 3);
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].column, "Email");
  EXPECT_NE(r.errors[0].message.find("Customer ID"), std::string::npos);
  EXPECT_EQ(r.errors[1].column, "Email");
  EXPECT_EQ(r.errors[2].column, "Accepts SMS Marketing");
  EXPECT_EQ(r.errors[2].line, 4u);
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 1);
  EXPECT_EQ(CountOf(*store, EntityKind::kConsent), 0);  // consent left blank: no record
}

TEST(ShopifyCustomers, MissingEmailColumnAbortsNamingIt) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string path = WriteFile(dir, "customers.csv", "First Name,Last Name\nJane,Doe\n");
  const ImportReport r = Import(*store, "shopify-customers", {path});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.aborted.find("missing required column 'Email'"), std::string::npos) << r.aborted;
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 0);
}

}  // namespace
}  // namespace mercato
