// `mercato privacy export|erase`: data-subject requests from the command line — everything held
// about a customer as JSON, and erasure from the store and the trained artifacts. Both are
// audited without personal data.
#include <ctime>
#include <iostream>
#include <memory>

#include "app/identity.h"
#include "app/privacy_actions.h"
#include "artifact/artifact.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/table_output.h"
#include "privacy/customer_records.h"
#include "store/open_store.h"

namespace mercato::cli {
namespace {

constexpr std::string_view kActor = "cli";

struct Args {
  std::string db;
  std::string customer;
  std::string out;
  std::string artifacts;  // default: <db>.artifacts
};

Status RunExport(const Args& args) {
  if (args.customer.empty()) return InvalidArgument("--customer must not be empty");
  ASSIGN_OR_RETURN(auto store, OpenStore(args.db));
  app::ExportCustomerOptions options;
  ASSIGN_OR_RETURN(options.customer, app::ResolveCustomerOrGiven(*store, args.customer));
  options.actor = kActor;
  options.now = std::time(nullptr);
  ASSIGN_OR_RETURN(const CustomerRecords records,
                   app::ExportCustomer(*store, options, [&](const CustomerRecords& r) {
                     return WriteOutput(args.out, privacy::CustomerRecordsJson(r).dump(2) + "\n");
                   }));
  if (!records.found) {
    std::cerr << "mercato privacy export: no customer row with that id; the export lists the "
                 "records that refer to it\n";
  }
  return Status::Ok();
}

Status RunErase(const Args& args) {
  ASSIGN_OR_RETURN(auto store, OpenStore(args.db));
  app::EraseCustomerOptions options;
  ASSIGN_OR_RETURN(options.customer, app::ResolveCustomerOrGiven(*store, args.customer));
  options.artifact_dir = args.artifacts.empty() ? DefaultArtifactDir(args.db) : args.artifacts;
  options.actor = kActor;
  options.now = std::time(nullptr);
  ASSIGN_OR_RETURN(const app::ErasureReport erased, app::EraseCustomer(*store, options));
  std::cout << "erased: " << (erased.customer_found ? 1 : 0) << " customer, " << erased.consents
            << " consents, " << erased.events << " events, " << erased.carts
            << " carts; anonymized: " << erased.orders << " orders, " << erased.returns
            << " returns\n";
  return Status::Ok();
}

}  // namespace

void RegisterPrivacyCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<Args>();
  CLI::App* privacy =
      app.add_subcommand("privacy", "Data-subject requests: export or erase a customer's data");
  privacy->require_subcommand(1);
  const auto run = [args, &exit_code](std::string_view name, Status (*fn)(const Args&)) {
    return [args, &exit_code, name, fn] {
      const Status s = fn(*args);
      if (!s.ok()) exit_code = FailAsUsage("privacy " + std::string(name), s);
    };
  };
  CLI::App* exp = privacy->add_subcommand("export", "Everything held about a customer, as JSON");
  exp->add_option("--db", args->db, "Database file")->required()->check(CLI::ExistingFile);
  exp->add_option("--customer", args->customer, "Customer id, email or Shopify customer id")
      ->required();
  exp->add_option("--out", args->out, "Write to this file instead of standard output");
  exp->callback(run("export", RunExport));

  CLI::App* erase = privacy->add_subcommand(
      "erase",
      "Erase a customer: personal rows deleted, orders and returns anonymized, the customer "
      "removed from the trained artifacts");
  erase->add_option("--db", args->db, "Database file")->required()->check(CLI::ExistingFile);
  erase->add_option("--customer", args->customer, "Customer id, email or Shopify customer id")
      ->required();
  erase->add_option("--artifacts", args->artifacts,
                    "Artifacts directory (default: <db>.artifacts)");
  erase->callback(run("erase", RunErase));
}

}  // namespace mercato::cli
