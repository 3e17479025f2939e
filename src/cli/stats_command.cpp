// `mercato stats`: what the store holds — counts per entity, date ranges, top categories.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "store/open_store.h"
#include "store/summary.h"

namespace mercato::cli {

void RegisterStatsCommand(CLI::App& app, int& exit_code) {
  struct Args {
    std::string db;
    bool json = false;
    int top = 10;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("stats", "Show what the store holds");
  cmd->add_option("--db", args->db, "Database file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--top", args->top, "How many top categories to list")->capture_default_str();
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &exit_code] {
    auto store = OpenStore(args->db);
    auto summary = store.ok() ? SummarizeStore(*store.value(), args->top) : store.status();
    if (!summary.ok()) {
      std::cerr << "mercato stats: " << summary.status().message() << "\n";
      exit_code = 1;
      return;
    }
    const StoreSummary& s = summary.value();
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
      j["schema_version"] = store.value()->SchemaVersion();
      std::cout << j.dump(2) << "\n";
      return;
    }
    std::cout << "store " << args->db << " (schema v" << store.value()->SchemaVersion() << ")\n";
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
