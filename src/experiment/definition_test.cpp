// Tests of experiment definitions: JSON round trip, defaults, validation errors naming fields.
#include "experiment/definition.h"

#include <gtest/gtest.h>

#include "experiment/recommender_choice.h"

namespace mercato::experiment {
namespace {

using nlohmann::json;

const char* kContractExample = R"({
  "key": "recs-holdout", "name": "Recommendations vs popularity",
  "capability": "recommendations", "unit": "customer", "status": "running",
  "salt": "recs-holdout", "traffic": 1.0, "layer": "", "segments": [],
  "variants": [{"name": "control", "weight": 0.5, "config": {"recommender": "popularity"}},
               {"name": "treatment", "weight": 0.5, "config": {}}],
  "primary_metric": "revenue_per_visitor", "guardrails": ["aov"],
  "attribution_days": 14, "repeat_days": 90, "started_at": "2026-11-01T00:00:00Z",
  "stopped_at": null})";

Definition Parsed(const json& j) {
  auto d = DefinitionFromJson(j);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? std::move(d).value() : Definition{};
}

// The error message of reading and validating `j`.
std::string ErrorOf(const json& j) {
  auto d = DefinitionFromJson(j);
  if (!d.ok()) return d.status().message();
  return Validate(*d).message();
}

json Minimal() {
  return json::parse(R"({"key": "k1", "variants": [{"name": "a"}, {"name": "b"}]})");
}

TEST(DefinitionTest, ReadsTheContractExample) {
  const Definition d = Parsed(json::parse(kContractExample));
  EXPECT_TRUE(Validate(d).ok()) << Validate(d).ToString();
  EXPECT_EQ(d.key, "recs-holdout");
  EXPECT_EQ(d.capability, Capability::kRecommendations);
  EXPECT_EQ(d.unit, UnitKind::kCustomer);
  EXPECT_EQ(d.status, RunStatus::kRunning);
  ASSERT_EQ(d.variants.size(), 2u);
  EXPECT_EQ(d.variants[0].config["recommender"], "popularity");
  EXPECT_EQ(d.control, "control");
  EXPECT_EQ(d.ControlIndex(), 0);
  EXPECT_EQ(d.guardrails, std::vector<std::string>{"aov"});
  ASSERT_TRUE(d.started_at.has_value());
  EXPECT_EQ(*d.started_at, 1793491200);  // 2026-11-01T00:00:00Z
  EXPECT_FALSE(d.stopped_at.has_value());
}

TEST(DefinitionTest, JsonRoundTripsEveryField) {
  Definition d = Parsed(json::parse(kContractExample));
  d.layer = "home";
  d.layer_buckets = {100, 600};
  d.segments = {"vip"};
  d.stopped_at = *d.started_at + 86400;
  const json j = DefinitionJson(d);
  EXPECT_EQ(j["layer_buckets"], json::array({100, 600}));
  EXPECT_EQ(j["stopped_at"], "2026-11-02T00:00:00Z");
  const Definition back = Parsed(j);
  EXPECT_EQ(DefinitionJson(back), j);
  EXPECT_TRUE(Validate(back).ok());
}

TEST(DefinitionTest, DefaultsFillWhatIsAbsent) {
  const Definition d = Parsed(Minimal());
  EXPECT_EQ(d.salt, "k1");
  EXPECT_EQ(d.control, "a");
  EXPECT_EQ(d.status, RunStatus::kDraft);
  EXPECT_EQ(d.capability, Capability::kOther);
  EXPECT_DOUBLE_EQ(d.variants[0].weight, 0.5);  // no weights: an even split
  EXPECT_DOUBLE_EQ(d.traffic, 1.0);
  EXPECT_EQ(d.attribution_days, 14);
  EXPECT_EQ(d.primary_metric, "revenue_per_visitor");
  EXPECT_TRUE(Validate(d).ok()) << Validate(d).ToString();
  const json j = DefinitionJson(d);
  EXPECT_TRUE(j["layer_buckets"].is_null());
  EXPECT_TRUE(j["started_at"].is_null());
}

TEST(DefinitionTest, ThreeVariantsWithoutWeightsSplitInThirds) {
  json j = Minimal();
  j["variants"].push_back({{"name", "c"}});
  const Definition d = Parsed(j);
  EXPECT_TRUE(Validate(d).ok()) << Validate(d).ToString();
  EXPECT_DOUBLE_EQ(d.variants[2].weight, 1.0 / 3);
}

TEST(DefinitionTest, ErrorsNameTheFieldAndWhatIsExpected) {
  json j = Minimal();
  j["key"] = "Bad Key";
  EXPECT_NE(ErrorOf(j).find("key: expected 1 to 64 characters"), std::string::npos) << ErrorOf(j);
  j = Minimal();
  j["unit"] = "visitor";
  EXPECT_NE(ErrorOf(j).find("unit: expected one of customer | session | product"),
            std::string::npos)
      << ErrorOf(j);
  j = Minimal();
  j["capability"] = 3;
  EXPECT_NE(ErrorOf(j).find("capability: expected one of recommendations"), std::string::npos);
  j = Minimal();
  j["status"] = "paused";
  EXPECT_NE(ErrorOf(j).find("status: expected one of draft | running | stopped"),
            std::string::npos);
  j = Minimal();
  j["variants"][0]["weight"] = 0.5;
  EXPECT_NE(ErrorOf(j).find("give every variant a weight, or none"), std::string::npos);
  j = Minimal();
  j["variants"][0]["weight"] = 0.5;
  j["variants"][1]["weight"] = 0.4;
  EXPECT_NE(ErrorOf(j).find("weights must sum to 1, they sum to 0.9"), std::string::npos)
      << ErrorOf(j);
  j = Minimal();
  j["variants"][0]["weight"] = 0;
  j["variants"][1]["weight"] = 1;
  EXPECT_NE(ErrorOf(j).find("variants[0].weight: expected a number > 0"), std::string::npos);
  j = Minimal();
  j["variants"][1]["name"] = "a";
  EXPECT_NE(ErrorOf(j).find("variants[1].name: 'a' names two variants"), std::string::npos);
  j = Minimal();
  j["variants"][1]["colour"] = "red";
  EXPECT_NE(ErrorOf(j).find("variants[1]: unknown key 'colour'"), std::string::npos);
  j = Minimal();
  j["variants"][1]["config"] = "popularity";
  EXPECT_NE(ErrorOf(j).find("variants[1].config: expected an object"), std::string::npos);
  j = Minimal();
  j["variants"].erase(1);
  EXPECT_NE(ErrorOf(j).find("at least 2 variants"), std::string::npos);
  j = Minimal();
  j["control"] = "z";
  EXPECT_NE(ErrorOf(j).find("control: 'z' is not a variant; expected one of a, b"),
            std::string::npos);
  j = Minimal();
  j["traffic"] = 1.5;
  EXPECT_NE(ErrorOf(j).find("traffic: expected a share in (0, 1]"), std::string::npos);
  j = Minimal();
  j["primary_metric"] = "revenue";
  EXPECT_NE(ErrorOf(j).find("primary_metric: unknown metric 'revenue'; expected one of"),
            std::string::npos);
  j = Minimal();
  j["guardrails"] = {"aov", "bounce"};
  EXPECT_NE(ErrorOf(j).find("guardrails[1]: unknown metric 'bounce'"), std::string::npos);
  j = Minimal();
  j["attribution_days"] = 0;
  EXPECT_NE(ErrorOf(j).find("attribution_days: expected a whole number of days from 1 to 3650"),
            std::string::npos);
  j = Minimal();
  j["started_at"] = "yesterday";
  EXPECT_NE(ErrorOf(j).find("started_at: "), std::string::npos);
  j = Minimal();
  j["started_at"] = "2026-11-02";
  j["stopped_at"] = "2026-11-01";
  EXPECT_NE(ErrorOf(j).find("stopped_at: expected a time after started_at"), std::string::npos);
  j = Minimal();
  j["layer"] = "home";  // no buckets given out yet
  EXPECT_NE(ErrorOf(j).find("layer_buckets: expected 0 <= begin < end <= 10000"),
            std::string::npos);
  j = Minimal();
  j["holdout"] = true;
  EXPECT_NE(ErrorOf(j).find("unknown key 'holdout'; expected key, name"), std::string::npos);
  EXPECT_NE(ErrorOf(json::array()).find("definition: expected a JSON object"), std::string::npos);
}

TEST(DefinitionTest, RecommendationsVariantsNameAKnownRecommender) {
  json j = json::parse(kContractExample);
  j["variants"][1]["config"] = {{"recommender", "random"}};
  EXPECT_NE(ErrorOf(j).find("variants[1].config.recommender: expected \"popularity\""),
            std::string::npos)
      << ErrorOf(j);
  EXPECT_NE(ErrorOf(j).find("got \"random\""), std::string::npos) << ErrorOf(j);
  j["variants"][1]["config"] = {{"recommender", 1}};
  EXPECT_NE(ErrorOf(j).find("variants[1].config.recommender: expected"), std::string::npos);
  j["variants"][1]["config"] = {{"recommender", "none"}, {"widget_title", "For you"}};
  EXPECT_EQ(ErrorOf(j), "");
  // Another capability's config is its own business.
  j["capability"] = "search";
  j["variants"][1]["config"] = {{"recommender", "random"}};
  EXPECT_EQ(ErrorOf(j), "");
}

TEST(DefinitionTest, RecommenderChoiceOfEachConfig) {
  EXPECT_EQ(ReadRecommenderChoice(json::object(), "c").value(), RecommenderChoice::kModels);
  EXPECT_EQ(ReadRecommenderChoice({{"recommender", "popularity"}}, "c").value(),
            RecommenderChoice::kPopularity);
  EXPECT_EQ(ReadRecommenderChoice({{"recommender", "none"}}, "c").value(),
            RecommenderChoice::kNone);
  EXPECT_EQ(ReadRecommenderChoice({{"recommender", "als"}}, "c").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(DefinitionTest, AssignmentSpecFollowsTheDefinition) {
  Definition d = Parsed(json::parse(kContractExample));
  d.traffic = 0.2;
  d.segments = {"vip"};
  const AssignmentSpec spec = d.Assignment();
  EXPECT_EQ(spec.salt, "recs-holdout");
  EXPECT_DOUBLE_EQ(spec.traffic, 0.2);
  EXPECT_EQ(spec.weights, (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(spec.segments, std::vector<std::string>{"vip"});
}

TEST(DefinitionTest, KeySyntax) {
  EXPECT_TRUE(IsValidKey("recs-holdout.v2_b"));
  EXPECT_TRUE(IsValidKey("9lives"));
  EXPECT_FALSE(IsValidKey(""));
  EXPECT_FALSE(IsValidKey("-lead"));
  EXPECT_FALSE(IsValidKey("Upper"));
  EXPECT_FALSE(IsValidKey("a/b"));
  EXPECT_FALSE(IsValidKey(std::string(65, 'a')));
  EXPECT_TRUE(IsValidKey(std::string(64, 'a')));
}

}  // namespace
}  // namespace mercato::experiment
