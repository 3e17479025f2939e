// End-to-end tests of `mercato privacy export|erase` on a store holding two customers.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "access/audit_test_util.h"
#include "cli/cli_test_util.h"
#include "common/text.h"
#include "store/open_store.h"

namespace {

using mercato::testing::AuditOf;
using mercato::testing::CliRun;
using mercato::testing::CliTestDir;
using mercato::testing::Mercato;

// Two customers, each with an order, a line, an event and a consent, in the test's directory
// (which CliTestDir empties: call it only here).
std::string MakeStore() {
  const std::string db = CliTestDir() + "/store.db";
  auto store = mercato::OpenStore(db).value();
  for (const std::string id : {"c-ann", "c-bo"}) {
    mercato::Customer c;
    c.id = id;
    c.email = id + "@example.com";
    EXPECT_TRUE(store->Put(&c).ok());
    mercato::Order o;
    o.id = "o-" + id;
    o.customer_id = id;
    o.ts = 1700000000;
    EXPECT_TRUE(store->Put(&o).ok());
    mercato::OrderLine l{o.id, 1, "SKU-1", "Mug", 1, 9.5, std::nullopt};
    EXPECT_TRUE(store->Put(&l).ok());
    mercato::Event e;
    e.id = "e-" + id;
    e.customer_id = id;
    e.type = "view";
    e.ts = 1700000000;
    EXPECT_TRUE(store->Put(&e).ok());
    mercato::Consent consent{id, "personalization", true, 1700000000, "test"};
    EXPECT_TRUE(store->Put(&consent).ok());
  }
  return db;
}

TEST(PrivacyCli, ExportThenEraseThenExportAgain) {
  const std::string db = MakeStore();
  const CliRun exported = Mercato("privacy export --db " + db + " --customer c-ann");
  ASSERT_EQ(exported.status, 0) << exported.err;
  const auto j = nlohmann::json::parse(exported.out);
  EXPECT_EQ(j["found"], true);
  EXPECT_EQ(j["customer"]["email"], "c-ann@example.com");
  ASSERT_EQ(j["orders"].size(), 1u);
  EXPECT_EQ(j["orders"][0]["id"], "o-c-ann");
  EXPECT_EQ(j["order_lines"].size(), 1u);
  EXPECT_EQ(j["events"].size(), 1u);
  EXPECT_EQ(j["consents"].size(), 1u);

  const std::string out = db + ".ann.json";
  ASSERT_EQ(Mercato("privacy export --db " + db + " --customer c-ann --out " + out).status, 0);
  std::ifstream in(out);
  EXPECT_EQ(nlohmann::json::parse(in), j);

  const CliRun erased = Mercato("privacy erase --db " + db + " --customer c-ann");
  ASSERT_EQ(erased.status, 0) << erased.err;
  EXPECT_EQ(erased.out,
            "erased: 1 customer, 1 consents, 1 events, 0 carts; anonymized: 1 orders, 0 returns\n");

  const auto gone =
      nlohmann::json::parse(Mercato("privacy export --db " + db + " --customer c-ann").out);
  EXPECT_EQ(gone["found"], false);
  EXPECT_TRUE(gone["orders"].empty());
  EXPECT_TRUE(gone["events"].empty());
  auto store = mercato::OpenStore(db).value();
  EXPECT_EQ(store->Count(mercato::EntityKind::kOrder).value(), 2);  // kept for demand
  EXPECT_TRUE(store->GetCustomer("c-bo").value().has_value());

  const auto audit = AuditOf(db);
  ASSERT_EQ(audit.size(), 4u);
  EXPECT_EQ(audit[0].action, "export");
  EXPECT_EQ(audit[2].action, "erasure");
  EXPECT_EQ(audit[3].action, "export");
  for (const auto& r : audit) {
    EXPECT_EQ(r.subject, mercato::Sha256Hex("c-ann"));
    EXPECT_EQ(r.detail.find("c-ann"), std::string::npos);
    EXPECT_EQ(r.actor, "cli");
  }
}

TEST(PrivacyCli, ReimportAfterErasureKeepsTheCustomerErased) {
  const std::string db = MakeStore();
  ASSERT_EQ(Mercato("privacy erase --db " + db + " --customer c-ann").status, 0);
  // An old export of the shop names c-ann again.
  const std::string dir = db + ".export";
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  std::ofstream(dir + "/customers.csv")
      << "id,email\nc-ann,c-ann@example.com\nc-cy,c-cy@example.com\n";
  std::ofstream(dir + "/orders.csv") << "id,customer_id,ts\no-c-ann-2,c-ann,1700100000\n";
  const CliRun imported = Mercato("import --db " + db + " --format generic --json " + dir);
  ASSERT_EQ(imported.status, 0) << imported.out << imported.err;
  const auto report = nlohmann::json::parse(imported.out);
  EXPECT_EQ(report["details"]["erased_customers.withheld_or_anonymized"], 2);
  ASSERT_EQ(report["warnings"].size(), 1u);
  EXPECT_NE(report["warnings"][0].get<std::string>().find("erased earlier"), std::string::npos);
  auto store = mercato::OpenStore(db).value();
  EXPECT_FALSE(store->GetCustomer("c-ann").value().has_value());
  EXPECT_TRUE(store->GetCustomer("c-cy").value().has_value());
  EXPECT_TRUE(store->GetCustomerRecords("c-ann").value().orders.empty());
  EXPECT_EQ(store->Count(mercato::EntityKind::kOrder).value(), 3);  // the new order, anonymous
}

// A customer is named by email (any case) too; an unknown name is exported and erased as an id,
// as before (an erased customer is no longer found).
TEST(PrivacyCli, CustomersAreNamedByEmail) {
  const std::string db = MakeStore();
  const CliRun exported = Mercato("privacy export --db " + db + " --customer C-Ann@Example.COM");
  ASSERT_EQ(exported.status, 0) << exported.err;
  EXPECT_EQ(nlohmann::json::parse(exported.out)["customer"]["id"], "c-ann");
  const CliRun erased = Mercato("privacy erase --db " + db + " --customer ' c-ann@example.com '");
  ASSERT_EQ(erased.status, 0) << erased.err;
  EXPECT_EQ(erased.out,
            "erased: 1 customer, 1 consents, 1 events, 0 carts; anonymized: 1 orders, 0 returns\n");
  auto store = mercato::OpenStore(db).value();
  EXPECT_FALSE(store->GetCustomer("c-ann").value().has_value());
  EXPECT_TRUE(store->GetCustomer("c-bo").value().has_value());
}

// `tokens create --db` mints for the internal id an email or an order's #name resolves to.
TEST(TokensCli, ResolvesCustomersAndOrdersInTheStore) {
  const std::string db = MakeStore();
  const std::string secret = db + ".secret";
  std::ofstream(secret) << std::string(40, 's');
  const std::string common = " --json --token-secret-file " + secret + " --db " + db;
  const CliRun customer = Mercato("tokens create --customer C-BO@example.com" + common);
  ASSERT_EQ(customer.status, 0) << customer.err;
  EXPECT_EQ(nlohmann::json::parse(customer.out)["customer_id"], "c-bo");
  const CliRun order = Mercato("tokens create --order '#o-c-bo'" + common);
  ASSERT_EQ(order.status, 0) << order.err;
  EXPECT_EQ(nlohmann::json::parse(order.out)["order_id"], "o-c-bo");
  const CliRun unknown = Mercato("tokens create --customer nobody@example.com" + common);
  EXPECT_NE(unknown.status, 0);
  EXPECT_NE(unknown.err.find("unknown customer 'nobody@example.com'"), std::string::npos)
      << unknown.err;
}

TEST(PrivacyCli, UsageErrors) {
  const std::string db = MakeStore();
  EXPECT_EQ(Mercato("privacy erase --db " + db + " --customer ''").status, 2);
  EXPECT_EQ(Mercato("privacy export --db " + db + " --customer ''").status, 2);
  EXPECT_NE(Mercato("privacy export --db " + db).status, 0);  // --customer required
  EXPECT_NE(Mercato("privacy erase --db " + db + ".absent --customer x").status, 0);
  EXPECT_TRUE(AuditOf(db).empty());
}

}  // namespace
