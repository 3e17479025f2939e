// The small serving store of the contract tests.
#include "recommend_serving/serving_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "artifact/artifact.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/training.h"

namespace mercato::serving::testing {

std::string WriteServingData(const std::string& dir) {
  using mercato::testing::WriteFile;
  const std::string data = dir + "/data";
  std::filesystem::create_directories(data);
  std::string products = "sku,title,brand,category,price,url,inventory_quantity,image_url\n";
  for (int i = 0; i < 10; ++i) {
    products += "p" + std::to_string(i) + ",Product " + std::to_string(i) + "," +
                (i % 2 == 0 ? "Acme" : "Zen") + "," + (i < 5 ? "Home > Mugs" : "Garden") + "," +
                std::to_string(10 * (i + 1)) + ",https://shop.example/p" + std::to_string(i) + "," +
                (i == 4 ? "5" : "") + ",https://shop.example/p" + std::to_string(i) + ".jpg\n";
  }
  WriteFile(data, "products.csv", products);
  WriteFile(data, "inventory.csv",
            "sku,location,ts,on_hand\np3,main,2024-01-01,4\n"
            "p3,main,2024-03-01,0\n");
  std::string customers =
      "id,email,country\nus1,us1@example.com,US\nde1,de1@example.com,DE\n"
      "de2,de2@example.com,DE\nus2,us2@example.com,US\n"
      "new1,new1@example.com,US\n";
  std::string orders = "id,customer_id,ts\n";
  std::string lines = "order_id,line_no,sku,quantity,unit_price\n";
  auto order = [&](const std::string& id, const std::string& customer, int day,
                   std::initializer_list<int> items) {
    orders += id + "," + customer + ",2024-02-" + (day < 10 ? "0" : "") + std::to_string(day) +
              "T12:00:00Z\n";
    int line = 1;
    for (int item : items) {
      lines += id + "," + std::to_string(line++) + ",p" + std::to_string(item) + ",1," +
               std::to_string(10 * (item + 1)) + "\n";
    }
  };
  for (int f = 0; f < 30; ++f) {
    const std::string c = "f" + std::to_string(f);
    customers += c + "," + c + "@example.com,US\n";
    const int day = 1 + f % 28;
    if (f < 12) order("o-" + c + "-a", c, day, {0, 1});
    if (f >= 8 && f < 20) order("o-" + c + "-b", c, day, {2, 5});
    if (f >= 16 && f < 26) order("o-" + c + "-c", c, day, {6, 7});
    if (f % 3 == 0) order("o-" + c + "-d", c, day, {8});
  }
  order("o-us1", "us1", 3, {0, 2});
  order("o-de1", "de1", 4, {5, 6});
  order("o-de2", "de2", 5, {1, 7});
  order("o-us2", "us2", 6, {6, 9});
  WriteFile(data, "customers.csv", customers);
  WriteFile(data, "orders.csv", orders);
  WriteFile(data, "order_lines.csv", lines);
  WriteFile(data, "consents.csv",
            "customer_id,purpose,granted,ts,source\n"
            "de2,personalization,true,2024-01-01,checkout\n"
            "us2,personalization,false,2024-01-01,preference-center\n"
            "de2,email_marketing,true,2024-01-01,checkout\n"
            "us2,email_marketing,false,2024-01-01,preference-center\n");
  return data;
}

std::unique_ptr<Store> MakeServingStore(const std::string& dir) {
  const std::string data = WriteServingData(dir);
  auto store = mercato::testing::FreshStore(dir);
  const ImportReport report = mercato::testing::Import(*store, "generic", {data});
  EXPECT_TRUE(report.ok());
  return store;
}

Snapshot CatalogSnapshot(Store& store) {
  auto snapshot = LoadSnapshot(store, {.catalog_only = true});
  EXPECT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  return snapshot.ok() ? std::move(snapshot).value() : Snapshot{};
}

Result<std::unique_ptr<RecommendationService>> LoadService(Store& store,
                                                           const std::string& artifact_dir,
                                                           const privacy::ConsentPolicy& policy,
                                                           const FactorSearchOptions& search) {
  ASSIGN_OR_RETURN(privacy::ConsentLedger ledger, privacy::LoadConsentLedger(store, policy));
  return LoadRecommendationService(CatalogSnapshot(store), std::move(ledger), artifact_dir, search);
}

std::unique_ptr<RecommendationService> TrainAndLoad(Store& store, const std::string& dir,
                                                    uint64_t seed) {
  recommend::RecommendConfig config;
  config.seed = seed;
  config.threads = 1;
  config.fbt_relaxed = true;  // small data
  const std::string artifacts = dir + "/artifacts";
  auto snapshot = LoadSnapshot(store);
  EXPECT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  if (!snapshot.ok()) return nullptr;
  auto trained = TrainRecommendArtifacts(*snapshot, artifacts, config, 1700000000);
  EXPECT_TRUE(trained.ok()) << trained.status().ToString();
  auto service = LoadService(store, artifacts);
  EXPECT_TRUE(service.ok()) << service.status().ToString();
  return service.ok() ? std::move(service).value() : nullptr;
}

void CorruptArtifact(const std::string& artifact_dir, const std::string& kind) {
  const std::string path = ArtifactPath(artifact_dir, kind);
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f) << "no artifact " << path;
  f.seekg(0, std::ios::end);
  const std::streamoff middle = f.tellg() / 2;
  char byte = 0;
  f.seekg(middle);
  f.read(&byte, 1);
  byte = static_cast<char>(byte ^ 0x5a);
  f.seekp(middle);
  f.write(&byte, 1);
  ASSERT_TRUE(f.good()) << "could not rewrite " << path;
}

}  // namespace mercato::serving::testing
