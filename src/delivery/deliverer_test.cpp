// Tests of the deliverer, the fault tests among them: a receiver down for an hour loses
// nothing, a deliverer killed mid-batch (kill -9) loses nothing and sends nothing twice under one
// idempotency key; consent is checked at send time; dead letters after the limit.
#include "delivery/deliverer.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "delivery/compliance.h"
#include "delivery/delivery_test_util.h"
#include "delivery/http_sinks.h"
#include "delivery/receiver_test_util.h"
#include "store/open_store.h"
#include "store/temp_path_test_util.h"

namespace mercato::delivery {
namespace {

using testing::Receiver;
using testing::SampleOutboxMessage;
using testing::SampleSender;

constexpr Timestamp kStart = 1700000000;

DelivererOptions Options() {
  DelivererOptions o;
  o.sender = SampleSender();
  o.unsubscribe_base_url = "https://m.roaster.example";
  o.token_secret = std::string(40, 'k');
  o.retry = {30, 3600, 12};
  o.lease_seconds = 300;
  o.batch_size = 100;
  return o;
}

class DelivererTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = mercato::testing::FreshPath("deliverer.db");
    store_ = OpenStore(path_).value();
  }
  // Customers c1..cN in the United States (email marketing allowed until opted out), each with
  // one pending message m1..mN due at kStart.
  void Enqueue(int n) {
    std::vector<OutboxMessage> batch;
    for (int i = 1; i <= n; ++i) {
      Customer c;
      c.id = "c" + std::to_string(i);
      c.email = c.id + "@example.com";
      c.country = "US";
      ASSERT_TRUE(store_->Put(&c).ok());
      batch.push_back(SampleOutboxMessage("m" + std::to_string(i), c.id, kStart));
    }
    ASSERT_EQ(store_->EnqueueOutbox(batch).value(), n);
  }
  Deliverer To(const Receiver& r, Store& store, DelivererOptions o = Options()) {
    HttpSinkOptions h;
    h.url = r.url();
    h.secret = "hook-secret";
    h.timeout = std::chrono::milliseconds(5000);
    return Deliverer(store, MakeWebhookSink(h, o.sender), o);
  }
  std::map<std::string, int64_t> Counts() { return store_->CountOutboxByStatus().value(); }

  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(DelivererTest, DeliversDueMessagesWithSignedUnsubscribeLinks) {
  Enqueue(3);
  Receiver receiver;
  Deliverer d = To(receiver, *store_);
  const DeliveryRound r = d.Drain(kStart, 0).value();
  EXPECT_EQ(r.claimed, 3);
  EXPECT_EQ(r.delivered, 3);
  EXPECT_EQ(receiver.Deliveries(), (std::map<std::string, int>{{"m1", 1}, {"m2", 1}, {"m3", 1}}));
  EXPECT_EQ(Counts(), (std::map<std::string, int64_t>{{"delivered", 3}}));
  // The link in the last message unsubscribes its customer from the message's purpose.
  const auto doc = nlohmann::json::parse(receiver.last_body());
  const std::string url = doc["unsubscribe_url"];
  const std::string prefix = "https://m.roaster.example/v1/unsubscribe?token=";
  ASSERT_EQ(url.rfind(prefix, 0), 0u) << url;
  auto request = VerifyUnsubscribeToken(Options().token_secret, url.substr(prefix.size()), kStart);
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->customer_id, doc["customer_id"]);
  EXPECT_EQ(doc["to"]["email"], std::string(doc["customer_id"]) + "@example.com");
  // Nothing is due any more: a second drain sends nothing.
  EXPECT_EQ(d.Drain(kStart + 10, 0).value().claimed, 0);
  EXPECT_EQ(receiver.requests(), 3);
}

TEST_F(DelivererTest, AnOptOutAfterTheDecisionSuppressesTheMessage) {
  Enqueue(2);
  Consent optout{"c2", "email_marketing", false, kStart - 5, "unsubscribe-link"};
  ASSERT_TRUE(store_->Put(&optout).ok());
  Receiver receiver;
  Deliverer d = To(receiver, *store_);
  const DeliveryRound r = d.Drain(kStart, 0).value();
  EXPECT_EQ(r.delivered, 1);
  EXPECT_EQ(r.suppressed, 1);
  EXPECT_EQ(receiver.Deliveries(), (std::map<std::string, int>{{"m1", 1}}));
  const auto messages = store_->ListOutbox("cart_recovery", 0).value();
  for (const OutboxMessage& m : messages) {
    if (m.id != "m2") continue;
    EXPECT_EQ(m.status, kOutboxSuppressed);
    EXPECT_NE(m.last_error.find("no consent for email_marketing (revoked"), std::string::npos);
  }
}

TEST_F(DelivererTest, NotYetDueMessagesWait) {
  OutboxMessage later = SampleOutboxMessage("later", "c1", kStart);
  later.send_after = kStart + 3600;  // quiet hours
  Enqueue(1);
  ASSERT_EQ(store_->EnqueueOutbox(std::vector<OutboxMessage>{later}).value(), 1);
  Receiver receiver;
  Deliverer d = To(receiver, *store_);
  EXPECT_EQ(d.Drain(kStart, 0).value().delivered, 1);
  EXPECT_EQ(d.Drain(kStart + 3599, 0).value().claimed, 0);
  EXPECT_EQ(d.Drain(kStart + 3600, 0).value().delivered, 1);
  EXPECT_EQ(receiver.Deliveries(), (std::map<std::string, int>{{"later", 1}, {"m1", 1}}));
}

// The fault test: the receiver refuses connections for half an hour, then answers 503 for
// another half hour; the deliverer keeps its schedule (a round a minute, on an injected clock).
// After the receiver returns, every message is delivered, once per idempotency key, none dead.
TEST_F(DelivererTest, AReceiverDownForAnHourLosesNothing) {
  constexpr int kMessages = 150;
  Enqueue(kMessages);
  Receiver receiver;
  Deliverer d = To(receiver, *store_);
  receiver.GoDown();
  Timestamp now = kStart;
  int64_t delivered = 0, retried = 0;
  for (; now < kStart + 3600; now += 60) {
    if (now == kStart + 1800) {
      receiver.ComeBack();
      receiver.SetMode(Receiver::Mode::kUnavailable);
    }
    const DeliveryRound r = d.Drain(now, 0).value();
    delivered += r.delivered;
    retried += r.retried;
    ASSERT_EQ(r.dead, 0) << "at +" << now - kStart << " s";
  }
  EXPECT_EQ(delivered, 0);
  EXPECT_GE(retried, kMessages * 5);  // backoff 30, 60, 120, 240, 480 s fit in the hour (halved
                                      // at most by jitter), so every message tried 5+ times
  EXPECT_TRUE(receiver.Deliveries().empty());
  receiver.SetMode(Receiver::Mode::kUp);
  // The longest wait after an hour of failures is capped at retry.max_seconds (3600 s).
  for (; now <= kStart + 3 * 3600 && delivered < kMessages; now += 60) {
    delivered += d.Drain(now, 0).value().delivered;
  }
  EXPECT_EQ(delivered, kMessages);
  EXPECT_EQ(Counts(), (std::map<std::string, int64_t>{{"delivered", kMessages}}));
  const auto deliveries = receiver.Deliveries();
  EXPECT_EQ(deliveries.size(), static_cast<size_t>(kMessages));
  for (const auto& [key, times] : deliveries) EXPECT_EQ(times, 1) << key;
}

TEST_F(DelivererTest, MessagesDieAfterTheLastAttemptOrARejection) {
  Enqueue(2);
  Receiver receiver;
  receiver.SetMode(Receiver::Mode::kUnavailable);
  DelivererOptions o = Options();
  o.retry = {30, 60, 3};
  Deliverer d = To(receiver, *store_, o);
  // Attempts at +0, then within 15..30 s, then within 30..60 s after that: all three fail.
  for (Timestamp now = kStart; now <= kStart + 200; now += 5) ASSERT_TRUE(d.Drain(now, 0).ok());
  EXPECT_EQ(Counts(), (std::map<std::string, int64_t>{{"dead", 2}}));
  EXPECT_EQ(receiver.requests(), 6);  // 2 messages x 3 attempts
  const auto messages = store_->ListOutbox("cart_recovery", 0).value();
  EXPECT_EQ(messages[0].attempts, 3);
  EXPECT_EQ(messages[0].last_error, "attempt 3: HTTP 503: busy");
  // A 4xx is final at once.
  OutboxMessage m3 = SampleOutboxMessage("m3", "c1", kStart);
  ASSERT_EQ(store_->EnqueueOutbox(std::vector<OutboxMessage>{m3}).value(), 1);
  receiver.SetMode(Receiver::Mode::kRejecting);
  EXPECT_EQ(d.Drain(kStart + 300, 0).value().dead, 1);
  EXPECT_EQ(Counts(), (std::map<std::string, int64_t>{{"dead", 3}}));
}

// The other fault test: a deliverer process is killed (SIGKILL) while the receiver is
// answering the middle of its second batch. No message is lost: once the lease runs out another
// deliverer sends what the dead one had claimed. Only messages of the batch it died in reach the
// receiver twice, under the same idempotency key, which lets the receiver drop the copy.
TEST_F(DelivererTest, ADelivererKilledMidBatchLosesNothingAndRepeatsNoKey) {
  constexpr int kMessages = 400;
  Enqueue(kMessages);
  // The deliverer process is forked before this process starts any thread (the receiver's), so
  // the child inherits no lock another thread held; it learns the receiver's port from a pipe.
  int port_pipe[2];
  ASSERT_EQ(pipe(port_pipe), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(port_pipe[1]);
    int port = 0;
    if (read(port_pipe[0], &port, sizeof(port)) != sizeof(port)) _exit(2);
    auto store = OpenStore(path_);
    if (!store.ok()) _exit(3);
    HttpSinkOptions h;
    h.url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
    h.secret = "hook-secret";
    Deliverer d(*store.value(), MakeWebhookSink(h, SampleSender()), Options());
    for (;;) {
      auto r = d.RunOnce(kStart, 100);
      if (!r.ok() || r->claimed == 0) _exit(4);
    }
  }
  close(port_pipe[0]);
  Receiver receiver;
  receiver.OnRequest([pid](int64_t n) {
    if (n == 150) kill(pid, SIGKILL);  // batch 2 holds the 101st to the 200th message
  });
  const int port = receiver.port();
  ASSERT_EQ(write(port_pipe[1], &port, sizeof(port)), static_cast<ssize_t>(sizeof(port)));
  close(port_pipe[1]);
  int wstatus = 0;
  pid_t waited = 0;
  for (int i = 0; i < 600 && waited == 0; ++i) {  // at most a minute
    waited = waitpid(pid, &wstatus, WNOHANG);
    if (waited == 0) usleep(100 * 1000);
  }
  if (waited == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &wstatus, 0);
    FAIL() << "the deliverer process did not reach the 150th request within a minute";
  }
  ASSERT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL) << wstatus;
  receiver.OnRequest(nullptr);
  // Batch 1 was recorded; batch 2 stays claimed under its lease; 201..400 were never claimed.
  auto counts = Counts();
  EXPECT_EQ(counts["delivered"], 100);
  EXPECT_EQ(counts["pending"], 300);
  Deliverer d = To(receiver, *store_);
  EXPECT_EQ(d.Drain(kStart + 1, 0).value().claimed, 200);  // the lease holds batch 2 back
  const DeliveryRound after = d.Drain(kStart + 300, 0).value();
  EXPECT_EQ(after.claimed, 100);
  EXPECT_EQ(after.delivered, 100);
  EXPECT_EQ(Counts(), (std::map<std::string, int64_t>{{"delivered", kMessages}}));
  // Every message reached the receiver; the repeats are batch 2's first 50, which the receiver
  // had answered (the 150th too: it counts before it answers) when the deliverer died.
  const auto deliveries = receiver.Deliveries();
  ASSERT_EQ(deliveries.size(), static_cast<size_t>(kMessages));
  int repeated = 0;
  for (const auto& [key, times] : deliveries) {
    EXPECT_LE(times, 2) << key;
    repeated += times - 1;
  }
  EXPECT_EQ(repeated, 50);
  EXPECT_EQ(receiver.requests(), kMessages + 50);
}

TEST_F(DelivererTest, OptionsAreCheckedBeforeAnythingIsSent) {
  DelivererOptions o = Options();
  EXPECT_TRUE(CheckDelivererOptions(o).ok());
  o.sender.postal_address.clear();
  EXPECT_EQ(CheckDelivererOptions(o).code(), StatusCode::kFailedPrecondition);
  o = Options();
  o.unsubscribe_base_url = "m.roaster.example";
  EXPECT_NE(CheckDelivererOptions(o).message().find("--unsubscribe-url"), std::string::npos);
  o = Options();
  o.token_secret = "short";
  EXPECT_NE(CheckDelivererOptions(o).message().find("MERCATO_TOKEN_SECRET"), std::string::npos);
  o = Options();
  o.retry.max_attempts = 0;
  EXPECT_FALSE(CheckDelivererOptions(o).ok());
}

}  // namespace
}  // namespace mercato::delivery
