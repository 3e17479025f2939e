// Export and erasure actions on the small serving store with trained artifacts: an erased
// customer leaves the store and every artifact, the report counts what was erased, and an export
// is audited only once delivered.
#include "app/privacy_actions.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "access/audit_test_util.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::app {
namespace {

// Whether any file of `dir` holds `text`.
bool AnyArtifactHolds(const std::string& dir, const std::string& text) {
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (bytes.str().find(text) != std::string::npos) return true;
  }
  return false;
}

using ::mercato::testing::AuditLog;

TEST(EraseCustomer, LeavesNeitherTheStoreNorTheArtifactsHoldingTheCustomer) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = serving::testing::MakeServingStore(dir);
  ASSERT_NE(serving::testing::TrainAndLoad(*store, dir), nullptr);
  const std::string artifacts = dir + "/artifacts";
  ASSERT_TRUE(AnyArtifactHolds(artifacts, "us1"));  // so the check below can fail

  const EraseCustomerOptions options{"us1", artifacts, "test", 1700000000};
  auto report = EraseCustomer(*store, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->customer_found);
  EXPECT_EQ(report->orders, 1u);
  EXPECT_EQ(report->consents, 0u);
  EXPECT_EQ(report->returns, 0u);

  EXPECT_FALSE(AnyArtifactHolds(artifacts, "us1"));
  EXPECT_FALSE(store->GetCustomer("us1").value().has_value());
  EXPECT_TRUE(store->GetCustomerRecords("us1").value().orders.empty());
  auto service = serving::testing::LoadService(*store, artifacts);
  ASSERT_TRUE(service.ok()) << service.status().ToString();
  serving::Query q;
  q.k = 3;
  EXPECT_EQ((*service)->ForUser("us1", q).value().fallback, "unknown customer: trending items");
  EXPECT_TRUE((*service)->ForUser("de2", q).value().personalized);
  const auto audit = AuditLog(*store);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "erasure");
  EXPECT_EQ(audit[0].actor, "test");
}

TEST(EraseCustomer, WithoutArtifactsErasesTheStoreAlone) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = serving::testing::MakeServingStore(dir);
  auto report = EraseCustomer(*store, {"de2", dir + "/no-artifacts", "test", 1700000000});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->customer_found);
  EXPECT_EQ(report->consents, 2u);
  EXPECT_FALSE(store->GetCustomer("de2").value().has_value());
}

TEST(ExportCustomer, AuditsOnlyWhatWasDelivered) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = serving::testing::MakeServingStore(dir);
  const ExportCustomerOptions options{"de2", "test", "", 1700000000};
  const auto refused =
      ExportCustomer(*store, options, [](const CustomerRecords&) { return IoError("disk full"); });
  EXPECT_EQ(refused.status().code(), StatusCode::kIoError);
  EXPECT_TRUE(AuditLog(*store).empty());

  size_t delivered_orders = 0;
  auto records = ExportCustomer(*store, options, [&](const CustomerRecords& r) {
    delivered_orders = r.orders.size();
    return Status::Ok();
  });
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  EXPECT_TRUE(records->found);
  EXPECT_EQ(delivered_orders, 1u);
  EXPECT_EQ(records->consents.size(), 2u);
  const auto audit = AuditLog(*store);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "export");
  EXPECT_EQ(audit[0].detail, "customer found");

  auto unknown = ExportCustomer(*store, {"nobody", "test", "", 1},
                                [](const CustomerRecords&) { return Status::Ok(); });
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->found);
  EXPECT_EQ(unknown->customer.id, "nobody");
  EXPECT_EQ(AuditLog(*store).back().detail, "no customer row");
  EXPECT_EQ(ExportCustomer(*store, {"", "test", "", 1},
                           [](const CustomerRecords&) { return Status::Ok(); })
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST(EraseShop, ErasesEveryCustomerAndEveryArtifact) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = serving::testing::MakeServingStore(dir);
  ASSERT_NE(serving::testing::TrainAndLoad(*store, dir), nullptr);
  const std::string artifacts = dir + "/artifacts";
  auto ids = EraseShop(*store, {artifacts, "test", 1700000000});
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_EQ(ids->size(), 35u);  // us1, de1, de2, us2, new1 and f0..f29
  EXPECT_EQ(store->Count(EntityKind::kCustomer).value(), 0);
  EXPECT_TRUE(std::filesystem::is_empty(artifacts));
  const auto audit = AuditLog(*store);
  ASSERT_EQ(audit.size(), 36u);
  EXPECT_EQ(audit[0].action, "shop_redact");
  EXPECT_EQ(audit[0].detail, "35 customers to erase");
}

}  // namespace
}  // namespace mercato::app
