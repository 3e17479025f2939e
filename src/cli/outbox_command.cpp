// `mercato outbox deliver|stats`: sending the journeys' messages from cron, and the outbox's
// figures.
#include <ctime>
#include <iostream>
#include <memory>

#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/outbox_options.h"
#include "cli/secret_source.h"
#include "store/open_store.h"

namespace mercato::cli {
namespace {

struct OutboxArgs {
  app::DeliverOutboxOptions options;
  DeliverySecretFiles secrets;
  bool json = false;
};

int RunDeliver(OutboxArgs& args) {
  Status s = ReadDeliverySecret(args.options, args.secrets);
  if (s.ok()) {
    auto token = ReadSecret("--token-secret-file", args.secrets.token, "MERCATO_TOKEN_SECRET");
    if (token.ok()) {
      args.options.token_secret = std::move(token).value();
    } else {
      s = token.status();
    }
  }
  if (!s.ok()) return FailAsUsage("outbox deliver", s);
  args.options.now = std::time(nullptr);
  auto round = app::DeliverOutbox(args.options);
  if (!round.ok()) return FailAsUsage("outbox deliver", round.status());
  if (args.json) {
    std::cout << app::DeliveryRoundJson(*round).dump(2) << "\n";
  } else {
    std::cout << "claimed " << round->claimed << ": delivered " << round->delivered << ", to retry "
              << round->retried << ", dead " << round->dead << ", suppressed " << round->suppressed
              << " (no consent at send time)\n";
  }
  return round->dead > 0 ? 1 : 0;
}

int RunStats(const OutboxArgs& args) {
  auto store = OpenStore(args.options.db);
  if (!store.ok()) return Fail("outbox stats", store.status());
  auto stats = app::OutboxStats(**store);
  if (!stats.ok()) return Fail("outbox stats", stats.status());
  if (args.json) {
    std::cout << stats->dump(2) << "\n";
    return 0;
  }
  for (const char* key : {"pending", "delivered", "suppressed", "dead", "total"}) {
    std::printf("%-10s %lld\n", key, static_cast<long long>((*stats)[key].get<int64_t>()));
  }
  return 0;
}

}  // namespace

void RegisterOutboxCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<OutboxArgs>();
  CLI::App* outbox =
      app.add_subcommand("outbox", "The journeys' outbox: deliver its messages, show its figures");
  outbox->require_subcommand(1);

  CLI::App* deliver = outbox->add_subcommand(
      "deliver",
      "Send the due messages at least once (the message id as idempotency key), checking consent "
      "at send time; exits 1 when a message died");
  deliver->add_option("--db", args->options.db, "Database file")
      ->required()
      ->check(CLI::ExistingFile);
  deliver->add_flag("--once", args->options.once, "One round (one batch) only, for cron");
  deliver
      ->add_option("--limit", args->options.limit, "At most this many messages (0: every due one)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  AddDeliveryOptions(deliver, args->options, args->secrets, true);
  deliver->add_option("--token-secret-file", args->secrets.token,
                      "File holding the secret the unsubscribe links are signed with, the one "
                      "`serve` verifies them with (default: $MERCATO_TOKEN_SECRET)");
  deliver->add_flag("--json", args->json, "Print {claimed, delivered, retried, dead, suppressed}");
  deliver->callback([args, &exit_code] { exit_code = RunDeliver(*args); });

  CLI::App* stats = outbox->add_subcommand("stats", "The outbox's messages by status");
  stats->add_option("--db", args->options.db, "Database file")
      ->required()
      ->check(CLI::ExistingFile);
  stats->add_flag("--json", args->json, "Print JSON (as GET /v1/outbox/stats)");
  stats->callback([args, &exit_code] { exit_code = RunStats(*args); });
}

}  // namespace mercato::cli
