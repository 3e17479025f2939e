// Tests of importing experiment definitions and exposure logs: checked whole before anything is
// written, errors naming file, line and column, variants held to mercato's assignment, and
// idempotent re-imports.
#include "app/experiment_import.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "experiment/assignment.h"
#include "store/open_store.h"
#include "store/temp_path_test_util.h"

namespace mercato::app {
namespace {

constexpr Timestamp kImportNow = 1793491200;  // 2026-11-01T00:00:00Z

class ExperimentImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string tag = std::to_string(getpid());
    db_ = mercato::testing::FreshPath("experiment_import_" + tag + ".db");
    ASSERT_TRUE(OpenStore(db_).ok());
    definitions_ = Write("experiments_" + tag + ".json", R"([{"key": "holdout",
      "capability": "recommendations", "status": "running",
      "started_at": "2026-10-01T00:00:00Z",
      "variants": [{"name": "control", "weight": 0.5, "config": {"recommender": "none"}},
                   {"name": "treatment", "weight": 0.5}]}])");
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // The variant mercato assigns `unit` in the definition above.
  static std::string VariantOf(const std::string& unit) {
    experiment::AssignmentSpec spec;
    spec.salt = "holdout";
    spec.weights = {0.5, 0.5};
    return experiment::Assigner::Create(spec)->Assign(unit).variant == 0 ? "control" : "treatment";
  }

  Result<ExperimentImportReport> Import(std::vector<std::string> paths) {
    return ImportExperiments({db_, std::move(paths), kImportNow});
  }

  int64_t StoredExposures() {
    auto store = OpenStore(db_).value();
    return store->CountExposures("holdout").value();
  }

  std::string db_, definitions_;
};

TEST_F(ExperimentImportTest, CreatesTheExperimentAndRecordsEachUnitsFirstExposure) {
  const std::string log = Write("exposures_ok.csv",
                                "experiment,unit,variant,exposed_at\n"
                                "holdout,C1," +
                                    VariantOf("C1") +
                                    ",2026-10-02T09:00:00Z\n"
                                    "holdout,C2," +
                                    VariantOf("C2") +
                                    ",2026-10-03T09:00:00Z\n"
                                    "holdout,C1," +
                                    VariantOf("C1") + ",2026-10-01T08:00:00Z\n");
  auto report = Import({definitions_, log});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->experiments_created, 1);
  EXPECT_EQ(report->exposure_rows, 3);
  EXPECT_EQ(report->exposures.recorded, 2);  // C1 once, at its earliest sighting
  EXPECT_EQ(StoredExposures(), 2);
  auto store = OpenStore(db_).value();
  Timestamp c1 = 0;
  ASSERT_TRUE(store
                  ->ForEachExposure("holdout",
                                    [&](const Exposure& e) {
                                      if (e.unit == "C1") c1 = e.first_at;
                                      return Status::Ok();
                                    })
                  .ok());
  EXPECT_EQ(FormatTimestamp(c1), "2026-10-01T08:00:00Z");

  // Again: the definition is kept, nothing new is written.
  auto again = Import({definitions_, log});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->experiments_created, 0);
  EXPECT_EQ(again->experiments_kept, 1);
  EXPECT_EQ(again->exposures.recorded, 0);
  EXPECT_EQ(again->exposures.already_exposed, 3);  // every row: C1's two sightings and C2's
  const nlohmann::json j = ExperimentImportJson(*again);
  EXPECT_EQ(j["exposures"]["already_exposed"], 3);
}

TEST_F(ExperimentImportTest, ABadRowNamesFileLineAndColumnAndWritesNothing) {
  const std::string wrong_variant =
      VariantOf("C2") == "control" ? std::string("treatment") : std::string("control");
  struct Case {
    std::string text, expected;
  };
  const Case cases[] = {
      {"experiment,unit,exposed_at\nholdout,C1,2026-10-02T09:00:00Z\nholdout,C2,yesterday\n",
       ":3: column exposed_at: expected a time like 2024-07-01T09:30:00Z, got 'yesterday'"},
      {"experiment,unit,exposed_at\nother,C1,2026-10-02T09:00:00Z\n",
       ":2: column experiment: no experiment 'other'"},
      {"experiment,unit,exposed_at\nholdout,,2026-10-02T09:00:00Z\n",
       ":2: column unit: expected a unit id"},
      {"experiment,unit,variant,exposed_at\nholdout,C2," + wrong_variant +
           ",2026-10-02T09:00:00Z\n",
       ":2: column variant: mercato assigns unit C2 to " + VariantOf("C2")},
      {"experiment,customer,exposed_at\n", ":1: no column unit"},
  };
  int n = 0;
  for (const Case& c : cases) {
    const std::string path = Write("exposures_bad_" + std::to_string(n++) + ".csv", c.text);
    auto report = Import({definitions_, path});
    ASSERT_FALSE(report.ok()) << c.text;
    EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(report.status().message().find(path + c.expected), std::string::npos)
        << report.status().message();
  }
  // Nothing was written: not even the definition that came first.
  auto store = OpenStore(db_).value();
  EXPECT_TRUE(store->ListExperiments().value().empty());
}

TEST_F(ExperimentImportTest, AKeyStoredWithOtherVariantsIsRefused) {
  ASSERT_TRUE(Import({definitions_}).ok());
  const std::string other = Write("experiments_other.json", R"({"key": "holdout",
      "variants": [{"name": "a", "weight": 0.5}, {"name": "b", "weight": 0.5}]})");
  auto report = Import({other});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(report.status().message().find("a key's assignment never changes"), std::string::npos);
  const std::string broken = Write("experiments_broken.json", R"([{"key": "x", "variants": 3}])");
  auto bad = Import({broken});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(broken + "[0]: "), std::string::npos)
      << bad.status().message();
}

}  // namespace
}  // namespace mercato::app
