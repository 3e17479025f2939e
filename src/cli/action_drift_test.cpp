// The drift test: the real CLI (every `mercato` subcommand) and the real route table against
// the action list (app/action_registry.h) — a command or route the list does not name, or an
// action the list gives a side that does not exist, fails — and every action's option
// descriptions (app/option_doc.h) against the CLI's flags and, where a route takes the same
// options, the OpenAPI parameters.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "app/action_registry.h"
#include "app/clv_actions.h"
#include "app/customer_actions.h"
#include "app/engage_actions.h"
#include "app/evaluation_actions.h"
#include "app/experiment_validation.h"
#include "app/model_actions.h"
#include "app/planning_actions.h"
#include "app/pricing_actions.h"
#include "app/recommend_actions.h"
#include "app/store_actions.h"
#include "cli/commands.h"
#include "ingest/import_test_util.h"
#include "server/api.h"
#include "server/openapi_document.h"
#include "store/open_store.h"

namespace mercato {
namespace {

// Every command path that runs an action: leaves, and commands that run without a subcommand.
void CollectCommands(const CLI::App& cmd, const std::string& path, std::set<std::string>& out) {
  const std::vector<const CLI::App*> subs = cmd.get_subcommands({});
  if (!path.empty() && (subs.empty() || cmd.get_require_subcommand_min() == 0)) out.insert(path);
  for (const CLI::App* sub : subs) {
    CollectCommands(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
  }
}

std::set<std::string> CliCommands() {
  CLI::App app;
  int exit_code = 0;
  cli::RegisterCommands(app, exit_code);
  std::set<std::string> out;
  CollectCommands(app, "", out);
  return out;
}

std::set<std::string> ApiRoutes() {
  const std::string dir = testing::FreshDir();
  (void)OpenStore(dir + "/store.db").value();  // an empty store: no models, no insights
  server::ServerOptions options;
  options.db = dir + "/store.db";
  auto ctx = server::ServerContext::Open(options);
  EXPECT_TRUE(ctx.ok()) << ctx.status().ToString();
  if (!ctx.ok()) return {};
  const server::Api api(**ctx);
  std::set<std::string> out;
  for (const server::Route& r : api.router().routes()) out.insert(r.method + " " + r.pattern);
  return out;
}

TEST(ActionDrift, EveryCommandAndRouteIsAnActionAndEveryListedSideExists) {
  const std::set<std::string> commands = CliCommands();
  const std::set<std::string> routes = ApiRoutes();
  ASSERT_GT(commands.size(), 20u);
  ASSERT_GT(routes.size(), 20u);
  std::set<std::string> listed_commands, listed_routes;
  for (const app::ActionEntry& a : app::Actions()) {
    for (std::string_view c : a.cli) {
      listed_commands.insert(std::string(c));
      EXPECT_TRUE(commands.count(std::string(c)))
          << a.action << ": no command `mercato " << c << "`";
    }
    for (std::string_view r : a.api) {
      listed_routes.insert(std::string(r));
      EXPECT_TRUE(routes.count(std::string(r))) << a.action << ": no route " << r;
    }
  }
  for (const std::string& c : commands) {
    EXPECT_TRUE(listed_commands.count(c))
        << "`mercato " << c << "` is no action of app/action_registry.cpp: list it with its "
        << "route, or say why the API lacks it";
  }
  for (const std::string& r : routes) {
    EXPECT_TRUE(listed_routes.count(r))
        << r << " is no action of app/action_registry.cpp: list it with its command, or say "
        << "why the CLI lacks it";
  }
}

// The subcommand at `path` (e.g. {"customers", "list"}) of the real CLI.
const CLI::App* Subcommand(const CLI::App& app, std::initializer_list<const char*> path) {
  const CLI::App* cmd = &app;
  for (const char* name : path) cmd = cmd->get_subcommand(name);
  return cmd;
}

// Every documented option is the command's flag, with the description's help and default.
template <class Options>
void ExpectFlagsDocumented(const CLI::App* cmd, std::span<const app::OptionDoc<Options>> docs) {
  for (const auto& option : docs) {
    const std::string flag = app::CliFlag(option.name);
    const CLI::Option* o = cmd->get_option_no_throw(flag);
    ASSERT_NE(o, nullptr) << cmd->get_name() << " lacks " << flag;
    EXPECT_EQ(o->get_description(), option.help) << cmd->get_name() << " " << flag;
    // A switch shows no default (its help says it); CLI11 shows a list's default in brackets.
    if (std::holds_alternative<bool Options::*>(option.field)) continue;
    const bool list = std::holds_alternative<std::vector<std::string> Options::*>(option.field);
    const std::string default_text = app::DefaultText(option);
    EXPECT_EQ(o->get_default_str(), list ? "[" + default_text + "]" : default_text)
        << cmd->get_name() << " " << flag;
  }
}

TEST(ActionDrift, EveryActionsDocumentedOptionsAreItsCommandsFlags) {
  CLI::App app;
  int exit_code = 0;
  cli::RegisterCommands(app, exit_code);
  ExpectFlagsDocumented(Subcommand(app, {"train", "recommend"}), app::TrainRecommendOptionDocs());
  for (const char* sub : {"segment", "list", "export-esp"}) {
    ExpectFlagsDocumented(Subcommand(app, {"customers", sub}), app::InsightOptionDocs());
  }
  for (const char* sub : {"list", "export-esp"}) {
    ExpectFlagsDocumented(Subcommand(app, {"customers", sub}), app::CustomerSelectionOptionDocs());
  }
  ExpectFlagsDocumented(Subcommand(app, {"eval", "recommend"}),
                        app::EvaluateRecommendersOptionDocs());
  for (const char* sub : {"fit", "predict"}) {
    ExpectFlagsDocumented(Subcommand(app, {"clv", sub}), app::ClvOptionDocs());
  }
  ExpectFlagsDocumented(Subcommand(app, {"clv", "predict"}), app::PredictClvOptionDocs());
  ExpectFlagsDocumented(Subcommand(app, {"stats"}), app::SummarizeStoreOptionDocs());
  ExpectFlagsDocumented(Subcommand(app, {"campaign", "recommendations"}),
                        app::CampaignOptionDocs());
  for (const char* surface : {"user", "item", "cart", "post-purchase"}) {
    ExpectFlagsDocumented(Subcommand(app, {"recommend", surface}), app::RecommendationFilterDocs());
  }
  ExpectFlagsDocumented(Subcommand(app, {"campaign", "recommendations"}),
                        app::RecommendationFilterDocs());
  ExpectFlagsDocumented(Subcommand(app, {"engage", "ope"}), app::EvaluatePolicyOptionDocs());
}

// Every documented option is a query parameter of the route at `path` (its first operation),
// described by the option's help (starting in lower case, as the API's other descriptions do;
// an acronym such as BTYD stays) with the option's default.
template <class Options>
void ExpectQueryParametersDocumented(const nlohmann::json& doc, const std::string& path,
                                     std::span<const app::OptionDoc<Options>> docs) {
  ASSERT_TRUE(doc["paths"].contains(path)) << path;
  const nlohmann::json& parameters = doc["paths"][path].begin().value()["parameters"];
  for (const auto& option : docs) {
    const auto p = std::find_if(parameters.begin(), parameters.end(), [&](const auto& j) {
      return j["name"] == option.name && j["in"] == "query";
    });
    ASSERT_NE(p, parameters.end()) << path << ": " << option.name << " is not a parameter";
    std::string help(option.help);
    if (help.size() > 1 && !std::isupper(static_cast<unsigned char>(help[1]))) {
      help[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(help[0])));
    }
    EXPECT_EQ((*p)["description"], help) << path << " " << option.name;
    const nlohmann::json& schema = (*p)["schema"];
    std::string documented;
    if (!schema.contains("default")) {
      documented = "";
    } else if (schema["default"].is_string()) {
      documented = schema["default"].get<std::string>();
    } else if (schema["default"].is_boolean()) {
      documented = schema["default"].get<bool>() ? "true" : "false";
    } else {
      documented = FormatReal(schema["default"].get<double>());
    }
    EXPECT_EQ(documented, app::DefaultText(option)) << path << " " << option.name;
  }
}

TEST(ActionDrift, ExperimentValidationOptionsAreTheCommandsFlagsAndTheRoutesQueryParameters) {
  CLI::App app;
  int exit_code = 0;
  cli::RegisterCommands(app, exit_code);
  ExpectFlagsDocumented(Subcommand(app, {"experiments", "validate"}),
                        app::ValidateExperimentsOptionDocs());
  ExpectQueryParametersDocumented(nlohmann::json::parse(server::OpenApiDocument()),
                                  "/v1/experiments/validate", app::ValidateExperimentsOptionDocs());
}

TEST(ActionDrift, RecommendationFiltersAreEveryRecommendationRoutesQueryParameters) {
  const nlohmann::json doc = nlohmann::json::parse(server::OpenApiDocument());
  for (const char* path :
       {"/v1/recommendations/user/{customer_id}", "/v1/recommendations/item/{sku}",
        "/v1/recommendations/cart", "/v1/recommendations/session/{session_id}",
        "/v1/recommendations/post-purchase/{order_id}"}) {
    ExpectQueryParametersDocumented(doc, path, app::RecommendationFilterDocs());
  }
}

TEST(ActionDrift, ForecastOptionsAreTheCommandsFlagsAndTheRoutesQueryParameters) {
  CLI::App app;
  int exit_code = 0;
  cli::RegisterCommands(app, exit_code);
  ExpectFlagsDocumented(Subcommand(app, {"forecast"}), app::StoreForecastOptionDocs());
  ExpectFlagsDocumented(Subcommand(app, {"forecast", "backtest"}), app::StoreForecastOptionDocs());
  const nlohmann::json doc = nlohmann::json::parse(server::OpenApiDocument());
  ExpectQueryParametersDocumented(doc, "/v1/forecasts", app::StoreForecastOptionDocs());
  // The forecast's own options (the history beside it): `forecast` and the route, not backtest.
  ExpectFlagsDocumented(Subcommand(app, {"forecast"}), app::ForecastOutputOptionDocs());
  ExpectQueryParametersDocumented(doc, "/v1/forecasts", app::ForecastOutputOptionDocs());
  EXPECT_EQ(Subcommand(app, {"forecast", "backtest"})->get_option_no_throw("--history"), nullptr);
  // The options outside the table: the route's defaults are the action's, and so are the CLI's.
  const nlohmann::json& parameters = doc["paths"]["/v1/forecasts"]["get"]["parameters"];
  auto default_of = [&](const std::string& name) {
    for (const auto& p : parameters) {
      if (p["name"] == name) return p["schema"]["default"].get<std::string>();
    }
    return std::string("(not a parameter)");
  };
  EXPECT_EQ(default_of("model"), app::ForecastDemandOptions{}.model);
  EXPECT_EQ(Subcommand(app, {"forecast"})->get_option("--model")->get_default_str(),
            app::ForecastDemandOptions{}.model);
  EXPECT_EQ(default_of("horizon"), forecast::StoreForecastOptions{}.horizon);
}

TEST(ActionDrift, PriceRecommendationOptionsAreTheCommandsFlagsAndTheRoutesQueryParameters) {
  CLI::App app;
  int exit_code = 0;
  cli::RegisterCommands(app, exit_code);
  ExpectFlagsDocumented(Subcommand(app, {"pricing", "recommend"}),
                        app::PriceRecommendationOptionDocs());
  const nlohmann::json doc = nlohmann::json::parse(server::OpenApiDocument());
  ExpectQueryParametersDocumented(doc, "/v1/pricing/recommendations",
                                  app::PriceRecommendationOptionDocs());
}

TEST(ActionDrift, InsightOptionsAreTheEspExportsQueryParameters) {
  const nlohmann::json doc = nlohmann::json::parse(server::OpenApiDocument());
  ExpectQueryParametersDocumented(doc, "/v1/exports/esp", app::InsightOptionDocs());
  ExpectQueryParametersDocumented(doc, "/v1/customers", app::InsightOptionDocs());
  ExpectQueryParametersDocumented(doc, "/v1/customers", app::CustomerSelectionOptionDocs());
}

TEST(ActionDrift, InventoryOptionsMatchTheCliFlagsAndTheOpenApiParameters) {
  CLI::App app;
  int exit_code = 0;
  cli::RegisterCommands(app, exit_code);
  const nlohmann::json doc = nlohmann::json::parse(server::OpenApiDocument());
  const nlohmann::json& parameters = doc["paths"]["/v1/inventory/plan"]["get"]["parameters"];
  for (const auto& option : app::InventoryOptionDocs()) {
    const std::string flag = app::CliFlag(option.name);
    for (const char* sub : {"plan", "simulate"}) {
      const CLI::Option* o = app.get_subcommand("inventory")->get_subcommand(sub)->get_option(flag);
      EXPECT_EQ(o->get_description(), option.help) << sub << " " << flag;
      EXPECT_EQ(o->get_default_str(), app::DefaultText(option)) << sub << " " << flag;
    }
    const auto p = std::find_if(parameters.begin(), parameters.end(), [&](const auto& j) {
      return j["name"] == option.name && j["in"] == "query";
    });
    ASSERT_NE(p, parameters.end()) << option.name << " is not an OpenAPI parameter";
    EXPECT_EQ((*p)["description"], option.help) << option.name;
    const nlohmann::json& default_value = (*p)["schema"]["default"];
    const std::string documented = default_value.is_string()
                                       ? default_value.get<std::string>()
                                       : FormatReal(default_value.get<double>());
    EXPECT_EQ(documented, app::DefaultText(option)) << option.name;
  }
}

}  // namespace
}  // namespace mercato
