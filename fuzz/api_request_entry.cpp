// Fuzz entry for the API's request handling: arbitrary method, target, headers and body through
// server::Api::Handle on a small trained store, with each kind of key or none.
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "access/api_keys.h"
#include "common/text.h"
#include "dataset/snapshot.h"
#include "fuzz/fuzz_entries.h"
#include "recommend_serving/training.h"
#include "server/api.h"
#include "store/open_store.h"

namespace mercato::fuzz {
namespace {

// A store of 3 customers, 6 products and 6 orders, trained, with one key per scope, in a
// temporary directory removed at exit (every fuzz regression test run made one).
struct Fixture {
  std::unique_ptr<server::ServerContext> ctx;
  std::unique_ptr<server::Api> api;
  std::string storefront, admin;
  std::string dir;

  ~Fixture() {
    api.reset();
    ctx.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  Fixture() {
    char tmpl[] = "/tmp/mercato_api_fuzz_XXXXXX";
    if (mkdtemp(tmpl) == nullptr) Die("api_request", "mkdtemp failed");
    dir = tmpl;
    const std::string db = dir + "/store.db";
    {
      auto store = OpenStore(db);
      if (!store.ok()) Die("api_request", store.status().message());
      Store& s = **store;
      for (int i = 0; i < 6; ++i) {
        Product p;
        p.sku = "p" + std::to_string(i);
        p.title = "Product " + std::to_string(i);
        p.price = 10.0 * (i + 1);
        p.category = i < 3 ? "Home" : "Garden";
        if (!s.Put(&p).ok()) Die("api_request", "put product");
      }
      const char* countries[] = {"US", "DE", "CA"};
      for (int c = 0; c < 3; ++c) {
        Customer cu;
        cu.id = "c" + std::to_string(c);
        cu.email = cu.id + "@example.com";
        cu.country = countries[c];
        if (!s.Put(&cu).ok()) Die("api_request", "put customer");
        for (int k = 0; k < 2; ++k) {
          Order o;
          o.id = "o" + std::to_string(c) + std::to_string(k);
          o.customer_id = cu.id;
          o.ts = 1706708707 + 86400 * (c * 2 + k);
          if (!s.Put(&o).ok()) Die("api_request", "put order");
          OrderLine l;
          l.order_id = o.id;
          l.line_no = 1;
          l.sku = "p" + std::to_string((c + k) % 6);
          l.quantity = 1;
          if (!s.Put(&l).ok()) Die("api_request", "put line");
        }
      }
      auto snapshot = LoadSnapshot(s);
      if (!snapshot.ok()) Die("api_request", snapshot.status().message());
      auto trained = serving::TrainRecommendArtifacts(*snapshot, dir + "/artifacts",
                                                      recommend::RecommendConfig{}, 1710000000);
      if (!trained.ok()) Die("api_request", trained.status().message());
      auto sf = CreateApiKey(s, KeyScope::kStorefront, "fuzz", 1);
      auto ad = CreateApiKey(s, KeyScope::kAdmin, "fuzz", 1);
      if (!sf.ok() || !ad.ok()) Die("api_request", "keys");
      storefront = sf->key;
      admin = ad->key;
    }
    server::ServerOptions o;
    o.db = db;
    o.artifacts = dir + "/artifacts";
    o.shopify_secret = "fuzz";
    o.cors_origins = {"https://shop.example"};
    o.rate_limit = 0;
    o.storefront_rate_limit = 0;
    o.token_secret = std::string(32, 'f');  // X-Customer-Token and X-Order-Token get verified
    o.max_body_bytes = 1 << 16;
    auto opened = server::ServerContext::Open(o);
    if (!opened.ok()) Die("api_request", opened.status().message());
    ctx = std::move(opened).value();
    api = std::make_unique<server::Api>(*ctx);
  }
};

// "METHOD TARGET\nname: value\n...\n\nbody" -> a request; target split at '?', '&' and '='.
server::ApiRequest ParseRequest(std::string_view text) {
  server::ApiRequest r;
  const size_t head_end = text.find("\n\n");
  const std::string_view head = text.substr(0, head_end);
  if (head_end != std::string_view::npos) r.body = std::string(text.substr(head_end + 2));
  std::vector<std::string_view> lines = Split(head, '\n');
  const std::string_view request_line = lines.empty() ? std::string_view() : lines[0];
  const size_t sp = request_line.find(' ');
  r.method = std::string(request_line.substr(0, sp));
  const std::string_view target =
      sp == std::string_view::npos ? std::string_view() : request_line.substr(sp + 1);
  const size_t q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) {
    for (std::string_view kv : Split(target.substr(q + 1), '&')) {
      const size_t eq = kv.find('=');
      r.query.emplace_back(std::string(kv.substr(0, eq)),
                           eq == std::string_view::npos ? "" : std::string(kv.substr(eq + 1)));
    }
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == std::string_view::npos) continue;
    r.headers[ToLower(lines[i].substr(0, colon))] = std::string(Trim(lines[i].substr(colon + 1)));
  }
  return r;
}

}  // namespace

void FuzzApiRequest(const uint8_t* data, size_t size) {
  static Fixture fixture;
  if (size == 0) return;
  server::ApiRequest request =
      ParseRequest(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  switch (data[0] % 4) {
    case 1:
      request.headers["authorization"] = "Bearer " + fixture.storefront;
      break;
    case 2:
      request.headers["authorization"] = "Bearer " + fixture.admin;
      break;
    default:
      break;  // no key, or whatever the input's headers say
  }
  const server::ApiResponse response = fixture.api->Handle(std::move(request));
  if (response.status < 200 || response.status > 599) {
    Die("api_request", "status " + std::to_string(response.status));
  }
  if (response.content_type == "application/json") {
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_discarded())
      Die("api_request", "response body is not JSON: " + response.body.substr(0, 200));
    if (response.status >= 400 && (!body.contains("error") || !body["error"].contains("code") ||
                                   !body["error"]["code"].is_string())) {
      Die("api_request", "error without {\"error\": {\"code\"}}: " + response.body.substr(0, 200));
    }
  }
}

}  // namespace mercato::fuzz
