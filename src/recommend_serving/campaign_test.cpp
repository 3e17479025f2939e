// Tests of the campaign export: consent for email marketing decides who gets a row, consent for
// personalization decides what is in it; CSV and JSONL; the same bytes whatever the threads.
#include "recommend_serving/campaign.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/text.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::serving {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);) lines.push_back(line);
  return lines;
}

struct CampaignTest : ::testing::Test {
  void SetUp() override {
    dir = mercato::testing::FreshDir();
    store = testing::MakeServingStore(dir);
    service = testing::TrainAndLoad(*store, dir);
    ASSERT_NE(service, nullptr);
    query.k = 6;
    // Full lists for the format and consent checks here (the safe defaults leave some of this
    // small store's customers fewer than 6 items; product_cards_test checks those defaults).
    query.filters.exclude_purchased = false;
    query.filters.in_stock = false;
  }
  std::string dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<RecommendationService> service;
  Query query;
};

TEST_F(CampaignTest, JsonlHasOneListPerConsentingRecipient) {
  const std::string out = dir + "/campaign.jsonl";
  auto report = ExportCampaign(*service, testing::CatalogSnapshot(*store), query, out, 1);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->customers, 35);
  EXPECT_EQ(report->no_consent, 2);  // de1 (EU, never opted in) and us2 (revoked)
  EXPECT_EQ(report->no_email, 0);
  EXPECT_EQ(report->recipients, 33);
  std::map<std::string, nlohmann::json> rows;
  for (const std::string& line : Lines(ReadText(out))) {
    const auto j = nlohmann::json::parse(line);
    rows[j["customer_id"].get<std::string>()] = j;
  }
  ASSERT_EQ(rows.size(), 33u);
  EXPECT_EQ(rows.count("de1"), 0u);
  EXPECT_EQ(rows.count("us2"), 0u);
  EXPECT_EQ(rows["de2"]["email"], "de2@example.com");
  EXPECT_EQ(rows["new1"]["personalized"], false);  // no history
  for (const auto& [id, row] : rows) {
    ASSERT_EQ(row["items"].size(), 6u) << id;
    for (const auto& item : row["items"]) {
      EXPECT_FALSE(item["reason"].get<std::string>().empty());
      EXPECT_FALSE(row.contains("currency"));  // no currency given: none written
      EXPECT_EQ(item["url"], "https://shop.example/" + item["sku"].get<std::string>());
      EXPECT_EQ(item["image_url"],
                "https://shop.example/" + item["sku"].get<std::string>() + ".jpg");
    }
  }
  if (service->HasModel(recommend::ModelKind::kAls) ||
      service->HasModel(recommend::ModelKind::kSar)) {
    EXPECT_EQ(rows["de2"]["personalized"], true);  // EU with both grants
    EXPECT_EQ(rows["us1"]["personalized"], true);  // US default
    // Everyone but those without orders: new1, f26, f28 and f29.
    EXPECT_EQ(report->personalized, 29);
  }
}

TEST_F(CampaignTest, CsvHasAColumnGroupPerItemAndIsTheSameWithMoreThreads) {
  const std::string one = dir + "/one.csv", two = dir + "/two.csv";
  ASSERT_TRUE(ExportCampaign(*service, testing::CatalogSnapshot(*store), query, one, 1).ok());
  ASSERT_TRUE(ExportCampaign(*service, testing::CatalogSnapshot(*store), query, two, 2).ok());
  const std::string text = ReadText(one);
  EXPECT_EQ(text, ReadText(two));
  const auto lines = Lines(text);
  ASSERT_EQ(lines.size(), 34u);
  EXPECT_EQ(lines[0].substr(0, 88),
            "customer_id,email,personalized,item_1_sku,item_1_title,item_1_price,item_1_url,"
            "item_2_sk");
  EXPECT_EQ(std::count(lines[0].begin(), lines[0].end(), ','), 3 + 5 * 6 - 1);
  EXPECT_TRUE(
      lines[0].ends_with(",item_6_url,item_1_image_url,item_2_image_url,item_3_image_url,"
                         "item_4_image_url,item_5_image_url,item_6_image_url"))
      << lines[0];
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(std::count(lines[i].begin(), lines[i].end(), ','), 3 + 5 * 6 - 1) << lines[i];
  }
  // Each item's image, in the columns after every item's other fields: item 1's SKU is the 4th
  // field, its image the (4 + 4 * 6)th.
  const std::vector<std::string_view> fields = Split(lines[1], ',');
  ASSERT_GT(fields.size(), 27u);
  // Money in cents, with two decimals (issue 15: prices printed as 52.8).
  if (!fields[5].empty()) {
    const size_t dot = fields[5].find('.');
    ASSERT_NE(dot, std::string_view::npos) << fields[5];
    EXPECT_EQ(fields[5].size() - dot, 3u) << fields[5];
  }
  if (!fields[3].empty()) {
    EXPECT_EQ(fields[27], "https://shop.example/" + std::string(fields[3]) + ".jpg") << lines[1];
  }
  EXPECT_FALSE(std::filesystem::exists(one + ".tmp"));
}

// A known currency is one more column (and JSONL key) after every earlier one; without one, the
// export is the same as before (the test above).
TEST_F(CampaignTest, AKnownCurrencyIsALastColumn) {
  const std::string csv = dir + "/usd.csv", jsonl = dir + "/usd.jsonl";
  ASSERT_TRUE(
      ExportCampaign(*service, testing::CatalogSnapshot(*store), query, csv, 1, nullptr, "USD")
          .ok());
  const auto lines = Lines(ReadText(csv));
  ASSERT_EQ(lines.size(), 34u);
  EXPECT_TRUE(lines[0].ends_with(",item_6_image_url,currency")) << lines[0];
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_TRUE(lines[i].ends_with(",USD")) << lines[i];
    EXPECT_EQ(std::count(lines[i].begin(), lines[i].end(), ','), 3 + 5 * 6) << lines[i];
  }
  ASSERT_TRUE(
      ExportCampaign(*service, testing::CatalogSnapshot(*store), query, jsonl, 1, nullptr, "USD")
          .ok());
  for (const std::string& line : Lines(ReadText(jsonl))) {
    EXPECT_EQ(nlohmann::json::parse(line)["currency"], "USD");
  }
}

TEST_F(CampaignTest, FiltersApplyAndBadQueriesWriteNothing) {
  const std::string out = dir + "/garden.jsonl";
  query.filters.categories = {"Garden"};
  ASSERT_TRUE(ExportCampaign(*service, testing::CatalogSnapshot(*store), query, out, 2).ok());
  for (const std::string& line : Lines(ReadText(out))) {
    const nlohmann::json row = nlohmann::json::parse(line);
    for (const auto& item : row["items"]) {
      EXPECT_GE(std::stoi(item["sku"].get<std::string>().substr(1)), 5);
    }
  }
  const std::string bad = dir + "/bad.csv";
  query.filters.min_price = 10;
  query.filters.max_price = 1;
  EXPECT_EQ(
      ExportCampaign(*service, testing::CatalogSnapshot(*store), query, bad, 2).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(bad));
}

}  // namespace
}  // namespace mercato::serving
