// `mercato keys create|list|revoke`: API keys for the HTTP server. A key is printed once, when
// created; the store keeps only its salted hash. Every creation and revocation is audited.
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/key_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"

namespace mercato::cli {
namespace {

constexpr std::string_view kActor = "cli";

struct Args {
  std::string db;
  std::string scope;
  std::string name;
  std::string id;
  bool json = false;
};

Status RunCreate(const Args& args) {
  ASSIGN_OR_RETURN(NewApiKey created, app::CreateKey({args.db, args.scope, args.name,
                                                      std::string(kActor), std::time(nullptr)}));
  const KeyScope scope = created.record.scope;
  if (args.json) {
    const nlohmann::json j{{"id", created.record.id},
                           {"key", created.key},
                           {"scope", KeyScopeName(scope)},
                           {"name", created.record.name}};
    std::cout << j.dump(2) << "\n";
    return Status::Ok();
  }
  std::cout << created.key << "\n";
  std::cerr << "created " << KeyScopeName(scope) << " key " << created.record.id
            << (created.record.name.empty() ? "" : " (" + created.record.name + ")")
            << "; it is shown only now: store it safely, then pass it as "
               "'Authorization: Bearer <key>'\n";
  return Status::Ok();
}

Status RunList(const Args& args) {
  ASSIGN_OR_RETURN(std::vector<ApiKeyRecord> keys, app::ListKeys(args.db));
  if (args.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const ApiKeyRecord& k : keys) {
      j.push_back({{"id", k.id},
                   {"name", k.name},
                   {"scope", KeyScopeName(k.scope)},
                   {"created_at", FormatTimestamp(k.created_at)},
                   {"revoked_at", k.revoked_at ? nlohmann::json(FormatTimestamp(*k.revoked_at))
                                               : nlohmann::json(nullptr)}});
    }
    std::cout << j.dump(2) << "\n";
    return Status::Ok();
  }
  if (keys.empty()) {
    std::cout << "no API keys; create one with: mercato keys create --db " << args.db
              << " --scope storefront|admin\n";
    return Status::Ok();
  }
  std::printf("%-12s  %-10s  %-20s  %-20s  %s\n", "id", "scope", "created", "revoked", "name");
  for (const ApiKeyRecord& k : keys) {
    std::printf("%-12s  %-10s  %-20s  %-20s  %s\n", k.id.c_str(),
                std::string(KeyScopeName(k.scope)).c_str(), FormatTimestamp(k.created_at).c_str(),
                k.revoked_at ? FormatTimestamp(*k.revoked_at).c_str() : "-", k.name.c_str());
  }
  return Status::Ok();
}

Status RunRevoke(const Args& args) {
  RETURN_IF_ERROR(app::RevokeKey({args.db, args.id, std::string(kActor), std::time(nullptr)}));
  std::cout << "revoked API key " << args.id << "\n";
  return Status::Ok();
}

}  // namespace

void RegisterKeysCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<Args>();
  CLI::App* keys = app.add_subcommand("keys", "Create, list and revoke API keys of the server");
  keys->require_subcommand(1);
  const auto run = [args, &exit_code](std::string_view name, Status (*fn)(const Args&)) {
    return [args, &exit_code, name, fn] {
      const Status s = fn(*args);
      if (!s.ok()) exit_code = FailAsUsage("keys " + std::string(name), s);
    };
  };

  CLI::App* create = keys->add_subcommand("create", "Create a key and print it (shown only once)");
  create->add_option("--db", args->db, "Database file (created when absent)")->required();
  create->add_option("--scope", args->scope, "storefront (recommendations, events) or admin")
      ->required();
  create->add_option("--name", args->name, "A label, e.g. the storefront or team using it");
  create->add_flag("--json", args->json, "Print {id, key, scope, name} as JSON");
  create->callback(run("create", RunCreate));

  CLI::App* list = keys->add_subcommand("list", "List keys (never their secrets)");
  list->add_option("--db", args->db, "Database file")->required()->check(CLI::ExistingFile);
  list->add_flag("--json", args->json, "Print JSON");
  list->callback(run("list", RunList));

  CLI::App* revoke = keys->add_subcommand("revoke",
                                          "Revoke a key; a running server refuses it "
                                          "from its next request");
  revoke->add_option("--db", args->db, "Database file")->required()->check(CLI::ExistingFile);
  revoke->add_option("id", args->id, "Id of the key (the 12 characters after mk_)")->required();
  revoke->callback(run("revoke", RunRevoke));
}

}  // namespace mercato::cli
