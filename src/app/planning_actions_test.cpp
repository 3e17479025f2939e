// The inventory options' one description: names, flags, defaults from the options struct, and
// values set from text as the API's query parameters are.
#include "app/planning_actions.h"

#include <gtest/gtest.h>

#include <set>

namespace mercato::app {
namespace {

TEST(InventoryOptionDocs, DescribeEveryUserOptionOnceWithTheStructsDefaults) {
  std::set<std::string_view> names;
  for (const auto& doc : InventoryOptionDocs()) {
    EXPECT_TRUE(names.insert(doc.name).second) << doc.name;
    EXPECT_FALSE(doc.help.empty()) << doc.name;
  }
  EXPECT_EQ(names, (std::set<std::string_view>{"service_level", "fill_rate", "store_fill_rate",
                                               "holding_rate", "ordering_cost", "model",
                                               "max_cover_days", "horizon_days"}));
  std::map<std::string, std::string> defaults;
  for (const auto& doc : InventoryOptionDocs()) defaults[std::string(doc.name)] = DefaultText(doc);
  EXPECT_EQ(defaults["service_level"], "0.95");
  EXPECT_EQ(defaults["max_cover_days"], "28");
  // The safe automatic choice since issue 20 (theta before): per SKU the candidate with the
  // lowest rolling-origin error, so the plan keeps a yearly cycle where it forecasts better.
  EXPECT_EQ(defaults["model"], "safe");
  EXPECT_EQ(defaults["horizon_days"], "365");
  EXPECT_EQ(CliFlag("max_cover_days"), "--max-cover-days");
}

TEST(InventoryOptionDocs, SetFieldsFromTextAndNameBadNumbers) {
  inventory::InventoryOptions options;
  for (const auto& doc : InventoryOptionDocs()) {
    if (doc.name == "max_cover_days") {
      ASSERT_TRUE(SetOption(options, doc, "14").ok());
    }
    if (doc.name == "model") {
      ASSERT_TRUE(SetOption(options, doc, "ets").ok());
    }
    if (doc.name == "holding_rate") {
      EXPECT_EQ(SetOption(options, doc, "a lot").message(),
                "holding_rate: expected a number, got 'a lot'");
    }
  }
  EXPECT_EQ(options.max_order_cover_days, 14.0);
  EXPECT_EQ(options.model, "ets");
  EXPECT_EQ(options.holding_rate, inventory::InventoryOptions{}.holding_rate);
}

TEST(ParseDayOption, EmptyIsNoneAndBadTextNamesTheOption) {
  EXPECT_FALSE(ParseDayOption("", "--as-of").value().has_value());
  EXPECT_EQ(ParseDayOption("1970-01-03", "--as-of").value(), std::optional<int64_t>(2));
  EXPECT_EQ(ParseDayOption("later", "--from").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDayOption("later", "--from").status().message().rfind("--from: ", 0), 0u);
}

TEST(ForecastDemand, RejectsAnUnknownModelBeforeReadingTheStore) {
  ForecastDemandOptions options;
  options.db = "/nonexistent/store.db";
  options.model = "prophet";
  const Status status = ForecastDemand(options).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  // The panel models first, then the per-series ones, as the registry lists each.
  EXPECT_EQ(status.message().rfind("unknown forecast model 'prophet': expected one of global, "
                                   "ensemble, ",
                                   0),
            0u)
      << status.message();
  EXPECT_NE(status.message().find(", class"), std::string::npos) << status.message();
}

TEST(SimulateInventory, RejectsBadSpansBeforeReadingTheStore) {
  SimulateInventoryOptions options;
  options.db = "/nonexistent/store.db";
  options.days = 0;
  EXPECT_EQ(SimulateInventory(options).status().message(), "--days must be >= 1");
  options.days = 7;
  options.warmup_days = -1;
  EXPECT_EQ(SimulateInventory(options).status().message(), "--warmup-days must be >= 0");
  options.warmup_days = 0;
  options.policy = "magic";
  EXPECT_EQ(SimulateInventory(options).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::app
