// The real server on loopback: `mercato serve` started as a process, keys made with `mercato
// keys create`, requests over keep-alive HTTP, graceful SIGTERM, malformed HTTP, and SIGKILL
// during ingestion losing no acknowledged event; and the hostile clients the front end must
// survive: slowloris, oversized chunked bodies, pipelining, malformed framing headers, and a
// drain on SIGTERM while a request is still arriving.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "access/hmac.h"
#include "cli/cli_test_util.h"
#include "cli/serve_test_support.h"
#include "recommend_serving/serving_test_util.h"
#include "store/open_store.h"

namespace mercato {
namespace {

using nlohmann::json;
using testing::CliRun;
using testing::CliTestDir;
using testing::Headers;
using testing::HttpClient;
using testing::Mercato;
using testing::RawConnection;
using testing::ServerProcess;

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
  static Headers Bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }
  static Headers JsonPost(const std::string& key) {
    return {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}};
  }
  std::string dir, db, storefront, admin;
};

// --retrain-every: runs are reported in /readyz, and SIGTERM stops the schedule and the process;
// a malformed duration is refused before anything starts.
TEST_F(ServeTest, RetrainsOnItsScheduleAndStopsOnSigterm) {
  const CliRun bad = Mercato("serve " + Args() + " --retrain-every 6x");
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("expected a duration such as 30s, 30m, 6h or 1d (0: none), got '6x'"),
            std::string::npos)
      << bad.err;
  ServerProcess server(Args() + " --retrain-every 1s");
  ASSERT_GT(server.port(), 0);
  HttpClient client(server.port());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  json retrain;
  while (std::chrono::steady_clock::now() < deadline) {
    auto ready = client.Get("/readyz");
    ASSERT_TRUE(ready);
    retrain = json::parse(ready->body)["retrain"];
    if (retrain["successes"].get<int>() >= 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_GE(retrain["successes"].get<int>(), 1) << retrain.dump();
  EXPECT_EQ(retrain["failures"], 0) << retrain.dump();
  client.Close();
  kill(server.pid(), SIGTERM);
  EXPECT_EQ(server.Wait(), 0);
  EXPECT_NE(server.RestOfOutput().find("stopped"), std::string::npos);
}

TEST_F(ServeTest, ServesOverKeepAliveAndStopsOnSigterm) {
  ServerProcess server(Args());
  ASSERT_GT(server.port(), 0);
  HttpClient client(server.port());
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

  client.Close();
  kill(server.pid(), SIGTERM);
  EXPECT_EQ(server.Wait(), 0);
  EXPECT_NE(server.RestOfOutput().find("stopped"), std::string::npos);
}

TEST_F(ServeTest, ConsentWebhooksAndErasureOverHttp) {
  ServerProcess server(Args());
  ASSERT_GT(server.port(), 0);
  HttpClient client(server.port());
  // An erased customer is unknown (404 without anonymous_fallback): ask for the fallback so
  // that the answer says whether it was personalized.
  auto personalized = [&](const std::string& id) {
    auto r =
        client.Get("/v1/recommendations/user/" + id + "?anonymous_fallback=true", Bearer(admin));
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
  Headers h = {{"X-Shopify-Topic", "customers/create"},
               {"X-Shopify-Webhook-Id", "w-1"},
               {"X-Shopify-Hmac-Sha256", "bm90IHRoZSBzaWduYXR1cmU="}};
  auto forged = client.Post("/v1/webhooks/shopify", h, body, "application/json");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
  h[2].second = Base64Encode(HmacSha256("hush", body));
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
  auto unknown = client.Get("/v1/recommendations/user/f3", Bearer(admin));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404) << unknown->body;
  auto profile = client.Get("/v1/customers/f3", Bearer(admin));
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->status, 404);
}

// Regression (issue 14 item 9): one corrupt artifact stopped `mercato serve` from starting, and
// with it ingestion and erasure. It starts with the models that load, names the broken one in
// /readyz, /metrics and its log, and erases (removing the corrupt artifact, which may hold the
// customer).
TEST_F(ServeTest, StartsWithACorruptArtifactAndReportsIt) {
  serving::testing::CorruptArtifact(dir + "/artifacts", "recommend.sar");
  const std::string log = dir + "/serve.log";
  ServerProcess server(Args() + " 2>" + log);
  ASSERT_GT(server.port(), 0) << testing::ReadFileOrEmpty(log);
  HttpClient client(server.port());
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  const json r = json::parse(ready->body);
  ASSERT_EQ(r["failed_artifacts"].size(), 1u) << ready->body;
  EXPECT_EQ(r["failed_artifacts"][0]["artifact"], "recommend.sar");
  auto recs = client.Get("/v1/recommendations/user/us1?k=3", Bearer(storefront));
  ASSERT_TRUE(recs);
  EXPECT_EQ(recs->status, 200) << recs->body;
  auto metrics = client.Get("/metrics", Bearer(admin));
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("mercato_model_artifact_loaded{artifact=\"recommend.sar\"} 0"),
            std::string::npos);
  auto events = client.Post("/v1/events", Bearer(storefront),
                            R"({"events": [{"type": "view", "session_id": "s", "sku": "p1"}]})");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->status, 202);
  auto erased = client.Delete("/v1/customers/us1", Bearer(admin));
  ASSERT_TRUE(erased);
  EXPECT_EQ(erased->status, 200) << erased->body;
  client.Close();
  kill(server.pid(), SIGTERM);
  EXPECT_EQ(server.Wait(), 0);
  EXPECT_NE(testing::ReadFileOrEmpty(log).find("artifact recommend.sar in " + dir +
                                               "/artifacts not loaded, serving without it"),
            std::string::npos)
      << testing::ReadFileOrEmpty(log);
}

// A method a route does not take answers 405 with Allow over the wire (it answered 400).
TEST_F(ServeTest, AWrongMethodGets405WithAllow) {
  ServerProcess server(Args());
  ASSERT_GT(server.port(), 0);
  testing::RawConnection conn(server.port());
  ASSERT_TRUE(conn.Send(
      testing::FormatRequest("PUT", "/v1/events", JsonPost(storefront), R"({"events": []})")));
  auto reply = conn.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 405) << reply->body;
  EXPECT_EQ(reply->headers["allow"], "POST");
  EXPECT_EQ(json::parse(reply->body)["error"]["code"], "method_not_allowed");
  ASSERT_TRUE(conn.Send(testing::FormatRequest("PATCH", "/v1/customers/us1", Bearer(admin))));
  reply = conn.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 405) << reply->body;
  EXPECT_EQ(reply->headers["allow"], "GET, HEAD, DELETE");
}

// HEAD is answered wherever GET is (it answered 405): GET's status and Content-Length, no body —
// the next answer on the same connection starts right after the head.
TEST_F(ServeTest, HeadGetsTheHeadOfGetWithoutTheBody) {
  ServerProcess server(Args());
  ASSERT_GT(server.port(), 0);
  testing::RawConnection conn(server.port());
  ASSERT_TRUE(conn.Send(testing::FormatRequest("GET", "/healthz")));
  const auto get = conn.Read();
  ASSERT_TRUE(get);
  ASSERT_TRUE(conn.Send(testing::FormatRequest("HEAD", "/healthz") +
                        testing::FormatRequest("GET", "/healthz")));
  const auto head = conn.Read(std::chrono::seconds(10), /*head_request=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers.at("content-length"), std::to_string(get->body.size()));
  EXPECT_EQ(head->body, "");
  const auto after = conn.Read();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_EQ(after->body, get->body);
}

TEST_F(ServeTest, SigkillDuringIngestionLosesNoAcknowledgedEvent) {
  ServerProcess server(Args());
  ASSERT_GT(server.port(), 0);
  std::set<std::string> acknowledged;
  std::atomic<int> batches{0};
  std::thread poster([&] {
    HttpClient client(server.port());
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
                // A client's event id is stored under its key's namespace: "<key id>:<id>".
                stored.insert(e.id.substr(e.id.find(':') + 1));
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

// 200 connections from another address trickle a header a byte at a time: requests from this
// address are still answered, and every trickling connection is cut at the header deadline
// (total, not per read).
TEST_F(ServeTest, SlowlorisNeitherStarvesOtherClientsNorOutlivesTheHeaderDeadline) {
  ServerProcess server(Args() + " --timeout 2");
  ASSERT_GT(server.port(), 0);
  std::vector<std::unique_ptr<testing::RawConnection>> slow;
  for (int i = 0; i < 200; ++i) {
    slow.push_back(std::make_unique<testing::RawConnection>(server.port(), "127.0.0.2"));
    ASSERT_TRUE(slow.back()->connected()) << i;
  }
  const std::string header =
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(100, 'z') + "\r\n\r\n";
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    std::vector<bool> open(slow.size(), true);
    for (size_t byte = 0; byte < header.size() - 4 && !done; ++byte) {
      for (size_t i = 0; i < slow.size(); ++i) {
        if (open[i]) open[i] = slow[i]->Send(header.substr(byte, 1));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // every slow header under way
  testing::RawConnection normal(server.port());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(normal.Send(
        testing::FormatRequest("GET", "/v1/recommendations/user/us1?k=2", Bearer(storefront))));
    auto r = normal.Read(std::chrono::seconds(5));
    if (!r) done = true;
    ASSERT_TRUE(r) << "request " << i << " got no answer while 200 connections trickle";
    EXPECT_EQ(r->status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Each trickling connection is answered 408 and closed once its 2 s header deadline passes,
  // though it sends a byte every 100 ms.
  size_t still_open = 0;
  for (size_t i = 0; i < slow.size(); ++i)
    still_open += !slow[i]->ClosedWithin(std::chrono::seconds(5));
  EXPECT_EQ(still_open, 0u) << "trickling connections outlived the 2 s header deadline";
  done = true;
  trickle.join();
}

// Per-address cap: idle connections from one address fill its slots and the next one from it
// gets 503, while another address is served.
TEST_F(ServeTest, ConnectionsPerAddressAreCapped) {
  ServerProcess server(Args() + " --max-connections-per-address 5");
  ASSERT_GT(server.port(), 0);
  std::vector<std::unique_ptr<testing::RawConnection>> held;  // idle between requests
  for (int i = 0; i < 5; ++i) {
    held.push_back(std::make_unique<testing::RawConnection>(server.port(), "127.0.0.3"));
    ASSERT_TRUE(held.back()->Send(testing::FormatRequest("GET", "/healthz")));
    auto r = held.back()->Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  testing::RawConnection sixth(server.port(), "127.0.0.3");
  auto refused = sixth.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(json::parse(refused->body)["error"]["code"], "too_many_connections");
  HttpClient other(server.port());
  auto ok = other.Get("/healthz");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  auto metrics = other.Get("/metrics", Bearer(admin));
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("mercato_http_refused_total{status=\"503\"} 1\n"), std::string::npos)
      << metrics->body;
}

// Three unauthenticated chunked POSTs at once, each far over --max-body: each is answered 413
// while it is still sending, and the server's memory stays near the limit, not the bodies.
TEST_F(ServeTest, OversizedChunkedBodiesAreCutAt413WhileStreaming) {
  ServerProcess server(Args() + " --max-body 1000000");
  ASSERT_GT(server.port(), 0);
  const long rss_before = server.RssKib();
  const size_t kCap = 64u << 20;  // what a client sends at most before giving up
  std::vector<size_t> sent(3, 0);
  std::vector<int> status(3, 0);
  std::vector<std::thread> clients;
  for (int c = 0; c < 3; ++c) {
    clients.emplace_back([&, c] {
      testing::RawConnection conn(server.port());
      const std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
      if (!conn.Send("POST /v1/webhooks/shopify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Transfer-Encoding: chunked\r\nX-Shopify-Topic: orders/create\r\n\r\n")) {
        return;
      }
      while (sent[c] < kCap) {
        if (!conn.Send(chunk)) break;  // the server closed: its answer is buffered
        sent[c] += chunk.size();
        auto answered = conn.Read(std::chrono::milliseconds(0));
        if (answered) {
          status[c] = answered->status;
          return;
        }
      }
      auto answered = conn.Read(std::chrono::seconds(5));
      if (answered) status[c] = answered->status;
    });
  }
  for (auto& t : clients) t.join();
  for (int c = 0; c < 3; ++c) {
    EXPECT_EQ(status[c], 413) << "client " << c;
    EXPECT_LT(sent[c], kCap) << "client " << c << " sent everything without an answer";
  }
  const long rss_after = server.RssKib();
  EXPECT_LT(rss_after - rss_before, 48 << 10) << rss_before << " KiB -> " << rss_after << " KiB";
  HttpClient client(server.port());
  auto still = client.Get("/healthz");
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);
}

// Three requests in one write: three answers, in order, on the same connection.
TEST_F(ServeTest, PipelinedRequestsAreAnsweredInOrder) {
  ServerProcess server(Args());
  ASSERT_GT(server.port(), 0);
  testing::RawConnection conn(server.port());
  const std::string three =
      testing::FormatRequest("GET", "/v1/recommendations/user/us1?k=1", Bearer(storefront)) +
      testing::FormatRequest("POST", "/v1/events", JsonPost(storefront),
                             R"({"events": [{"type": "view", "session_id": "s", "sku": "p1"}]})") +
      testing::FormatRequest("GET", "/v1/recommendations/user/us1?k=2", Bearer(storefront));
  ASSERT_TRUE(conn.Send(three));
  auto first = conn.Read();
  auto second = conn.Read();
  auto third = conn.Read();
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(json::parse(first->body)["items"].size(), 1u);
  EXPECT_EQ(second->status, 202) << second->body;
  EXPECT_EQ(third->status, 200);
  EXPECT_EQ(json::parse(third->body)["items"].size(), 2u);
}

// Each framing header the issue lists is refused at once with 400 and the connection closed;
// none waits for a timeout or is read as something else.
TEST_F(ServeTest, MalformedFramingHeadersGet400AtOnce) {
  ServerProcess server(Args() + " --timeout 30");
  ASSERT_GT(server.port(), 0);
  const std::string start = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  const std::pair<const char*, std::string> cases[] = {
      {"two Content-Lengths", start + "Content-Length: 2\r\nContent-Length: 12\r\n\r\n{}"},
      {"space before colon", start + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"},
      {"xchunked", start + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"},
      {"Content-Length: +N", start + "Content-Length: +2\r\n\r\n{}"},
      {"Content-Length: -1", start + "Content-Length: -1\r\n\r\n"},
      {"Content-Length and chunked",
       start + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
  };
  for (const auto& [name, request] : cases) {
    testing::RawConnection conn(server.port());
    ASSERT_TRUE(conn.Send(request)) << name;
    auto r = conn.Read(std::chrono::seconds(5));
    ASSERT_TRUE(r) << name << ": no answer within 5 s";
    EXPECT_EQ(r->status, 400) << name << ": " << r->body;
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "bad_request") << name;
    EXPECT_EQ(r->headers["connection"], "close") << name;
    EXPECT_TRUE(conn.ClosedWithin(std::chrono::seconds(5))) << name;
  }
  // The front end's own refusals show in /metrics, though no route saw them.
  HttpClient client(server.port());
  auto metrics = client.Get("/metrics", Bearer(admin));
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("mercato_http_refused_total{status=\"400\"} 6\n"), std::string::npos)
      << metrics->body;
}

// SIGTERM while a request body is still arriving: idle connections close at once, new ones are
// refused, the request in flight completes and is answered, then the process exits 0.
TEST_F(ServeTest, SigtermDrainsTheRequestInFlightThenExits) {
  ServerProcess server(Args());
  ASSERT_GT(server.port(), 0);
  testing::RawConnection idle(server.port());
  ASSERT_TRUE(idle.Send(testing::FormatRequest("GET", "/healthz")));
  ASSERT_TRUE(idle.Read());
  const std::string body = R"({"events": [{"type": "view", "session_id": "drain", "sku": "p1"}]})";
  const std::string request =
      testing::FormatRequest("POST", "/v1/events", JsonPost(storefront), body);
  testing::RawConnection slow(server.port());
  const size_t half = request.size() - body.size() / 2;
  ASSERT_TRUE(slow.Send(request.substr(0, half)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  kill(server.pid(), SIGTERM);
  EXPECT_TRUE(idle.ClosedWithin(std::chrono::seconds(3))) << "an idle connection held the drain";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  testing::RawConnection late(server.port());
  EXPECT_FALSE(late.connected() && late.Send(testing::FormatRequest("GET", "/healthz")) &&
               late.Read(std::chrono::seconds(2)))
      << "a connection made after SIGTERM was served";
  ASSERT_TRUE(slow.Send(request.substr(half)));
  auto answered = slow.Read();
  ASSERT_TRUE(answered) << "the request in flight was dropped";
  EXPECT_EQ(answered->status, 202) << answered->body;
  EXPECT_EQ(answered->headers["connection"], "close");
  EXPECT_EQ(server.Wait(), 0);
  EXPECT_NE(server.RestOfOutput().find("stopped"), std::string::npos);
}

// Issue 14 items 6 and 10 on the real binary: a token minted by `mercato tokens create`
// personalizes, and storefront rate limits fall on each client address as the socket saw it.
TEST_F(ServeTest, CustomerTokensAndPerAddressLimitsOverHttp) {
  const std::string secret = dir + "/token.secret";
  ASSERT_EQ(Mercato("tokens create --customer us1 --token-secret-file " + secret).status, 1);
  std::ofstream(secret) << std::string(40, 'z') << "\n";
  const auto minted =
      Mercato("tokens create --customer us1 --ttl 600 --json --token-secret-file " + secret);
  ASSERT_EQ(minted.status, 0) << minted.err;
  const std::string token = json::parse(minted.out)["token"];
  ServerProcess server(Args() + " --token-secret-file " + secret +
                       " --storefront-rate-limit 0.001 --storefront-rate-burst 2");
  ASSERT_GT(server.port(), 0);
  const std::string request =
      "GET /v1/recommendations/user/us1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
      storefront + "\r\n";
  auto get = [&](const std::string& source, const std::string& extra) {
    RawConnection c(server.port(), source);
    EXPECT_TRUE(c.Send(request + extra + "\r\n"));
    const auto reply = c.Read();
    EXPECT_TRUE(reply.has_value());
    return reply ? *reply : testing::HttpReply{};
  };
  const auto anonymous = get("127.0.0.1", "");
  ASSERT_EQ(anonymous.status, 200) << anonymous.body;
  EXPECT_FALSE(json::parse(anonymous.body)["personalized"].get<bool>());
  // The burst of 2 from 127.0.0.1 is spent; a forged X-Forwarded-For does not reset it.
  EXPECT_EQ(get("127.0.0.1", "X-Forwarded-For: 192.0.2.9\r\n").status, 200);
  EXPECT_EQ(get("127.0.0.1", "X-Forwarded-For: 192.0.2.9\r\n").status, 429);
  // Another address with the same storefront key, and the customer with their token, are served.
  EXPECT_EQ(get("127.0.0.2", "").status, 200);
  const auto mine = get("127.0.0.1", "X-Customer-Token: " + token + "\r\n");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_TRUE(json::parse(mine.body)["personalized"].get<bool>()) << mine.body;
}

}  // namespace
}  // namespace mercato
