// Entities to and from JSON: round trip, strict reading of API input, the depth guard.
#include "domain/entity_json.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(EntityJson, RoundTripsAnOrder) {
  Order o;
  o.id = "#1001";
  o.customer_id = "c1";
  o.ts = 1706708707;  // 2024-01-31T13:45:07Z
  o.total = 42.5;
  const nlohmann::json j = EntityToJson(o);
  EXPECT_EQ(j["ts"], "2024-01-31T13:45:07Z");
  EXPECT_EQ(j["total"], 42.5);
  EXPECT_FALSE(j.contains("discount_code"));  // unset fields are left out
  auto back = EntityFromJson<Order>(j);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->id, "#1001");
  EXPECT_EQ(back->ts, o.ts);
  EXPECT_EQ(back->total, 42.5);
}

TEST(EntityJson, ReadsNumbersAndTextForNumericFields) {
  auto e = EntityFromJson<Event>(
      nlohmann::json::parse(R"({"type": "view", "ts": 1706708707, "value": "3.5"})"));
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->ts, 1706708707);
  EXPECT_EQ(e->value, 3.5);
}

TEST(EntityJson, RefusesWhatIsNotAnEntity) {
  auto unknown = EntityFromJson<Event>(nlohmann::json::parse(R"({"type": "view", "tz": 1})"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown field 'tz'"), std::string::npos);
  auto nested =
      EntityFromJson<Event>(nlohmann::json::parse(R"({"type": {"a": 1}, "ts": 1706708707})"));
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.status().message().find("field 'type'"), std::string::npos);
  auto bad_time = EntityFromJson<Event>(nlohmann::json::parse(R"({"type": "view", "ts": "x"})"));
  ASSERT_FALSE(bad_time.ok());
  EXPECT_NE(bad_time.status().message().find("field 'ts'"), std::string::npos);
  auto missing = EntityFromJson<Event>(nlohmann::json::parse(R"({"type": "view"})"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("ts"), std::string::npos);
  EXPECT_FALSE(EntityFromJson<Event>(nlohmann::json::array()).ok());
}

TEST(EntityJson, DepthIgnoresBracketsInStrings) {
  EXPECT_EQ(JsonDepth(R"({"a": [[1]], "b": "[[[[{{{"})"), 3);
  EXPECT_EQ(JsonDepth(R"("\"[")"), 0);
  EXPECT_EQ(JsonDepth(std::string(100, '[')), 100);
}

}  // namespace
}  // namespace mercato
