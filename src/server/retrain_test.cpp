// Scheduled retraining in the server: a run picks up orders imported after start and the new
// models serve with no restart; a run that cannot write keeps the served version and says so in
// /readyz and /metrics; once stopped, no run starts.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/api_test_util.h"
#include "server/retrainer.h"
#include "store/open_store.h"

namespace mercato::server {
namespace {

using nlohmann::json;

struct RetrainTest : testing::ApiFixture {
  ApiResponse Get(const std::string& target, const std::string& key = "") {
    return Handle("GET", target, key, "", {});
  }
  json Ready() { return json::parse(Get("/readyz").body); }
};

// Product p10 and six orders of it with p0, imported through a connection of its own after the
// server started: the served models have never seen p10.
void ImportNewProductAndOrders(const std::string& dir) {
  using mercato::testing::WriteFile;
  const std::string data = dir + "/later";
  std::filesystem::create_directories(data);
  WriteFile(data, "products.csv", "sku,title,price\np10,Product 10,110\n");
  std::string orders = "id,customer_id,ts\n";
  std::string lines = "order_id,line_no,sku,quantity,unit_price\n";
  for (int f = 0; f < 6; ++f) {
    const std::string id = "o-later-" + std::to_string(f);
    orders += id + ",f" + std::to_string(f) + ",2024-02-27T12:00:00Z\n";
    lines += id + ",1,p0,1,10\n" + id + ",2,p10,1,110\n";
  }
  WriteFile(data, "orders.csv", orders);
  WriteFile(data, "order_lines.csv", lines);
  auto store = OpenStore(dir + "/store.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE(mercato::testing::Import(**store, "generic", {data}).ok());
}

TEST_F(RetrainTest, TheScheduleServesOrdersImportedAfterStartWithoutARestart) {
  OpenApi([](ServerOptions& o) { o.retrain_every_seconds = 1; });
  ASSERT_NE(ctx->retrainer(), nullptr);
  const std::string served = ctx->models()->version;
  EXPECT_EQ(Get("/v1/recommendations/item/p10", admin_key).status, 404);  // unknown SKU
  ImportNewProductAndOrders(dir);
  // Bounded wait: runs start a second after the previous one ends and take well under one.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  ApiResponse related;
  while (std::chrono::steady_clock::now() < deadline) {
    related = Get("/v1/recommendations/item/p10", admin_key);
    if (related.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(related.status, 200) << related.body;
  EXPECT_NE(ctx->models()->version, served);
  // Bought with p10 in all six orders, p0 is related to it.
  const json list = json::parse(related.body);
  bool p0 = false;
  for (const json& item : list["items"]) p0 = p0 || item["sku"] == "p0";
  EXPECT_TRUE(p0) << related.body;
  // The run counts its success just after it installs the models: a request may see them first.
  json ready = Ready();
  while (ready["retrain"]["successes"].get<int>() == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ready = Ready();
  }
  const json& retrain = ready["retrain"];
  EXPECT_EQ(retrain["every_seconds"], 1) << ready.dump();
  EXPECT_GE(retrain["successes"].get<int>(), 1) << ready.dump();
  EXPECT_TRUE(retrain["last_retrain"].is_string()) << ready.dump();
  EXPECT_TRUE(retrain["last_retrain_failure"].is_null()) << ready.dump();
  const std::string metrics = Get("/metrics", admin_key).body;
  EXPECT_NE(metrics.find("mercato_retrain_total{result=\"success\"} "), std::string::npos);
  EXPECT_NE(metrics.find("mercato_retrain_total{result=\"failure\"} 0"), std::string::npos)
      << metrics;
  EXPECT_TRUE(ctx->StopRetraining(std::chrono::seconds(60)));
}

TEST_F(RetrainTest, ARunThatCannotWriteKeepsTheServedVersionAndReportsIt) {
  OpenApi([](ServerOptions& o) { o.retrain_every_seconds = 3600; });  // runs asked for below
  const std::string served = ctx->models()->version;
  // Where the first artifact's temporary file goes, a directory: its creation fails (even for
  // root, who may write anywhere).
  const std::string artifacts = dir + "/artifacts";
  std::filesystem::create_directory(ArtifactPath(artifacts, "recommend.popularity") + ".tmp." +
                                    std::to_string(::getpid()));
  const Status run = ctx->retrainer()->RunOnce();
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.message().find("cannot create"), std::string::npos) << run.message();
  EXPECT_EQ(ctx->models()->version, served);
  EXPECT_EQ(Get("/v1/recommendations/item/p1", admin_key).status, 200);
  const json ready = Ready();
  const json& retrain = ready["retrain"];
  EXPECT_EQ(retrain["successes"], 0) << ready.dump();
  EXPECT_EQ(retrain["failures"], 1) << ready.dump();
  EXPECT_TRUE(retrain["last_retrain"].is_null()) << ready.dump();
  EXPECT_EQ(retrain["last_retrain_failure"]["reason"], run.message()) << ready.dump();
  const std::string metrics = Get("/metrics", admin_key).body;
  EXPECT_NE(metrics.find("mercato_retrain_total{result=\"failure\"} 1"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("mercato_retrain_last_success_timestamp_seconds 0"), std::string::npos);

  // With the directory gone the next run serves, and the failure stays on record.
  std::filesystem::remove(ArtifactPath(artifacts, "recommend.popularity") + ".tmp." +
                          std::to_string(::getpid()));
  ASSERT_TRUE(ctx->retrainer()->RunOnce().ok());
  EXPECT_NE(ctx->models()->version, served);
  EXPECT_EQ(Ready()["retrain"]["successes"], 1);
  // Idle, the schedule's thread ends when stopped; afterwards no run starts.
  EXPECT_TRUE(ctx->StopRetraining(std::chrono::seconds(10)));
  EXPECT_EQ(ctx->retrainer()->RunOnce().code(), StatusCode::kFailedPrecondition);
}

TEST_F(RetrainTest, WithoutAScheduleReadinessIsUnchanged) {
  OpenApi({});
  EXPECT_EQ(ctx->retrainer(), nullptr);
  EXPECT_FALSE(Ready().contains("retrain"));
  EXPECT_EQ(Get("/metrics", admin_key).body.find("mercato_retrain"), std::string::npos);
}

}  // namespace
}  // namespace mercato::server
