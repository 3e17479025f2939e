// Customer selection and the ESP export on the small serving store: filters combine, consent
// and missing emails leave customers out and are counted, bad names say what was expected.
#include "app/customer_actions.h"

#include <gtest/gtest.h>

#include "app/model_actions.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::app {
namespace {

TEST(CustomerSelection, EveryFilterGivenMustKeepTheCustomer) {
  customers::CustomerInsight c;
  c.stage = customers::LifecycleStage::kAtRisk;
  c.rfm.segment = customers::RfmSegment::kAtRisk;
  const Timestamp as_of = 100 * kSecondsPerDay;
  c.lapse_date = as_of + 20 * kSecondsPerDay;
  c.winback_start = as_of + 5 * kSecondsPerDay;

  auto both = ParseCustomerSelection({"at-risk", "At risk", "7d"});
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_TRUE(both->Keeps(c, as_of));
  auto later = ParseCustomerSelection({"at-risk", "", "3d"});
  ASSERT_TRUE(later.ok());
  EXPECT_FALSE(later->Keeps(c, as_of));  // win-back starts in 5 days
  auto other_stage = ParseCustomerSelection({"vip", "At risk", ""});
  ASSERT_TRUE(other_stage.ok());
  EXPECT_FALSE(other_stage->Keeps(c, as_of));
  c.lapse_date = as_of;  // lapsed already: no win-back due
  EXPECT_FALSE(both->Keeps(c, as_of));
  EXPECT_TRUE(ParseCustomerSelection({}).value().Keeps(c, as_of));
}

TEST(CustomerSelection, BadNamesSayWhatWasExpected) {
  EXPECT_EQ(ParseCustomerSelection({"dormant", "", ""}).status().message(),
            "--stage dormant: expected new, active, at-risk, lapsed, won-back or vip");
  EXPECT_NE(ParseCustomerSelection({"", "Sleepers", ""})
                .status()
                .message()
                .find("expected an RFM segment"),
            std::string::npos);
  EXPECT_EQ(ParseCustomerSelection({"", "", "soon"}).status().code(), StatusCode::kInvalidArgument);
}

TEST(ExportEsp, KeepsOnlyCustomersWhoAllowEmailMarketing) {
  const std::string dir = mercato::testing::FreshDir();
  serving::testing::MakeServingStore(dir).reset();
  EspExportOptions options;
  options.db = dir + "/store.db";
  auto exported = ExportEsp(options);
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  // 31 buyers; de1 (DE, opt-in never given) and us2 (revoked) may not be emailed.
  EXPECT_EQ(exported->selected, 31);
  EXPECT_EQ(exported->no_consent, 2);
  EXPECT_EQ(exported->no_email, 0);
  ASSERT_EQ(exported->rows.size(), 29u);
  for (const auto& row : exported->rows) {
    EXPECT_NE(row["Email"], "de1@example.com");
    EXPECT_NE(row["Email"], "us2@example.com");
  }
  EXPECT_EQ(exported->rows.front().begin().key(), "Email");

  options.insight.model = "nbd";
  EXPECT_EQ(ExportEsp(options).status().message(),
            "--model nbd: expected mbgnbd, bgnbd or pareto_nbd");
}

// The ESP row carries the profile properties and, once models are trained, the customer's
// recommended products with their catalog price: pN costs 10 × (N + 1), its image is
// https://shop.example/pN.jpg; p3 is out of stock and us1 bought p0 and p2, so none of them is
// offered to us1. Before training the products' columns are empty and the export says why.
TEST(ExportEsp, RowsCarryProfilePropertiesAndRecommendedProducts) {
  const std::string dir = mercato::testing::FreshDir();
  serving::testing::MakeServingStore(dir).reset();
  EspExportOptions options;
  options.db = dir + "/store.db";
  auto untrained = ExportEsp(options);
  ASSERT_TRUE(untrained.ok()) << untrained.status().ToString();
  EXPECT_NE(untrained->recommendations_skipped.find("mercato train recommend"), std::string::npos)
      << untrained->recommendations_skipped;
  ASSERT_EQ(untrained->rows.size(), 29u);
  EXPECT_TRUE(untrained->rows[0]["rec_1_title"].is_null());

  TrainRecommendOptions train;
  train.db = options.db;
  ASSERT_TRUE(TrainRecommenders(train).ok());
  auto exported = ExportEsp(options);
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  EXPECT_EQ(exported->recommendations_skipped, "");
  ASSERT_EQ(exported->rows.size(), 29u);
  std::vector<std::string> keys;
  for (const auto& [key, value] : exported->rows[0].items()) keys.push_back(key);
  EXPECT_EQ(keys, EspColumns(EspLayout::kKlaviyo, 3));
  ASSERT_EQ(keys.size(), 13u + 12u);
  bool saw_us1 = false;
  for (const auto& row : exported->rows) {
    EXPECT_NEAR(row["churn_probability"].get<double>(), 1.0 - row["p_alive"].get<double>(), 1e-12);
    EXPECT_GE(row["order_count"].get<int>(), 1);
    EXPECT_EQ(row["last_order_date"].get<std::string>().size(), 10u);
    for (int n = 1; n <= 3; ++n) {
      const std::string rec = "rec_" + std::to_string(n);
      ASSERT_TRUE(row[rec + "_title"].is_string()) << row.dump();
      const std::string image = row[rec + "_image"];
      ASSERT_EQ(image.rfind("https://shop.example/p", 0), 0u) << image;
      const int product = image[22] - '0';
      EXPECT_DOUBLE_EQ(row[rec + "_price"].get<double>(), 10.0 * (product + 1)) << image;
      EXPECT_NE(product, 3) << "out of stock";
      if (row["Email"] == "us1@example.com") {
        saw_us1 = true;
        EXPECT_NE(product, 0) << "bought";
        EXPECT_NE(product, 2) << "bought";
      }
    }
  }
  EXPECT_TRUE(saw_us1);

  options.layout = EspLayout::kMailchimp;
  options.recommendations = 1;
  auto mailchimp = ExportEsp(options);
  ASSERT_TRUE(mailchimp.ok());
  EXPECT_EQ(mailchimp->rows.front().begin().key(), "Email Address");
  EXPECT_EQ(mailchimp->rows.front().size(), 13u + 4u);
  options.recommendations = kMaxEspRecommendations + 1;
  EXPECT_EQ(ExportEsp(options).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseEspLayout("hubspot").status().message(),
            "unknown ESP layout 'hubspot': expected klaviyo or mailchimp");
}

// An admin list says who each customer is: the stored email and name beside the insights.
TEST(ListCustomers, CarriesEachCustomersEmailAndName) {
  const std::string dir = mercato::testing::FreshDir();
  serving::testing::MakeServingStore(dir).reset();
  ListCustomersOptions options;
  options.db = dir + "/store.db";
  auto list = ListCustomers(options);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->chosen.size(), 31u);  // every buyer
  ASSERT_EQ(list->contacts.size(), list->chosen.size());
  for (size_t n = 0; n < list->chosen.size(); ++n) {
    const std::string& id = list->insights->customers[list->chosen[n]].id;
    EXPECT_EQ(list->contacts[n].id, id);
    EXPECT_EQ(list->contacts[n].email, id + "@example.com");  // the serving store's addresses
  }
  options.limit = 2;
  EXPECT_EQ(ListCustomers(options)->contacts.size(), 2u);
}

TEST(SegmentMembers, AreTheSegmentsCustomersSorted) {
  const std::string dir = mercato::testing::FreshDir();
  serving::testing::MakeServingStore(dir).reset();
  const auto segment = customers::ParseCustomerSegment("new").value();
  auto members = SegmentMembers(dir + "/store.db", segment);
  ASSERT_TRUE(members.ok()) << members.status().ToString();
  EXPECT_FALSE(members->empty());
  EXPECT_TRUE(std::is_sorted(members->begin(), members->end()));
}

}  // namespace
}  // namespace mercato::app
