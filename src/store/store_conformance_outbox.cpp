// The conformance suite's tests of the outbox: what every store back-end (with ErasureGuard) must
// do with the messages journeys enqueue and the deliverer sends.
#include <string>
#include <vector>

#include "store/store_conformance.h"

namespace mercato {
namespace {

OutboxMessage SampleMessage(const std::string& id, const std::string& customer, Timestamp at) {
  OutboxMessage m;
  m.id = id;
  m.journey_id = "cart_recovery";
  m.step_id = "reminder_1";
  m.customer_id = customer;
  m.channel = "email";
  m.purpose = "email_marketing";
  m.payload_json = R"({"subject":"You left something behind"})";
  m.created_at = at;
  m.send_after = at + 3600;
  return m;
}

// The ids of a journey's messages, as ListOutbox orders them.
std::vector<std::string> OutboxIds(Store& store, const std::string& journey) {
  std::vector<std::string> ids;
  const std::vector<OutboxMessage> messages = store.ListOutbox(journey, 0).value();
  for (const OutboxMessage& m : messages) ids.push_back(m.id);
  return ids;
}

TEST_P(StoreConformance, EnqueuedMessagesArePendingWithTheirFieldsAndFreshState) {
  OutboxMessage m = SampleMessage("m1", "c1", 1000);
  // The delivery state the caller sets is ignored: a message starts pending, never tried.
  m.status = "delivered";
  m.attempts = 7;
  m.next_attempt_at = 5;
  m.delivered_at = 6;
  m.last_error = "stale";
  EXPECT_EQ(store_->EnqueueOutbox(std::vector<OutboxMessage>{m}).value(), 1);
  const auto stored = store_->ListOutbox("cart_recovery", 0).value();
  ASSERT_EQ(stored.size(), 1u);
  const OutboxMessage& s = stored[0];
  EXPECT_EQ(s.id, "m1");
  EXPECT_EQ(s.journey_id, "cart_recovery");
  EXPECT_EQ(s.step_id, "reminder_1");
  EXPECT_EQ(s.customer_id, "c1");
  EXPECT_EQ(s.channel, "email");
  EXPECT_EQ(s.purpose, "email_marketing");
  EXPECT_EQ(s.payload_json, m.payload_json);
  EXPECT_EQ(s.created_at, 1000);
  EXPECT_EQ(s.send_after, 4600);
  EXPECT_EQ(s.status, kOutboxPending);
  EXPECT_EQ(s.attempts, 0);
  EXPECT_EQ(s.next_attempt_at, 4600);  // first due when it may be sent
  EXPECT_EQ(s.delivered_at, std::nullopt);
  EXPECT_EQ(s.last_error, "");
  EXPECT_TRUE(store_->ListOutbox("win_back", 0).value().empty());
}

TEST_P(StoreConformance, EnqueueIsInsertOrIgnoreById) {
  const std::vector<OutboxMessage> first = {SampleMessage("m1", "c1", 100),
                                            SampleMessage("m2", "c2", 200),
                                            SampleMessage("m1", "c9", 300)};
  EXPECT_EQ(store_->EnqueueOutbox(first).value(), 2);  // the second m1 repeats the first
  OutboxMessage changed = SampleMessage("m2", "c2", 999);
  changed.payload_json = R"({"subject":"changed"})";
  const std::vector<OutboxMessage> again = {changed, SampleMessage("m3", "c3", 250)};
  EXPECT_EQ(store_->EnqueueOutbox(again).value(), 1);  // re-running a decision adds nothing
  // Newest first: m3 (250), m2 (200, as first written), m1 (100, its first customer).
  const auto stored = store_->ListOutbox("cart_recovery", 0).value();
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[0].id, "m3");
  EXPECT_EQ(stored[1].id, "m2");
  EXPECT_EQ(stored[1].created_at, 200);
  EXPECT_EQ(stored[1].payload_json, R"({"subject":"You left something behind"})");
  EXPECT_EQ(stored[2].customer_id, "c1");
  // A limit keeps the newest.
  const auto newest = store_->ListOutbox("cart_recovery", 2).value();
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[1].id, "m2");
}

TEST_P(StoreConformance, EnqueueRefusesABadMessageAndWritesNothingOfTheBatch) {
  OutboxMessage no_customer = SampleMessage("m2", "", 100);
  OutboxMessage not_object = SampleMessage("m3", "c3", 100);
  not_object.payload_json = "[1, 2]";
  OutboxMessage not_json = SampleMessage("m4", "c4", 100);
  not_json.payload_json = "{subject";
  OutboxMessage no_id = SampleMessage("", "c5", 100);
  const struct {
    OutboxMessage bad;
    std::string says;
  } cases[] = {{no_customer, "has no customer_id"},
               {not_object, "must be a JSON object"},
               {not_json, "malformed JSON"},
               {no_id, "has no id"}};
  for (const auto& c : cases) {
    auto r =
        store_->EnqueueOutbox(std::vector<OutboxMessage>{SampleMessage("m1", "c1", 100), c.bad});
    ASSERT_FALSE(r.ok()) << c.says;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.says), std::string::npos) << r.status().message();
  }
  EXPECT_TRUE(OutboxIds(*store_, "cart_recovery").empty());
}

TEST_P(StoreConformance, EnqueueJoinsTheCallersTransaction) {
  // A decision rolled back sends nothing: the message goes with the journey state it came with.
  ASSERT_TRUE(store_->Begin().ok());
  EXPECT_EQ(
      store_->EnqueueOutbox(std::vector<OutboxMessage>{SampleMessage("m1", "c1", 100)}).value(), 1);
  ASSERT_TRUE(store_->PutSetting("journey_state", "entered").ok());
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_TRUE(OutboxIds(*store_, "cart_recovery").empty());
  EXPECT_EQ(store_->GetSetting("journey_state").value(), std::nullopt);
  // Committed, both land, and another connection sees them.
  ASSERT_TRUE(store_->Begin().ok());
  EXPECT_EQ(
      store_->EnqueueOutbox(std::vector<OutboxMessage>{SampleMessage("m1", "c1", 100)}).value(), 1);
  ASSERT_TRUE(store_->PutSetting("journey_state", "entered").ok());
  // A bad batch inside the transaction fails alone: what the transaction wrote before stays.
  EXPECT_FALSE(
      store_->EnqueueOutbox(std::vector<OutboxMessage>{SampleMessage("m2", "", 100)}).ok());
  ASSERT_TRUE(store_->Commit().ok());
  auto other = GetParam()(dir_);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(OutboxIds(*other.value(), "cart_recovery"), std::vector<std::string>{"m1"});
  EXPECT_EQ(other.value()->GetSetting("journey_state").value(), "entered");
}

TEST_P(StoreConformance, EnqueueWithholdsMessagesToErasedCustomers) {
  ASSERT_TRUE(store_->EraseCustomer("gone").ok());
  const std::vector<OutboxMessage> batch = {SampleMessage("m1", "gone", 100),
                                            SampleMessage("m2", "c2", 100)};
  EXPECT_EQ(store_->EnqueueOutbox(batch).value(), 1);
  EXPECT_EQ(OutboxIds(*store_, "cart_recovery"), std::vector<std::string>{"m2"});
  EXPECT_EQ(store_->WithheldWrites(), 1);
}

}  // namespace
}  // namespace mercato
