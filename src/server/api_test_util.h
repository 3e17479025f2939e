// The in-process API tests' fixture: the small serving store, trained, with one storefront and
// one admin key, an Api opened on it with rate limits off (a test's `tweak` sets the rest), and
// one request built from a method, a target with its query, a key, a body and headers.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "access/api_keys.h"
#include "common/text.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"
#include "server/api.h"

namespace mercato::server::testing {

struct ApiFixture : ::testing::Test {
  void OpenApi(const std::function<void(ServerOptions&)>& tweak) {
    // The Api in use is closed first: its background dashboard warm-up reads the store that
    // FreshDir removes.
    api.reset();
    dir = mercato::testing::FreshDir();
    auto store = serving::testing::MakeServingStore(dir);
    ASSERT_NE(serving::testing::TrainAndLoad(*store, dir), nullptr);
    auto sf = CreateApiKey(*store, KeyScope::kStorefront, "shop", 1);
    auto admin = CreateApiKey(*store, KeyScope::kAdmin, "ops", 1);
    ASSERT_TRUE(sf.ok() && admin.ok());
    storefront_key = sf->key;
    storefront_id = sf->record.id;
    admin_key = admin->key;
    store.reset();
    ServerOptions o;
    o.db = dir + "/store.db";
    o.artifacts = dir + "/artifacts";
    o.rate_limit = 0;
    o.storefront_rate_limit = 0;
    if (tweak) tweak(o);
    api.reset();
    auto opened = ServerContext::Open(o);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    ctx = std::move(opened).value();
    api = std::make_unique<Api>(*ctx);
  }

  /// `target` is the path with its query ("/v1/x?a=1"); `key` empty: no Authorization header.
  ApiResponse Handle(const std::string& method, const std::string& target, const std::string& key,
                     const std::string& body, std::map<std::string, std::string> headers,
                     const std::string& peer = "") {
    ApiRequest r;
    r.method = method;
    const size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) {
      for (std::string_view kv : Split(std::string_view(target).substr(q + 1), '&')) {
        const size_t eq = kv.find('=');
        r.query.emplace_back(std::string(kv.substr(0, eq)),
                             eq == std::string_view::npos ? "" : std::string(kv.substr(eq + 1)));
      }
    }
    if (!key.empty()) headers["authorization"] = "Bearer " + key;
    r.headers = std::move(headers);
    r.body = body;
    r.peer_address = peer;
    return api->Handle(std::move(r));
  }

  std::string dir, storefront_key, storefront_id, admin_key;
  std::unique_ptr<ServerContext> ctx;
  std::unique_ptr<Api> api;
};

}  // namespace mercato::server::testing
