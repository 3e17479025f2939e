// `mercato privacy export|erase`: data-subject requests from the command line — everything held
// about a customer as JSON, and erasure. Both are audited without personal data.
#include <ctime>
#include <iostream>
#include <memory>

#include "access/audit.h"
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
};

Status RunExport(const Args& args) {
  if (args.customer.empty()) return InvalidArgument("--customer must not be empty");
  ASSIGN_OR_RETURN(auto store, OpenStore(args.db));
  ASSIGN_OR_RETURN(CustomerRecords records, store->GetCustomerRecords(args.customer));
  records.customer.id = args.customer;  // named even when no customer row exists
  const std::string text = privacy::CustomerRecordsJson(records).dump(2) + "\n";
  RETURN_IF_ERROR(WriteOutput(args.out, text));
  const std::string detail = records.found ? "customer found" : "no customer row";
  RETURN_IF_ERROR(Audit(*store, kActor, "export", args.customer, detail, std::time(nullptr)));
  if (!records.found) {
    std::cerr << "mercato privacy export: no customer row with that id; the export lists the "
                 "records that refer to it\n";
  }
  return Status::Ok();
}

Status RunErase(const Args& args) {
  ASSIGN_OR_RETURN(auto store, OpenStore(args.db));
  ASSIGN_OR_RETURN(const CustomerRecords before, store->GetCustomerRecords(args.customer));
  RETURN_IF_ERROR(
      privacy::EraseCustomerEverywhere(*store, args.customer, kActor, std::time(nullptr)));
  std::cout << "erased: " << (before.found ? 1 : 0) << " customer, " << before.consents.size()
            << " consents, " << before.events.size() << " events, " << before.carts.size()
            << " carts; anonymized: " << before.orders.size() << " orders, "
            << before.returns.size() << " returns\n";
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
      if (!s.ok()) {
        std::cerr << "mercato privacy " << name << ": " << s.message() << "\n";
        exit_code = s.code() == StatusCode::kInvalidArgument ? 2 : 1;
      }
    };
  };
  CLI::App* exp = privacy->add_subcommand("export", "Everything held about a customer, as JSON");
  exp->add_option("--db", args->db, "Database file")->required()->check(CLI::ExistingFile);
  exp->add_option("--customer", args->customer, "Customer id")->required();
  exp->add_option("--out", args->out, "Write to this file instead of standard output");
  exp->callback(run("export", RunExport));

  CLI::App* erase = privacy->add_subcommand(
      "erase", "Erase a customer: personal rows deleted, orders and returns anonymized");
  erase->add_option("--db", args->db, "Database file")->required()->check(CLI::ExistingFile);
  erase->add_option("--customer", args->customer, "Customer id")->required();
  erase->callback(run("erase", RunErase));
}

}  // namespace mercato::cli
