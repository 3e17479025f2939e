// The real server on loopback: `mercato serve` started as a process, keys made with `mercato
// keys create`, requests over keep-alive HTTP, graceful SIGTERM, malformed HTTP, and SIGKILL
// during ingestion losing no acknowledged event.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "access/hmac.h"
#include "cli/cli_test_util.h"
#include "recommend_serving/serving_test_util.h"
#include "store/open_store.h"

namespace mercato {
namespace {

using nlohmann::json;
using testing::CliTestDir;
using testing::Mercato;

// `mercato serve --port 0` as a child process; the port is read from its first output line.
class ServerProcess {
 public:
  explicit ServerProcess(const std::string& args) {
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      const std::string cmd = "exec env MERCATO_SHOPIFY_SECRET=hush " + testing::MercatoBinary() +
                              " serve --port 0 " + args;
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    out_ = fdopen(out[0], "r");
    char line[512];
    if (out_ && fgets(line, sizeof line, out_)) {
      first_line_ = line;
      const size_t colon = first_line_.find(':', first_line_.find("127.0.0.1"));
      if (colon != std::string::npos) port_ = std::atoi(first_line_.c_str() + colon + 1);
    }
  }
  ~ServerProcess() {
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);
      Wait();
    }
    if (out_) fclose(out_);
  }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Waits for the process; its exit status, or -signal when killed.
  int Wait() {
    int raw = 0;
    waitpid(pid_, &raw, 0);
    waited_ = true;
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -WTERMSIG(raw);
  }
  std::string RestOfOutput() {
    std::string rest;
    char buf[512];
    while (out_ && fgets(buf, sizeof buf, out_)) rest += buf;
    return rest;
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string first_line_;
  int port_ = 0;
  bool waited_ = false;
};

struct ServeTest : ::testing::Test {
  void SetUp() override {
    dir = CliTestDir();
    auto store = serving::testing::MakeServingStore(dir);
    ASSERT_NE(serving::testing::TrainAndLoad(*store, dir), nullptr);
    db = dir + "/store.db";
    storefront = Key("storefront");
    admin = Key("admin");
  }
  std::string Key(const std::string& scope) {
    const auto run = Mercato("keys create --db " + db + " --scope " + scope + " --json");
    EXPECT_EQ(run.status, 0) << run.err;
    return json::parse(run.out)["key"];
  }
  std::string Args() const { return "--db " + db + " --artifacts " + dir + "/artifacts"; }
  static httplib::Headers Bearer(const std::string& key) {
    return {{"Authorization", "Bearer " + key}};
  }
  std::string dir, db, storefront, admin;
};

TEST_F(ServeTest, ServesOverKeepAliveAndStopsOnSigterm) {
  ServerProcess server(Args());
  ASSERT_GT(server.port(), 0);
  httplib::Client client("127.0.0.1", server.port());
  client.set_keep_alive(true);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  for (int i = 0; i < 20; ++i) {  // one connection, many requests
    auto r = client.Get("/v1/recommendations/user/us1?k=3", Bearer(storefront));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(json::parse(r->body)["items"].size(), 3u);
  }
  auto unauthorized = client.Get("/v1/recommendations/user/us1");
  ASSERT_TRUE(unauthorized);
  EXPECT_EQ(unauthorized->status, 401);
  EXPECT_EQ(json::parse(unauthorized->body)["error"]["code"], "unauthenticated");
  auto profile = client.Get("/v1/customers/f1", Bearer(admin));
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->status, 200);
  auto huge =
      client.Post("/v1/events", Bearer(storefront), std::string(5 << 20, 'x'), "application/json");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  auto events = client.Post("/v1/events", Bearer(storefront),
                            R"({"events": [{"type": "view", "session_id": "s", "sku": "p1"}]})",
                            "application/json");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->status, 202);

  // Garbage on a raw socket gets an error answer; the server keeps serving.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server.port()));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string garbage = "\x01\x02 NOT HTTP\r\n\r\n";
  ASSERT_EQ(write(fd, garbage.data(), garbage.size()), static_cast<ssize_t>(garbage.size()));
  char buf[256] = {};
  EXPECT_GT(read(fd, buf, sizeof buf - 1), 0);
  EXPECT_EQ(std::string(buf).rfind("HTTP/1.1 400", 0), 0u) << buf;
  close(fd);
  auto still = client.Get("/healthz");
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);

  client.stop();  // an idle keep-alive connection would hold the shutdown for its timeout
  kill(server.pid(), SIGTERM);
  EXPECT_EQ(server.Wait(), 0);
  EXPECT_NE(server.RestOfOutput().find("stopped"), std::string::npos);
}

TEST_F(ServeTest, ConsentWebhooksAndErasureOverHttp) {
  ServerProcess server(Args());
  ASSERT_GT(server.port(), 0);
  httplib::Client client("127.0.0.1", server.port());
  auto personalized = [&](const std::string& id) {
    auto r = client.Get("/v1/recommendations/user/" + id, Bearer(storefront));
    EXPECT_TRUE(r && r->status == 200);
    return r && json::parse(r->body)["personalized"].get<bool>();
  };
  EXPECT_TRUE(personalized("us1"));
  auto revoked =
      client.Post("/v1/customers/us1/consents", Bearer(admin),
                  R"({"purpose": "personalization", "granted": false})", "application/json");
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200);
  EXPECT_FALSE(personalized("us1"));

  // A Shopify customer update with a valid signature is stored; a forged one is refused.
  const std::string body = R"({"id": 7001, "email": "new@example.com", "first_name": "Ada",
    "default_address": {"country_code": "DE"}})";
  httplib::Headers h = {{"X-Shopify-Topic", "customers/create"},
                        {"X-Shopify-Webhook-Id", "w-1"},
                        {"X-Shopify-Hmac-Sha256", "bm90IHRoZSBzaWduYXR1cmU="}};
  auto forged = client.Post("/v1/webhooks/shopify", h, body, "application/json");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
  h.erase("X-Shopify-Hmac-Sha256");
  h.emplace("X-Shopify-Hmac-Sha256", Base64Encode(HmacSha256("hush", body)));
  auto accepted = client.Post("/v1/webhooks/shopify", h, body, "application/json");
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 200) << accepted->body;
  auto duplicate = client.Post("/v1/webhooks/shopify", h, body, "application/json");
  ASSERT_TRUE(duplicate);
  EXPECT_TRUE(json::parse(duplicate->body)["duplicate"].get<bool>());

  // Erasure: gone from the store and from the served models on the next request.
  EXPECT_TRUE(personalized("f3"));
  auto erased = client.Delete("/v1/customers/f3", Bearer(admin));
  ASSERT_TRUE(erased);
  EXPECT_EQ(erased->status, 200) << erased->body;
  EXPECT_FALSE(personalized("f3"));
  auto profile = client.Get("/v1/customers/f3", Bearer(admin));
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->status, 404);
}

TEST_F(ServeTest, SigkillDuringIngestionLosesNoAcknowledgedEvent) {
  ServerProcess server(Args());
  ASSERT_GT(server.port(), 0);
  std::set<std::string> acknowledged;
  std::atomic<int> batches{0};
  std::thread poster([&] {
    httplib::Client client("127.0.0.1", server.port());
    for (int b = 0; b < 100000; ++b) {
      json events = json::array();
      for (int i = 0; i < 50; ++i) {
        events.push_back({{"id", "e" + std::to_string(b) + "-" + std::to_string(i)},
                          {"type", "view"},
                          {"session_id", "s" + std::to_string(b)},
                          {"sku", "p" + std::to_string(i % 10)}});
      }
      auto r = client.Post("/v1/events", Bearer(storefront), json{{"events", events}}.dump(),
                           "application/json");
      if (!r) return;  // the server is gone
      if (r->status == 202) {
        for (const auto& e : events) acknowledged.insert(e["id"].get<std::string>());
        ++batches;
      }
    }
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (batches < 20 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(server.pid(), SIGKILL);
  EXPECT_EQ(server.Wait(), -SIGKILL);
  poster.join();
  ASSERT_GE(batches.load(), 20) << "the server did not acknowledge 20 batches in 2 minutes";
  ASSERT_GE(acknowledged.size(), 1000u);

  auto store = OpenStore(db);
  ASSERT_TRUE(store.ok());
  std::set<std::string> stored;
  ASSERT_TRUE(ScanAll<Event>(**store, [&](const Event& e) {
                stored.insert(e.id);
                return Status::Ok();
              }).ok());
  size_t lost = 0;
  for (const std::string& id : acknowledged) lost += stored.count(id) == 0;
  EXPECT_EQ(lost, 0u) << "of " << acknowledged.size() << " acknowledged events";
}

TEST_F(ServeTest, RefusesAMissingStoreAndABusyPort) {
  const auto missing = Mercato("serve --db " + dir + "/nothing.db --port 0");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.err.find("nothing.db"), std::string::npos) << missing.err;
  ServerProcess first(Args());
  ASSERT_GT(first.port(), 0);
  const auto busy = Mercato("serve " + Args() + " --port " + std::to_string(first.port()));
  EXPECT_EQ(busy.status, 1);
  EXPECT_NE(busy.err.find("cannot bind"), std::string::npos) << busy.err;
}

}  // namespace
}  // namespace mercato
