// Customer selection and the ESP export on the small serving store: filters combine, consent
// and missing emails leave customers out and are counted, bad names say what was expected.
#include "app/customer_actions.h"

#include <gtest/gtest.h>

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
    const std::string& id = list->insights.customers[list->chosen[n]].id;
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
