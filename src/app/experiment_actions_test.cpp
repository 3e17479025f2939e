// Tests of the experiments' actions: creation rules, layers, status changes, sticky assignment
// with exposure logging, batches, targeting, and the report end to end.
#include "app/experiment_actions.h"

#include <gtest/gtest.h>

#include "app/experiment_data.h"
#include "app/privacy_actions.h"
#include "ingest/import_test_util.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

using nlohmann::json;

constexpr Timestamp kActionsNow = 1793491200;  // 2026-11-01T00:00:00Z

json Def(const std::string& key) {
  return json{{"key", key},
              {"variants",
               {{{"name", "control"}, {"config", {{"recommender", "popularity"}}}},
                {{"name", "treatment"}}}}};
}

class ExperimentActionsTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenStore(":memory:").value(); }

  StoredExperiment Create(json definition) {
    auto e = CreateExperiment(*store_, {std::move(definition), kActionsNow});
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? std::move(e).value() : StoredExperiment{};
  }

  AssignmentAnswer Assign(const std::string& key, const std::string& unit, bool log = true) {
    AssignOptions options;
    options.key = key;
    options.unit = unit;
    options.log_exposure = log;
    options.now = kActionsNow + 60;
    auto a = AssignExperiment(*store_, options);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? std::move(a).value() : AssignmentAnswer{};
  }

  std::unique_ptr<Store> store_;
};

TEST_F(ExperimentActionsTest, CreateStoresTheDefinitionAndStartsARunningOne) {
  json d = Def("recs");
  d["status"] = "running";
  const StoredExperiment e = Create(d);
  EXPECT_EQ(e.definition.started_at, kActionsNow);
  auto shown = ShowExperiment(*store_, "recs");
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->definition.status, experiment::RunStatus::kRunning);
  EXPECT_EQ(shown->created_at, kActionsNow);
  const json j = StoredExperimentJson(*shown);
  EXPECT_EQ(j["started_at"], "2026-11-01T00:00:00Z");
  EXPECT_EQ(j["created_at"], "2026-11-01T00:00:00Z");
  EXPECT_EQ(j["exposures"], 0);
  EXPECT_EQ(j["variants"][0]["config"]["recommender"], "popularity");
  // The key is taken for good.
  auto again = CreateExperiment(*store_, {Def("recs"), kActionsNow});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  auto missing = ShowExperiment(*store_, "nope");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("mercato experiments list"), std::string::npos);
}

TEST_F(ExperimentActionsTest, InvalidDefinitionsWriteNothing) {
  json d = Def("recs");
  d["variants"][0]["weight"] = 0.7;
  d["variants"][1]["weight"] = 0.7;
  auto e = CreateExperiment(*store_, {d, kActionsNow});
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("sum to 1"), std::string::npos);
  d = Def("recs");
  d["segments"] = {"Champions", "whales"};
  e = CreateExperiment(*store_, {d, kActionsNow});
  EXPECT_NE(e.status().message().find("segments[1]: unknown segment 'whales'"), std::string::npos)
      << e.status().message();
  d = Def("recs");
  d["unit"] = "session";
  d["segments"] = {"Champions"};
  e = CreateExperiment(*store_, {d, kActionsNow});
  EXPECT_NE(e.status().message().find("targeting needs customer units"), std::string::npos);
  EXPECT_TRUE(ListExperiments(*store_).value().empty());
}

TEST_F(ExperimentActionsTest, LayersGiveOutDisjointRangesUntilFull) {
  json a = Def("a");
  a["layer"] = "home";
  a["traffic"] = 0.6;
  json b = Def("b");
  b["layer"] = "home";
  b["traffic"] = 0.4;
  EXPECT_EQ(Create(a).definition.layer_buckets.end, 6000);
  const StoredExperiment eb = Create(b);
  EXPECT_EQ(eb.definition.layer_buckets.begin, 6000);
  EXPECT_EQ(eb.definition.layer_buckets.end, 10000);
  json c = Def("c");
  c["layer"] = "home";
  c["traffic"] = 0.1;
  auto full = CreateExperiment(*store_, {c, kActionsNow});
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(full.status().message().find("layer 'home' is full"), std::string::npos);
  // Stopping one frees its buckets.
  ASSERT_TRUE(SetExperimentStatus(*store_, {"a", "stopped", kActionsNow + 1}).ok());
  EXPECT_EQ(Create(c).definition.layer_buckets.begin, 0);
  json given = Def("d");
  given["layer"] = "other";
  given["layer_buckets"] = {0, 10};
  auto chosen = CreateExperiment(*store_, {given, kActionsNow});
  EXPECT_NE(chosen.status().message().find("leave layer_buckets out"), std::string::npos);
}

TEST_F(ExperimentActionsTest, StatusMovesForwardOnly) {
  Create(Def("recs"));
  auto running = SetExperimentStatus(*store_, {"recs", "running", kActionsNow + 10});
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->definition.started_at, kActionsNow + 10);
  EXPECT_EQ(running->updated_at, kActionsNow + 10);
  auto same = SetExperimentStatus(*store_, {"recs", "running", kActionsNow + 20});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->definition.started_at, kActionsNow + 10);
  auto draft = SetExperimentStatus(*store_, {"recs", "draft", kActionsNow + 30});
  EXPECT_EQ(draft.status().code(), StatusCode::kFailedPrecondition);
  auto stopped = SetExperimentStatus(*store_, {"recs", "stopped", kActionsNow + 40});
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(stopped->definition.stopped_at, kActionsNow + 40);
  auto restart = SetExperimentStatus(*store_, {"recs", "running", kActionsNow + 50});
  EXPECT_EQ(restart.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(restart.status().message().find("create a new experiment"), std::string::npos);
  auto bad = SetExperimentStatus(*store_, {"recs", "paused", kActionsNow});
  EXPECT_NE(bad.status().message().find("status: expected draft, running or stopped"),
            std::string::npos);
  EXPECT_EQ(ShowExperiment(*store_, "recs")->updated_at, kActionsNow + 40);
}

TEST_F(ExperimentActionsTest, AssignmentIsStickyAndLogsTheFirstExposureOnly) {
  json d = Def("recs");
  d["status"] = "running";
  Create(d);
  const AssignmentAnswer first = Assign("recs", "alice");
  EXPECT_TRUE(first.in_experiment);
  EXPECT_TRUE(first.exposure_logged);
  const AssignmentAnswer second = Assign("recs", "alice");
  EXPECT_EQ(second.variant, first.variant);
  EXPECT_FALSE(second.exposure_logged);
  EXPECT_EQ(ShowExperiment(*store_, "recs")->exposures, 1);
  // The answer carries the variant's configuration.
  const json expected_config =
      first.variant == "control" ? json{{"recommender", "popularity"}} : json::object();
  EXPECT_EQ(first.config, expected_config);
  const json j = AssignmentJson(first);
  EXPECT_EQ(j["experiment"], "recs");
  EXPECT_EQ(j["unit"], "alice");
  EXPECT_TRUE(j["in_experiment"].get<bool>());
  // Without logging nothing is recorded.
  Assign("recs", "bob", /*log=*/false);
  EXPECT_EQ(ShowExperiment(*store_, "recs")->exposures, 1);
  // Roughly half of many units land in each variant.
  int treatment = 0;
  for (int i = 0; i < 400; ++i)
    treatment += Assign("recs", "u" + std::to_string(i)).variant == "treatment";
  EXPECT_NEAR(treatment, 200, 50);
  EXPECT_EQ(ShowExperiment(*store_, "recs")->exposures, 401);
}

TEST_F(ExperimentActionsTest, ADraftOrStoppedExperimentServesTheControlAndLogsNothing) {
  Create(Def("recs"));
  const AssignmentAnswer a = Assign("recs", "alice");
  EXPECT_FALSE(a.in_experiment);
  EXPECT_EQ(a.variant, "control");
  EXPECT_EQ(a.config, (json{{"recommender", "popularity"}}));
  EXPECT_FALSE(a.exposure_logged);
  EXPECT_EQ(ShowExperiment(*store_, "recs")->exposures, 0);
  AssignOptions empty;
  empty.key = "recs";
  EXPECT_EQ(AssignExperiment(*store_, empty).status().code(), StatusCode::kInvalidArgument);
  empty.unit = "x";
  empty.key = "nope";
  EXPECT_EQ(AssignExperiment(*store_, empty).status().code(), StatusCode::kNotFound);
}

TEST_F(ExperimentActionsTest, TargetingAdmitsOnlyCustomersOfTheSegments) {
  json d = Def("vip");
  d["status"] = "running";
  d["segments"] = {"Champions"};
  Create(d);
  customers::CustomerInsight champion;
  champion.id = "alice";
  champion.rfm.segment = customers::RfmSegment::kChampions;
  customers::CustomerInsight other;
  other.id = "bob";
  other.rfm.segment = customers::RfmSegment::kAtRisk;
  AssignOptions options;
  options.key = "vip";
  options.now = kActionsNow;
  options.insight = [&](const std::string& id) -> const customers::CustomerInsight* {
    return id == "alice" ? &champion : id == "bob" ? &other : nullptr;
  };
  options.unit = "alice";
  EXPECT_TRUE(AssignExperiment(*store_, options)->in_experiment);
  options.unit = "bob";
  EXPECT_FALSE(AssignExperiment(*store_, options)->in_experiment);
  options.unit = "carol";  // no purchase: no insight
  EXPECT_FALSE(AssignExperiment(*store_, options)->in_experiment);
  EXPECT_EQ(ShowExperiment(*store_, "vip")->exposures, 1);
}

TEST_F(ExperimentActionsTest, ExposureBatchesAssignHereAndKeepTheEarliestSighting) {
  json d = Def("recs");
  d["status"] = "running";
  d["traffic"] = 0.5;
  Create(d);
  RecordExposureBatchOptions options;
  options.key = "recs";
  options.now = kActionsNow + 1000;
  for (int i = 0; i < 200; ++i)
    options.units.push_back({"u" + std::to_string(i), kActionsNow + 500});
  options.units.push_back({"u0", kActionsNow + 100});  // u0 seen earlier, later in the batch
  auto report = RecordExposureBatch(*store_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->received, 201);
  EXPECT_NEAR(report->not_in_experiment, 100, 30);
  const int64_t in = report->received - report->not_in_experiment;
  EXPECT_EQ(report->recorded + report->already_exposed, in);
  const json j = ExposureBatchJson(*report);
  EXPECT_EQ(j["received"], 201);
  // Every recorded variant is the one assignment gives, and u0 (when in) kept its earliest time.
  ASSERT_TRUE(store_
                  ->ForEachExposure("recs",
                                    [&](const Exposure& e) {
                                      const AssignmentAnswer a = Assign("recs", e.unit, false);
                                      EXPECT_TRUE(a.in_experiment);
                                      EXPECT_EQ(a.variant, e.variant) << e.unit;
                                      if (e.unit == "u0") {
                                        EXPECT_EQ(e.first_at, kActionsNow + 100);
                                      }
                                      return Status::Ok();
                                    })
                  .ok());
  // Sent again: nothing new.
  auto again = RecordExposureBatch(*store_, options);
  EXPECT_EQ(again->recorded, 0);
  EXPECT_EQ(again->already_exposed, in);
  // Bad entries are refused whole.
  options.units = {{"ok", std::nullopt}, {"late", kActionsNow + 2000}};
  auto future = RecordExposureBatch(*store_, options);
  EXPECT_NE(future.status().message().find("exposures[1].ts"), std::string::npos);
  options.units = {{"", std::nullopt}};
  EXPECT_NE(RecordExposureBatch(*store_, options).status().message().find("exposures[0].unit"),
            std::string::npos);
}

// `mercato privacy erase` and DELETE /v1/customers/{id} run this action: the customer's
// exposures go with their events, and a later assignment of them records nothing.
TEST_F(ExperimentActionsTest, ErasingACustomerDeletesTheirExposures) {
  json d = Def("recs");
  d["status"] = "running";
  Create(d);
  Assign("recs", "alice");
  Assign("recs", "bob");
  ASSERT_EQ(ShowExperiment(*store_, "recs")->exposures, 2);
  EraseCustomerOptions erase;
  erase.customer = "alice";
  erase.artifact_dir = ::mercato::testing::FreshDir() + "/artifacts";
  erase.actor = "test";
  erase.now = kActionsNow;
  ASSERT_TRUE(EraseCustomer(*store_, erase).ok());
  EXPECT_EQ(ShowExperiment(*store_, "recs")->exposures, 1);
  EXPECT_FALSE(Assign("recs", "alice").exposure_logged);
  EXPECT_EQ(ShowExperiment(*store_, "recs")->exposures, 1);
}

TEST_F(ExperimentActionsTest, ReportAttributesAndAnalyses) {
  const std::string dir = ::mercato::testing::FreshDir();
  const std::string db = dir + "/store.db";
  {
    auto store = OpenStore(db).value();
    json d = Def("recs");
    d["status"] = "running";
    ASSERT_TRUE(CreateExperiment(*store, {d, kActionsNow}).ok());
    // 40 customers per arm; treatment customers spend 30, control 20, a third of them ordering.
    std::vector<Exposure> exposures;
    for (int i = 0; i < 80; ++i) {
      const std::string id = "c" + std::to_string(i);
      const std::string variant = i % 2 ? "treatment" : "control";
      exposures.push_back({id, variant, kActionsNow + i * 60});
      if (i % 3 != 0) continue;
      Order o;
      o.id = "o" + std::to_string(i);
      o.customer_id = id;
      o.ts = kActionsNow + 86400;
      ASSERT_TRUE(store->Put(&o).ok());
      OrderLine l;
      l.order_id = o.id;
      l.line_no = 1;
      l.sku = "S";
      l.quantity = 1;
      l.unit_price = i % 2 ? 30 + i % 5 : 20 + i % 5;
      ASSERT_TRUE(store->Put(&l).ok());
    }
    ASSERT_TRUE(store->RecordExposures("recs", exposures).ok());
  }
  auto report = ReportExperiment({db, "recs", kActionsNow + 10 * 86400});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->experiment.exposures, 80);
  EXPECT_EQ(report->analysis.units_per_variant, (std::vector<int64_t>{40, 40}));
  ASSERT_FALSE(report->analysis.metrics.empty());
  const auto& primary = report->analysis.metrics.front();
  EXPECT_EQ(primary.metric, "revenue_per_visitor");
  EXPECT_EQ(primary.variant, "treatment");
  EXPECT_GT(primary.difference, 0);
  EXPECT_FALSE(report->analysis.verdict.empty());
  const json j = ExperimentReportJson(*report);
  EXPECT_EQ(j["experiment"]["key"], "recs");
  EXPECT_EQ(j["analysis"]["verdict"], report->analysis.verdict);
  {  // On one connection, orders then exposures in turn (the lift report's way): the same report.
    auto store = OpenStore(db).value();
    const experiment::UnitKind kinds[] = {experiment::UnitKind::kCustomer};
    const AttributionSales sales = LoadAttributionSales(*store, kinds).value();
    auto in_turn = ReportStoredExperiment(*store, sales, ShowExperiment(*store, "recs").value(),
                                          kActionsNow + 10 * 86400, 0.05);
    ASSERT_TRUE(in_turn.ok()) << in_turn.status().ToString();
    EXPECT_EQ(ExperimentReportJson(*in_turn).dump(), j.dump());
  }
  EXPECT_EQ(ReportExperiment({dir + "/none.db", "recs", kActionsNow}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ReportExperiment({db, "nope", kActionsNow}).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mercato::app
