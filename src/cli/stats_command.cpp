// `mercato stats`: what the store holds — counts per entity, date ranges, top categories.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/store_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/documented_options.h"

namespace mercato::cli {

void RegisterStatsCommand(CLI::App& app, int& exit_code) {
  struct Args {
    app::SummarizeStoreOptions options;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("stats", "Show what the store holds");
  cmd->add_option("--db", args->options.db, "Database file")->required()->check(CLI::ExistingFile);
  AddDocumentedOptions(cmd, args->options, app::SummarizeStoreOptionDocs());
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &exit_code] {
    auto stats = app::SummarizeStoreAt(args->options);
    if (!stats.ok()) {
      exit_code = Fail("stats", stats.status());
      return;
    }
    const StoreSummary& s = stats->summary;
    auto range = [](const std::optional<Timestamp>& a, const std::optional<Timestamp>& b) {
      return a ? nlohmann::json{{"first", FormatTimestamp(*a)}, {"last", FormatTimestamp(*b)}}
               : nlohmann::json(nullptr);
    };
    if (args->json) {
      nlohmann::json j;
      for (const auto& [name, n] : s.counts) j[name] = n;
      j["orders_range"] = range(s.first_order, s.last_order);
      j["events_range"] = range(s.first_event, s.last_event);
      j["top_categories"] = nlohmann::json::array();
      for (const auto& [name, n] : s.top_categories) {
        j["top_categories"].push_back({{"category", name}, {"units", n}});
      }
      j["schema_version"] = stats->schema_version;
      std::cout << j.dump(2) << "\n";
      return;
    }
    std::cout << "store " << args->options.db << " (schema v" << stats->schema_version << ")\n";
    for (const auto& [name, n] : s.counts)
      std::printf("  %-18s %lld\n", name.c_str(), (long long)n);
    if (s.first_order) {
      std::cout << "  orders from " << FormatTimestamp(*s.first_order) << " to "
                << FormatTimestamp(*s.last_order) << "\n";
    }
    if (s.first_event) {
      std::cout << "  events from " << FormatTimestamp(*s.first_event) << " to "
                << FormatTimestamp(*s.last_event) << "\n";
    }
    if (!s.top_categories.empty()) std::cout << "  top categories:\n";
    for (const auto& [name, n] : s.top_categories) {
      std::printf("    %-30s %lld\n", name.c_str(), (long long)n);
    }
  });
}

}  // namespace mercato::cli
