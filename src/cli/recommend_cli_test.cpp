// End-to-end tests of `mercato train recommend`, `mercato recommend ...` and `mercato campaign
// recommendations` on the small serving store: exit statuses, JSON keys, filters, consent.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/cli_test_util.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace {

using mercato::testing::CliRun;

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class RecommendCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = mercato::testing::FreshDir();
    db_ = dir_ + "/store.db";
    const std::string data = mercato::serving::testing::WriteServingData(dir_);
    ASSERT_EQ(Run("import --db " + db_ + " --format generic " + data).status, 0);
  }
  CliRun Run(const std::string& args) const { return mercato::testing::Mercato(args); }
  nlohmann::json Json(const std::string& args) const {
    const CliRun run = Run(args + " --db " + db_ + " --json");
    EXPECT_EQ(run.status, 0) << args << ": " << run.err;
    return run.status == 0 ? nlohmann::json::parse(run.out) : nlohmann::json();
  }
  void Train() const {
    const nlohmann::json report = Json("train recommend --threads 1");
    ASSERT_TRUE(report.contains("models"));
    EXPECT_EQ(report["artifacts"], db_ + ".artifacts");
    EXPECT_EQ(report["models"][0]["kind"], "recommend.index");
    bool popularity = false;
    for (const auto& m : report["models"]) {
      popularity |= m["kind"] == "recommend.popularity" && m["written"] == true;
    }
    EXPECT_TRUE(popularity);
    // 34 customers: too few held out to choose a model per surface, and the report says so.
    EXPECT_TRUE(report["selection"]["skipped"].is_string()) << report.dump();
    EXPECT_TRUE(report["selection"]["surfaces"].empty()) << report.dump();
  }

  std::string dir_, db_;
};

int Number(const nlohmann::json& item) {
  return std::stoi(item["sku"].get<std::string>().substr(1));
}

TEST_F(RecommendCli, RecommendBeforeTrainingSaysToTrain) {
  const CliRun run = Run("recommend user us1 --db " + db_);
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("run `mercato train recommend --db DB` first"), std::string::npos)
      << run.err;
}

TEST_F(RecommendCli, EverySurfaceAnswersWithReasons) {
  Train();
  const nlohmann::json user = Json("recommend user us1 --k 3");
  EXPECT_EQ(user["surface"], "user");
  EXPECT_EQ(user["customer_id"], "us1");
  ASSERT_EQ(user["items"].size(), 3u);
  for (const auto& item : user["items"]) {
    for (const char* key : {"sku", "title", "price", "url", "score", "model", "reason"}) {
      EXPECT_TRUE(item.contains(key)) << key;
    }
    EXPECT_EQ(item["image_url"], "https://shop.example/" + item["sku"].get<std::string>() + ".jpg");
    EXPECT_FALSE(item["reason_text"].get<std::string>().empty());
  }
  const std::string first_model = user["items"][0]["model"];
  EXPECT_EQ(user["personalized"], first_model != "popularity" && first_model != "trending");

  const nlohmann::json no_consent = Json("recommend user de1 --k 3");
  EXPECT_EQ(no_consent["personalized"], false);
  EXPECT_EQ(no_consent["fallback"], "no personalization consent: trending items");

  const nlohmann::json related = Json(
      "recommend item p0 --kind related --k 10 --in-stock --exclude p7 --category Garden "
      "--max-price 90");
  EXPECT_EQ(related["kind"], "related");
  EXPECT_FALSE(related["items"].empty());
  for (const auto& item : related["items"]) {
    EXPECT_GE(Number(item), 5);
    EXPECT_NE(Number(item), 7);
    EXPECT_LE(item["price"].get<double>(), 90.0);
  }
  const nlohmann::json complementary = Json("recommend item p2 --kind complementary --k 2");
  EXPECT_EQ(complementary["items"].size(), 2u);

  const nlohmann::json cart = Json("recommend cart p0 p6 --max-per-brand 1 --k 5");
  EXPECT_EQ(cart["skus"], (nlohmann::json{"p0", "p6"}));
  ASSERT_EQ(cart["items"].size(), 2u);  // one Acme, one Zen
  for (const auto& item : cart["items"]) {
    EXPECT_NE(Number(item), 0);
    EXPECT_NE(Number(item), 6);
  }
  const nlohmann::json after =
      Json("recommend post-purchase o-us1 --exclude-purchased --max-per-category 1 --k 4");
  EXPECT_EQ(after["order_id"], "o-us1");
  EXPECT_EQ(after["items"].size(), 2u);  // one per top-level category
  for (const auto& item : after["items"]) EXPECT_TRUE(Number(item) != 0 && Number(item) != 2);

  const CliRun text = Run("recommend user us1 --k 2 --db " + db_);
  EXPECT_EQ(text.status, 0);
  EXPECT_NE(text.out.find(" 1. p"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(" 2. p"), std::string::npos) << text.out;
}

TEST_F(RecommendCli, SafeDefaultsHaveOffSwitches) {
  Train();
  // us1 bought p0 and p2; p3 is out of stock. Every item that can be ranked fits in k 10.
  auto skus = [&](const std::string& args) {
    std::set<std::string> out;
    const nlohmann::json list = Json("recommend user us1 --k 10" + args);
    for (const auto& item : list["items"]) {
      out.insert(item["sku"].get<std::string>());
    }
    return out;
  };
  const std::set<std::string> safe = skus("");
  EXPECT_FALSE(safe.empty());
  for (const char* sku : {"p0", "p2", "p3"}) EXPECT_EQ(safe.count(sku), 0u) << sku;
  EXPECT_EQ(skus(" --in-stock --exclude-purchased"), safe);  // the old flags still work
  const std::set<std::string> all = skus(" --include-purchased --include-out-of-stock");
  EXPECT_EQ(all.count("p0"), 1u);
  EXPECT_EQ(all.count("p2"), 1u);
  EXPECT_NE(Run("recommend user us1 --repurchase-min-rate=-1 --db " + db_).status, 0);
}

TEST_F(RecommendCli, BadRequestsAreClearErrors) {
  Train();
  CliRun run = Run("recommend item nope --db " + db_);
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("unknown SKU 'nope'"), std::string::npos) << run.err;
  run = Run("recommend post-purchase o-missing --db " + db_);
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("unknown order 'o-missing'"), std::string::npos) << run.err;
  run = Run("recommend user us1 --min-price 50 --max-price 10 --db " + db_);
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("--min-price is above --max-price"), std::string::npos) << run.err;
  run = Run("recommend user us1 --model nosuch --db " + db_);
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("unknown recommendation model 'nosuch'"), std::string::npos) << run.err;
  run = Run("recommend item p0 --kind sideways --db " + db_);
  EXPECT_NE(run.status, 0);
}

// Customers are named by id, email (any case) or Shopify id, orders by id or name with or
// without '#'; an unknown customer is an error naming what was tried, not a trending list.
TEST_F(RecommendCli, CustomersAndOrdersAreFoundByWhatUsersCallThem) {
  Train();
  const nlohmann::json by_id = Json("recommend user us1 --k 3");
  const nlohmann::json by_email = Json("recommend user US1@Example.COM --k 3");
  EXPECT_EQ(by_email["items"], by_id["items"]);
  EXPECT_EQ(by_email["personalized"], true);

  const CliRun unknown = Run("recommend user nora.patel@yahoo.com --db " + db_);
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("unknown customer 'nora.patel@yahoo.com' (not an id, email or "
                             "Shopify customer id in this store)"),
            std::string::npos)
      << unknown.err;
  const nlohmann::json fallback = Json("recommend user nora.patel@yahoo.com --anonymous-fallback");
  EXPECT_EQ(fallback["fallback"], "unknown customer: trending items");

  EXPECT_EQ(Json("recommend post-purchase '#o-us1' --k 4")["items"],
            Json("recommend post-purchase o-us1 --k 4")["items"]);
}

// `mercato privacy erase` removes the customer from the trained artifacts too, as the API's
// erasure does: no artifact holds the id and the customer's lists are no longer personal.
TEST_F(RecommendCli, PrivacyEraseRemovesTheCustomerFromTheArtifacts) {
  Train();
  const std::string artifacts = db_ + ".artifacts";
  auto artifacts_hold = [&](const std::string& text) {
    for (const auto& e : std::filesystem::directory_iterator(artifacts)) {
      if (e.is_regular_file() && ReadText(e.path().string()).find(text) != std::string::npos) {
        return true;
      }
    }
    return false;
  };
  ASSERT_TRUE(artifacts_hold("us1"));  // so the check below can fail
  EXPECT_EQ(Json("recommend user us1")["personalized"], true);

  const CliRun erased = Run("privacy erase --db " + db_ + " --customer us1");
  ASSERT_EQ(erased.status, 0) << erased.err;
  EXPECT_EQ(erased.out,
            "erased: 1 customer, 0 consents, 0 events, 0 carts; anonymized: 1 orders, 0 returns\n");
  EXPECT_FALSE(artifacts_hold("us1"));
  const CliRun gone = Run("recommend user us1 --db " + db_);
  EXPECT_EQ(gone.status, 1);
  EXPECT_NE(gone.err.find("unknown customer 'us1'"), std::string::npos) << gone.err;
  const nlohmann::json after = Json("recommend user us1 --anonymous-fallback");
  EXPECT_EQ(after["personalized"], false);
  EXPECT_EQ(after["fallback"], "unknown customer: trending items");
  const CliRun order = Run("recommend post-purchase o-us1 --db " + db_);
  EXPECT_EQ(order.status, 1);
  EXPECT_NE(order.err.find("unknown order 'o-us1'"), std::string::npos) << order.err;
  EXPECT_EQ(Json("recommend user de2")["personalized"], true);  // everyone else unchanged
}

TEST_F(RecommendCli, CampaignExportsOnlyConsentingRecipients) {
  Train();
  const std::string csv = dir_ + "/campaign.csv", jsonl = dir_ + "/campaign.jsonl";
  const nlohmann::json report = Json("campaign recommendations --k 6 --out " + csv);
  EXPECT_EQ(report["recipients"], 33);
  EXPECT_EQ(report["left_out_no_consent"], 2);
  const std::string text = ReadText(csv);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 34);
  EXPECT_EQ(text.find("de1@example.com"), std::string::npos);
  EXPECT_NE(text.find("de2@example.com"), std::string::npos);
  // Purchases included: every row has 6 items on this small store.
  Json("campaign recommendations --k 6 --in-stock --include-purchased --out " + jsonl);
  std::stringstream lines(ReadText(jsonl));
  int rows = 0;
  for (std::string line; std::getline(lines, line); ++rows) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["items"].size(), 6u);
    for (const auto& item : j["items"]) EXPECT_NE(item["sku"], "p3");  // out of stock
  }
  EXPECT_EQ(rows, 33);
}

TEST_F(RecommendCli, CampaignSegmentKeepsOnlyItsMembers) {
  Train();
  // Customer ids of a JSONL export.
  auto recipients = [&](const std::string& extra) {
    const std::string out = dir_ + "/segment.jsonl";
    const nlohmann::json report = Json("campaign recommendations --k 3 --out " + out + extra);
    std::set<std::string> ids;
    std::stringstream lines(ReadText(out));
    for (std::string line; std::getline(lines, line);) {
      ids.insert(nlohmann::json::parse(line)["customer_id"].get<std::string>());
    }
    EXPECT_EQ(report["recipients"], ids.size());
    return ids;
  };
  const std::set<std::string> everyone = recipients("");
  ASSERT_EQ(everyone.size(), 33u);
  size_t narrowed = 0;
  for (const std::string segment : {"new", "active", "at-risk", "lapsed", "won-back", "vip",
                                    "Champions", "at risk", "Lost", "Hibernating"}) {
    SCOPED_TRACE(segment);
    const bool stage = segment.find(' ') == std::string::npos && islower(segment[0]);
    const nlohmann::json listed = Json(
        "customers list " + std::string(stage ? "--stage" : "--segment") + " \"" + segment + "\"");
    std::set<std::string> members;
    for (const auto& c : listed["customers"]) members.insert(c["id"].get<std::string>());
    std::set<std::string> expected;
    for (const std::string& id : everyone) {
      if (members.count(id)) expected.insert(id);
    }
    EXPECT_EQ(recipients(" --segment \"" + segment + "\""), expected);
    narrowed += !expected.empty() && expected.size() < everyone.size();
  }
  EXPECT_GE(narrowed, 2u);  // the test store has customers in several segments
  const CliRun unknown =
      Run("campaign recommendations --segment loyalists --out " + dir_ + "/x.csv --db " + db_);
  EXPECT_EQ(unknown.status, 2);
  for (const char* name : {"unknown segment 'loyalists'", "won-back", "\"Can't lose\"", "vip"}) {
    EXPECT_NE(unknown.err.find(name), std::string::npos) << unknown.err;
  }
}

}  // namespace
