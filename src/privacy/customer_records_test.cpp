// Tests of the customer export JSON and of erasure with its audit record.
#include "privacy/customer_records.h"

#include <gtest/gtest.h>

#include "common/text.h"
#include "store/open_store.h"

namespace mercato::privacy {
namespace {

class CustomerRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(":memory:").value();
    Customer c;
    c.id = "shopify:abc";
    c.email = "jane@example.com";
    c.first_name = "Jane";
    c.country = "DE";
    c.created_at = 1700000000;
    Put(c);
    Put(Consent{"shopify:abc", "email_marketing", true, 1700000100, "checkout"});
    Order o;
    o.id = "#1001";
    o.customer_id = "shopify:abc";
    o.ts = 1700000200;
    o.total = 59.5;
    o.currency = "EUR";
    Put(o);
    Put(OrderLine{"#1001", 1, "MUG-1", "Mug", 2, 29.75, std::nullopt});
    Event e;
    e.id = "ev1";
    e.customer_id = "shopify:abc";
    e.type = "view";
    e.sku = "MUG-1";
    e.ts = 1700000150;
    Put(e);
  }
  template <class T>
  void Put(const T& entity) {
    ASSERT_TRUE(store_->Put(&entity).ok());
  }
  std::unique_ptr<Store> store_;
};

TEST_F(CustomerRecordsTest, ExportHoldsEveryRecordWithTypedFields) {
  const nlohmann::json j = CustomerRecordsJson(store_->GetCustomerRecords("shopify:abc").value());
  EXPECT_EQ(j["customer_id"], "shopify:abc");
  EXPECT_EQ(j["found"], true);
  EXPECT_EQ(j["customer"]["email"], "jane@example.com");
  EXPECT_EQ(j["customer"]["created_at"], "2023-11-14T22:13:20Z");
  EXPECT_FALSE(j["customer"].contains("phone"));  // unknown fields are left out
  ASSERT_EQ(j["consents"].size(), 1u);
  EXPECT_EQ(j["consents"][0]["granted"], true);
  EXPECT_EQ(j["consents"][0]["purpose"], "email_marketing");
  ASSERT_EQ(j["orders"].size(), 1u);
  EXPECT_DOUBLE_EQ(j["orders"][0]["total"].get<double>(), 59.5);
  ASSERT_EQ(j["order_lines"].size(), 1u);
  EXPECT_EQ(j["order_lines"][0]["quantity"], 2);
  EXPECT_EQ(j["order_lines"][0]["line_no"], 1);
  EXPECT_FALSE(j["order_lines"][0].contains("discount"));
  ASSERT_EQ(j["events"].size(), 1u);
  EXPECT_EQ(j["events"][0]["sku"], "MUG-1");
  EXPECT_TRUE(j["carts"].empty());
  EXPECT_TRUE(j["returns"].empty());
  EXPECT_TRUE(j["experiment_exposures"].empty());
  EXPECT_TRUE(j["journey_log"].empty());
  EXPECT_TRUE(j["outbox"].empty());
}

// What journeys and experiments keep of the customer is exported too: the exposure, the journey
// log's entry and step, and the message with its delivery state and payload as JSON.
TEST_F(CustomerRecordsTest, ExportHoldsExposuresJourneyLogAndOutbox) {
  ExperimentRecord experiment;
  experiment.key = "recs";
  experiment.unit = "customer";
  experiment.definition = "{}";
  ASSERT_TRUE(store_->PutExperiment(experiment).ok());
  ASSERT_EQ(
      store_->RecordExposures("recs", std::vector<Exposure>{{"shopify:abc", "control", 0}}).value(),
      1);
  std::vector<JourneyLogRecord> log(2);
  log[0] = {"win_back", "shopify:abc", "after-2023-11-14", JourneyLogRecord::kEnterStep, 1700000300,
            false,      "lapse"};
  log[1] = {"win_back", "shopify:abc", "after-2023-11-14", 0, 1700000400, false, "m-1"};
  ASSERT_EQ(store_->AppendJourneyLog(log).value(), 2);
  OutboxMessage m;
  m.id = "m-1";
  m.journey_id = "win_back";
  m.step_id = "reminder_1";
  m.customer_id = "shopify:abc";
  m.channel = "email";
  m.purpose = "email_marketing";
  m.payload_json = R"({"subject":"We miss you"})";
  m.created_at = m.send_after = 1700000400;
  ASSERT_EQ(store_->EnqueueOutbox(std::vector<OutboxMessage>{m}).value(), 1);
  const nlohmann::json j = CustomerRecordsJson(store_->GetCustomerRecords("shopify:abc").value());
  ASSERT_EQ(j["experiment_exposures"].size(), 1u);
  EXPECT_EQ(j["experiment_exposures"][0]["experiment"], "recs");
  EXPECT_EQ(j["experiment_exposures"][0]["variant"], "control");
  EXPECT_EQ(j["experiment_exposures"][0]["first_at"], "1970-01-01T00:00:00Z");
  ASSERT_EQ(j["journey_log"].size(), 2u);
  EXPECT_EQ(j["journey_log"][0]["action"], "enter");
  EXPECT_FALSE(j["journey_log"][0].contains("step"));
  EXPECT_EQ(j["journey_log"][1]["action"], "step");
  EXPECT_EQ(j["journey_log"][1]["step"], 0);
  EXPECT_EQ(j["journey_log"][1]["detail"], "m-1");
  ASSERT_EQ(j["outbox"].size(), 1u);
  EXPECT_EQ(j["outbox"][0]["payload"]["subject"], "We miss you");
  EXPECT_EQ(j["outbox"][0]["status"], "pending");
  EXPECT_TRUE(j["outbox"][0]["delivered_at"].is_null());
  EXPECT_EQ(j["outbox"][0]["created_at"], "2023-11-14T22:20:00Z");
}

TEST_F(CustomerRecordsTest, ExportOfAnUnknownCustomerSaysSo) {
  const nlohmann::json j = CustomerRecordsJson(store_->GetCustomerRecords("nobody").value());
  EXPECT_EQ(j["found"], false);
  EXPECT_TRUE(j["customer"].is_null());
  EXPECT_TRUE(j["orders"].empty());
}

TEST_F(CustomerRecordsTest, EraseRemovesTheCustomerAndAuditsWithoutPersonalData) {
  ASSERT_TRUE(EraseCustomerEverywhere(*store_, "shopify:abc", "cli", 1800000000).ok());
  const CustomerRecords after = store_->GetCustomerRecords("shopify:abc").value();
  EXPECT_FALSE(after.found);
  EXPECT_TRUE(after.consents.empty());
  EXPECT_TRUE(after.events.empty());
  EXPECT_TRUE(after.orders.empty());
  EXPECT_EQ(store_->Count(EntityKind::kOrder).value(), 1);  // kept, anonymized
  EXPECT_EQ(store_->Count(EntityKind::kOrderLine).value(), 1);

  std::vector<AuditRecord> audit;
  ASSERT_TRUE(store_
                  ->ScanAudit([&](const AuditRecord& r) {
                    audit.push_back(r);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "erasure");
  EXPECT_EQ(audit[0].actor, "cli");
  EXPECT_EQ(audit[0].ts, 1800000000);
  EXPECT_EQ(audit[0].subject, Sha256Hex("shopify:abc"));
  EXPECT_EQ(audit[0].detail,
            "customer row deleted; 1 consents, 1 events, 0 carts deleted; 1 orders, 0 returns "
            "kept without the customer id");
  for (const std::string& text : {audit[0].subject, audit[0].detail}) {
    EXPECT_EQ(text.find("jane"), std::string::npos);
    EXPECT_EQ(text.find("shopify:abc"), std::string::npos);
  }

  // Again: nothing left to erase, still audited.
  ASSERT_TRUE(EraseCustomerEverywhere(*store_, "shopify:abc", "cli", 1800000001).ok());
  EXPECT_EQ(store_->Count(EntityKind::kOrder).value(), 1);
  EXPECT_EQ(EraseCustomerEverywhere(*store_, "", "cli", 1).code(), StatusCode::kInvalidArgument);
}

TEST_F(CustomerRecordsTest, FailedAuditUndoesTheErasure) {
  // An empty actor is refused by the audit, after the erasure ran: both must roll back.
  EXPECT_FALSE(EraseCustomerEverywhere(*store_, "shopify:abc", "", 1).ok());
  EXPECT_TRUE(store_->GetCustomer("shopify:abc").value().has_value());
  EXPECT_EQ(store_->GetCustomerRecords("shopify:abc").value().events.size(), 1u);
}

}  // namespace
}  // namespace mercato::privacy
