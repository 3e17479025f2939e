// `mercato carts abandoned`: the abandoned carts a merchant can still win back, as CSV or JSON.
#include <memory>
#include <string>

#include "app/cart_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/table_output.h"

namespace mercato::cli {

namespace {

struct CartsArgs {
  app::AbandonedCartsOptions options;
  std::string out;
  bool json = false;
};

int RunAbandoned(const CartsArgs& args) {
  auto carts = app::ListAbandonedCarts(args.options);
  if (!carts.ok()) return FailAsUsage("carts abandoned", carts.status());
  std::string text;
  if (args.json) {
    text = app::AbandonedCartsJson(*carts).dump(2) + "\n";
  } else {
    text = CsvLine(app::AbandonedCartsCsvHeader());  // the header even when no cart matched
    for (const app::AbandonedCart& c : carts->carts) text += CsvLine(app::AbandonedCartCsvRow(c));
  }
  const Status written = WriteOutput(args.out, text);
  return written.ok() ? 0 : Fail("carts abandoned", written);
}

}  // namespace

void RegisterCartsCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CartsArgs>();
  CLI::App* cmd = app.add_subcommand("carts", "Carts and checkouts");
  cmd->require_subcommand(1);
  CLI::App* abandoned = cmd->add_subcommand(
      "abandoned",
      "Abandoned carts, newest first: who left them, whether they may be emailed, what was in "
      "them (recorded ones, and checkouts left open longer than --abandon-after)");
  abandoned->add_option("--db", args->options.db, "Database file")->required();
  abandoned->add_option("--since", args->options.since,
                        "Only carts abandoned since then: a span back from now (7d, 2w) or a "
                        "date (2024-05-01); default: all");
  abandoned->add_option("--limit", args->options.limit, "The newest this many; 0: all")
      ->capture_default_str();
  abandoned->add_flag("--include-recovered", args->options.include_recovered,
                      "Also carts whose shopper came back and ordered");
  abandoned
      ->add_option("--abandon-after", args->options.abandon_after_minutes,
                   "Minutes after its last update an open checkout counts as abandoned")
      ->capture_default_str();
  abandoned->add_option("--out", args->out, "Write to this file instead of standard output");
  abandoned->add_flag("--json", args->json, "JSON instead of CSV");
  AddCurrencyOption(abandoned, args->options.currency);
  abandoned->callback([args, &exit_code] { exit_code = RunAbandoned(*args); });
}

}  // namespace mercato::cli
