// The conformance suite's tests of the outbox: what every store back-end (with ErasureGuard) must
// do with the messages journeys enqueue and the deliverer sends.
#include <map>
#include <set>
#include <string>
#include <thread>
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

// Enqueues messages m1..mN for customers c1..cN, each due at `due` + i (i from 1).
void EnqueueDue(Store& store, int n, Timestamp due) {
  std::vector<OutboxMessage> batch;
  for (int i = 1; i <= n; ++i) {
    OutboxMessage m = SampleMessage("m" + std::to_string(i), "c" + std::to_string(i), due + i);
    m.send_after = due + i;
    batch.push_back(m);
  }
  ASSERT_EQ(store.EnqueueOutbox(batch).value(), n);
}

std::vector<std::string> IdsOf(const std::vector<OutboxMessage>& messages) {
  std::vector<std::string> ids;
  for (const OutboxMessage& m : messages) ids.push_back(m.id);
  return ids;
}

// The stored message with this id.
OutboxMessage Stored(Store& store, const std::string& id) {
  const std::vector<OutboxMessage> messages = store.ListOutbox("cart_recovery", 0).value();
  for (const OutboxMessage& m : messages) {
    if (m.id == id) return m;
  }
  ADD_FAILURE() << "no outbox message " << id;
  return {};
}

TEST_P(StoreConformance, ClaimTakesDueMessagesEarliestFirstUnderALease) {
  EnqueueDue(*store_, 4, 100);  // m1..m4 due at 101..104
  // At 102 only m1 and m2 are due; the limit keeps the earliest.
  EXPECT_EQ(IdsOf(store_->ClaimOutbox(102, 60, 1).value()), std::vector<std::string>{"m1"});
  const auto claimed = store_->ClaimOutbox(102, 60, 10).value();
  ASSERT_EQ(IdsOf(claimed), std::vector<std::string>{"m2"});  // m1 is held by its lease
  EXPECT_EQ(claimed[0].attempts, 1);
  EXPECT_EQ(claimed[0].next_attempt_at, 162);  // 102 + the 60 s lease
  EXPECT_EQ(claimed[0].status, kOutboxPending);
  EXPECT_EQ(Stored(*store_, "m1").attempts, 1);
  EXPECT_EQ(Stored(*store_, "m1").next_attempt_at, 162);
  // Another connection sees the claims: at 161 only m3 and m4 are claimable.
  auto other = GetParam()(dir_);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(IdsOf(other.value()->ClaimOutbox(161, 60, 10).value()),
            (std::vector<std::string>{"m3", "m4"}));
  // A deliverer that died holding m1 and m2: both come back once the lease has run out (162),
  // each with its second attempt counted.
  const auto again = store_->ClaimOutbox(162, 60, 10).value();
  ASSERT_EQ(IdsOf(again), (std::vector<std::string>{"m1", "m2"}));
  EXPECT_EQ(again[0].attempts, 2);
  EXPECT_TRUE(store_->ClaimOutbox(162, 60, 0).value().empty());
  // Claiming is a transaction of its own.
  ASSERT_TRUE(store_->Begin().ok());
  auto inside = store_->ClaimOutbox(1000, 60, 10);
  EXPECT_EQ(inside.status().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->Rollback().ok());
}

TEST_P(StoreConformance, ConcurrentClaimsNeverShareAMessage) {
  EnqueueDue(*store_, 60, 0);
  auto other = GetParam()(dir_);
  ASSERT_TRUE(other.ok());
  std::vector<std::string> a, b;
  std::thread ta([&] {
    for (int i = 0; i < 20; ++i) {
      const std::vector<OutboxMessage> claimed = store_->ClaimOutbox(1000, 600, 3).value();
      for (const OutboxMessage& m : claimed) a.push_back(m.id);
    }
  });
  std::thread tb([&] {
    for (int i = 0; i < 20; ++i) {
      const std::vector<OutboxMessage> claimed = other.value()->ClaimOutbox(1000, 600, 3).value();
      for (const OutboxMessage& m : claimed) b.push_back(m.id);
    }
  });
  ta.join();
  tb.join();
  // 40 claims of 3 can take all 60 messages; each went to exactly one connection.
  std::set<std::string> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  EXPECT_EQ(all.size(), a.size() + b.size());
  EXPECT_EQ(all.size(), 60u);
}

TEST_P(StoreConformance, OutcomesChangeOnlyPendingMessages) {
  EnqueueDue(*store_, 5, 0);
  ASSERT_EQ(store_->ClaimOutbox(10, 60, 10).value().size(), 5u);
  const std::vector<OutboxOutcome> outcomes = {
      {"m1", std::string(kOutboxDelivered), 20, 0, ""},
      {"m2", std::string(kOutboxPending), 20, 500, "HTTP 503"},
      {"m3", std::string(kOutboxDead), 20, 0, "HTTP 400: bad address"},
      {"m4", std::string(kOutboxSuppressed), 20, 0, "no consent for email_marketing"},
      {"nope", std::string(kOutboxDelivered), 20, 0, ""},
  };
  EXPECT_EQ(store_->RecordOutboxOutcomes(outcomes).value(), 4);  // "nope" is no message
  const OutboxMessage m1 = Stored(*store_, "m1");
  EXPECT_EQ(m1.status, kOutboxDelivered);
  EXPECT_EQ(m1.delivered_at, 20);
  const OutboxMessage m2 = Stored(*store_, "m2");
  EXPECT_EQ(m2.status, kOutboxPending);
  EXPECT_EQ(m2.next_attempt_at, 500);
  EXPECT_EQ(m2.last_error, "HTTP 503");
  EXPECT_EQ(m2.delivered_at, std::nullopt);
  EXPECT_EQ(Stored(*store_, "m3").last_error, "HTTP 400: bad address");
  EXPECT_EQ(Stored(*store_, "m4").status, kOutboxSuppressed);
  // m2 is due again at 500, not before; m5, claimed at 10 and never recorded, since its lease
  // ran out at 70; final messages are never claimed again.
  EXPECT_EQ(IdsOf(store_->ClaimOutbox(499, 60, 10).value()), std::vector<std::string>{"m5"});
  EXPECT_EQ(IdsOf(store_->ClaimOutbox(500, 60, 10).value()), std::vector<std::string>{"m2"});
  // A late deliverer cannot undo a final outcome.
  const std::vector<OutboxOutcome> late = {{"m1", std::string(kOutboxPending), 30, 40, "late"},
                                           {"m3", std::string(kOutboxDelivered), 30, 0, ""}};
  EXPECT_EQ(store_->RecordOutboxOutcomes(late).value(), 0);
  EXPECT_EQ(Stored(*store_, "m1").status, kOutboxDelivered);
  EXPECT_EQ(Stored(*store_, "m3").status, kOutboxDead);
  // An unknown status writes nothing of the batch.
  const std::vector<OutboxOutcome> bad = {{"m2", std::string(kOutboxDelivered), 40, 0, ""},
                                          {"m5", "sent", 40, 0, ""}};
  auto refused = store_->RecordOutboxOutcomes(bad);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("'sent'"), std::string::npos);
  EXPECT_EQ(Stored(*store_, "m2").status, kOutboxPending);
  // Counts: m1 delivered; m2, m5 pending; m3 dead; m4 suppressed.
  EXPECT_EQ(store_->CountOutboxByStatus().value(),
            (std::map<std::string, int64_t>{
                {"dead", 1}, {"delivered", 1}, {"pending", 2}, {"suppressed", 1}}));
}

TEST_P(StoreConformance, ErasureDeletesTheCustomersOutboxMessages) {
  EnqueueDue(*store_, 3, 0);
  ASSERT_EQ(store_->ClaimOutbox(10, 60, 1).value().size(), 1u);
  const std::vector<OutboxOutcome> delivered = {{"m1", std::string(kOutboxDelivered), 20, 0, ""}};
  ASSERT_EQ(store_->RecordOutboxOutcomes(delivered).value(), 1);
  // Before: each customer's export holds their messages, with the delivery state.
  const std::vector<OutboxMessage> c1 = store_->GetCustomerRecords("c1").value().outbox;
  ASSERT_EQ(c1.size(), 1u);
  EXPECT_EQ(c1[0].id, "m1");
  EXPECT_EQ(c1[0].status, kOutboxDelivered);
  EXPECT_EQ(store_->GetCustomerRecords("c2").value().outbox.size(), 1u);
  ASSERT_TRUE(store_->EraseCustomer("c1").ok());  // a delivered message goes too
  ASSERT_TRUE(store_->EraseCustomer("c2").ok());  // and a pending one
  EXPECT_EQ(OutboxIds(*store_, "cart_recovery"), std::vector<std::string>{"m3"});
  EXPECT_EQ(store_->CountOutboxByStatus().value(),
            (std::map<std::string, int64_t>{{"pending", 1}}));
  EXPECT_TRUE(store_->GetCustomerRecords("c1").value().outbox.empty());
}

TEST_P(StoreConformance, ConsentsOfOneCustomer) {
  PutCustomerWorld(*store_, "c1", 1);
  PutCustomerWorld(*store_, "c2", 2);
  const auto consents = store_->GetConsents("c1").value();
  ASSERT_FALSE(consents.empty());
  for (const Consent& c : consents) EXPECT_EQ(c.customer_id, "c1");
  EXPECT_EQ(consents.size(), store_->GetCustomerRecords("c1").value().consents.size());
  EXPECT_TRUE(store_->GetConsents("nobody").value().empty());
}

}  // namespace
}  // namespace mercato
