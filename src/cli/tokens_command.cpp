// `mercato tokens create`: mints a customer or order token with the server's token secret, for
// trying the storefront routes or for a backend that shells out; backends usually sign
// themselves (docs/api.md "Customer and order tokens").
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/identity.h"
#include "app/token_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/secret_source.h"
#include "store/open_store.h"

namespace mercato::cli {
namespace {

struct Args {
  std::string db;  // when given, --customer and --order are looked up in it
  std::string customer;
  std::string order;
  int64_t ttl_seconds = 3600;
  int64_t max_lifetime_seconds = 86400;
  std::string secret_file;
  bool json = false;
};

Status RunCreate(const Args& args) {
  if (args.customer.empty() == args.order.empty()) {
    return InvalidArgument("give exactly one of --customer and --order");
  }
  ASSIGN_OR_RETURN(std::string secret,
                   ReadSecret("--token-secret-file", args.secret_file, "MERCATO_TOKEN_SECRET"));
  const bool customer = !args.customer.empty();
  std::string subject = customer ? args.customer : args.order;
  if (!args.db.empty()) {
    // A token vouches for an internal id: an email, a Shopify id or an order name is resolved.
    ASSIGN_OR_RETURN(auto store, OpenStore(args.db));
    ASSIGN_OR_RETURN(subject, customer ? app::ResolveCustomer(*store, subject)
                                       : app::ResolveOrder(*store, subject));
  }
  ASSIGN_OR_RETURN(
      const app::MintedToken minted,
      app::MintToken({std::move(secret), customer ? "customer" : "order", subject, args.ttl_seconds,
                      args.max_lifetime_seconds, std::time(nullptr)}));
  const char* header = customer ? "X-Customer-Token" : "X-Order-Token";
  if (args.json) {
    const nlohmann::json j{{customer ? "customer_id" : "order_id", subject},
                           {"token", minted.token},
                           {"header", header},
                           {"expires_at", FormatTimestamp(minted.expires_at)}};
    std::cout << j.dump(2) << "\n";
    return Status::Ok();
  }
  std::cout << minted.token << "\n";
  std::cerr << "send it as '" << header << ": <token>'; it expires at "
            << FormatTimestamp(minted.expires_at) << "\n";
  return Status::Ok();
}

}  // namespace

void RegisterTokensCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<Args>();
  CLI::App* tokens = app.add_subcommand(
      "tokens", "Mint customer and order tokens, which personalize storefront requests");
  tokens->require_subcommand(1);
  CLI::App* create = tokens->add_subcommand(
      "create", "Print a token for one customer or order, signed with the token secret");
  create->add_option("--customer", args->customer,
                     "The customer the token vouches for (with --db: an id, email or Shopify id)");
  create->add_option("--order", args->order,
                     "The order the token vouches for (with --db: an id, #name or Shopify id)");
  create->add_option("--db", args->db,
                     "Store to look --customer or --order up in; without it, taken as an id");
  create->add_option("--ttl", args->ttl_seconds, "Seconds until it expires")->capture_default_str();
  create
      ->add_option("--max-lifetime", args->max_lifetime_seconds,
                   "The server's --token-max-lifetime (a longer --ttl is refused)")
      ->capture_default_str();
  create->add_option("--token-secret-file", args->secret_file,
                     "File holding the server's token secret (or set MERCATO_TOKEN_SECRET)");
  create->add_flag("--json", args->json, "Print {customer_id|order_id, token, header, expires_at}");
  create->callback([args, &exit_code] {
    const Status s = RunCreate(*args);
    if (!s.ok()) exit_code = FailAsUsage("tokens create", s);
  });
}

}  // namespace mercato::cli
