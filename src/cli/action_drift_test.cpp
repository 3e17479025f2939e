// The drift test: the real CLI (every `mercato` subcommand) and the real route table against
// the action list (app/action_registry.h) — a command or route the list does not name, or an
// action the list gives a side that does not exist, fails — and the inventory options' one
// description against the CLI's flags and the OpenAPI parameters.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "app/action_registry.h"
#include "app/planning_actions.h"
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
