// `mercato serve`: the HTTP API on the store and its trained artifacts, until SIGTERM/SIGINT.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/documented_options.h"
#include "cli/outbox_options.h"
#include "cli/secret_source.h"
#include "common/duration.h"
#include "common/text.h"
#include "server/api.h"
#include "server/exposure_writer.h"
#include "server/http_server.h"
#include "server/server_context.h"

namespace mercato::cli {
namespace {

// A duration such as 30s, 6h or 1d (common/duration.h); CLI11 names the flag in the error.
CLI::Validator DurationValidator() {
  return CLI::Validator(
      [](std::string& text) {
        const auto parsed = ParseDuration(text, "");
        return parsed.ok() ? std::string() : parsed.status().message();
      },
      "DURATION");
}

int Fail(const Status& s) {
  std::fprintf(stderr, "mercato serve: %s\n", s.message().c_str());
  return 1;
}

int RunServe(server::ServerOptions options, const std::string& shopify_secret_file,
             const std::string& token_secret_file) {
  auto shopify_secret =
      ReadSecret("--shopify-secret-file", shopify_secret_file, "MERCATO_SHOPIFY_SECRET");
  if (!shopify_secret.ok()) return Fail(shopify_secret.status());
  options.shopify_secret = std::move(shopify_secret).value();
  auto token_secret = ReadSecret("--token-secret-file", token_secret_file, "MERCATO_TOKEN_SECRET");
  if (!token_secret.ok()) return Fail(token_secret.status());
  options.token_secret = std::move(token_secret).value();
  // SIGTERM and SIGINT are taken by one thread (sigwait), blocked everywhere else: set before
  // any thread starts so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto ctx = server::ServerContext::Open(options);
  if (!ctx.ok()) return Fail(ctx.status());
  server::Api api(**ctx);
  auto http = server::HttpServer::Bind(api, options);
  if (!http.ok()) return Fail(http.status());
  const auto models = (*ctx)->models();
  std::printf("mercato serve: listening on http://%s:%d (models %s%s)\n", options.host.c_str(),
              (*http)->port(), models->version.c_str(),
              models->recommendations ? "" : "; recommendations not trained yet");
  std::fflush(stdout);

  std::atomic<bool> stopping{false};
  std::thread signal_waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    stopping = true;
    (*http)->Stop();
  });
  std::thread ticker([&] {
    const auto period = std::chrono::duration<double>(options.poll_seconds);
    while (!stopping) {
      std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::milliseconds>(period));
      if (!stopping) (*ctx)->Tick(std::time(nullptr));
    }
  });
  (*http)->Run();
  stopping = true;
  if (signal_waiter.joinable()) {
    pthread_kill(signal_waiter.native_handle(), SIGTERM);  // wakes sigwait when Run ended alone
    signal_waiter.join();
  }
  ticker.join();
  (*ctx)->exposures().Stop();  // writes the exposures still queued, even if we _Exit below
  if (!(*ctx)->StopRetraining(std::chrono::seconds(1))) {
    // A retraining run cannot be interrupted and writes nothing any more: exit without it.
    std::printf("mercato serve: stopped (a retraining run in progress was abandoned)\n");
    std::fflush(stdout);
    std::_Exit(0);
  }
  std::printf("mercato serve: stopped\n");
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("serve",
                                 "Serve the HTTP API (JSON under /v1, docs at "
                                 "/v1/openapi.json) until SIGTERM");
  struct ServeArgs {
    server::ServerOptions options;
    std::string secret_file;
    std::string token_secret_file;
    std::string retrain_every = "0";
    std::string deliver_every = "0";
    DeliverySecretFiles delivery_secrets;
    std::string journeys_every = "0";
  };
  auto args = std::make_shared<ServeArgs>();
  server::ServerOptions& o = args->options;
  cmd->add_option("--db", o.db, "Database file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--artifacts", o.artifacts, "Artifacts directory (default: <db>.artifacts)");
  cmd->add_option("--shop-url", o.shop_url,
                  "The storefront's address (https://roaster.example): listed products without a "
                  "URL link to its product pages; usually set once as [shop] url in mercato.toml");
  AddCurrencyOption(cmd, o.currency);
  cmd->add_option("--host", o.host, "Address to bind")->capture_default_str();
  cmd->add_option("--port", o.port, "Port (0: any free port, printed at start)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", o.threads,
                  "Threads running request handlers, so slow ones never stall I/O (0: run them "
                  "on the I/O threads)")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--io-threads", o.io_threads,
                  "Threads doing socket I/O and HTTP parsing (0: one per hardware thread)")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  cmd->add_option("--cors-origin", o.cors_origins,
                  "Origin whose browsers may call with storefront keys (repeatable)");
  cmd->add_option("--rate-limit", o.rate_limit,
                  "Requests per second per admin API key (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--rate-burst", o.rate_burst, "Burst size of the per-admin-key rate limit")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--storefront-rate-limit", o.storefront_rate_limit,
                  "Requests per second with storefront keys per client address (IPv6: per /64), "
                  "or per customer with a valid customer token (0: no limit). The key is public "
                  "and shared by every shopper, so it is no client")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--storefront-rate-burst", o.storefront_rate_burst,
                  "Burst size of the storefront rate limit")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--trusted-proxy", o.trusted_proxies,
                  "Address of a reverse proxy in front of the server (repeatable): only from it "
                  "is X-Forwarded-For believed to name the client; by default it is ignored, "
                  "since any client can send it");
  cmd->add_option("--token-secret-file", args->token_secret_file,
                  "File holding the secret customer and order tokens are signed with, shared "
                  "with the shop's backend (or set MERCATO_TOKEN_SECRET; at least 32 bytes). "
                  "Without it storefront keys get only non-personalized answers");
  cmd->add_option("--token-max-lifetime", o.token_max_lifetime_seconds,
                  "Seconds ahead a token may expire at most; longer-lived ones are refused")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{30} * 86400));
  cmd->add_option("--max-body", o.max_body_bytes, "Largest request body in bytes")
      ->capture_default_str();
  cmd->add_option("--max-header", o.max_header_bytes,
                  "Largest request line plus header fields in bytes (over it: 431)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1024}, size_t{1} << 20));
  cmd->add_option("--timeout", o.read_timeout_seconds,
                  "Seconds for a request's whole header from its first byte, and for writing a "
                  "response (total, not per read; over it: 408)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--body-timeout", o.body_timeout_seconds,
                  "Seconds for a request's whole body after its header (over it: 408)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--idle-timeout", o.idle_timeout_seconds,
                  "Seconds a keep-alive connection may wait for its next request")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--max-connections", o.max_connections,
                  "Open connections in all (0: no cap); past it new ones get 503")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--max-connections-per-address", o.max_connections_per_address,
                  "Open connections from one client address (0: no cap); past it new ones get "
                  "503. Behind a reverse proxy all clients share its address: raise it there")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--drain-timeout", o.drain_timeout_seconds,
                  "On SIGTERM/SIGINT, seconds requests in flight get to finish before exit")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600));
  cmd->add_option("--abandon-after", o.abandon_after_minutes,
                  "Minutes after which a checkout not completed is an abandoned cart")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--shopify-secret-file", args->secret_file,
                  "File holding the Shopify app's webhook secret (or set "
                  "MERCATO_SHOPIFY_SECRET)");
  cmd->add_option("--planning-cache", o.planning_cache_seconds,
                  "Seconds a forecast or reorder-plan response is reused for the same query (0: "
                  "never)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--retrain-every", args->retrain_every,
                  "Retrain the recommendation models from the store this long after the previous "
                  "run (e.g. 6h, 30m, 1d; 0: never) in the background, and serve the new ones")
      ->capture_default_str()
      ->check(DurationValidator());
  cmd->add_option("--journeys-every", args->journeys_every,
                  "Run the journeys (as `mercato journeys run`) this long after the previous run "
                  "(e.g. 15m, 1h; 0: never) in the background")
      ->capture_default_str()
      ->check(DurationValidator());
  // The journeys' options, as `mercato journeys run` has them; the server runs at the clock's
  // time, so --as-of is left out.
  static const std::vector<app::OptionDoc<app::JourneyOptions>> kJourneyDocs = [] {
    std::vector<app::OptionDoc<app::JourneyOptions>> docs;
    for (const auto& doc : app::JourneyOptionDocs()) {
      if (doc.name != "as_of") docs.push_back(doc);
    }
    return docs;
  }();
  AddDocumentedOptions(cmd, o.journeys, std::span(kJourneyDocs));
  cmd->add_option("--timezone", o.journeys.timezone,
                  "The store's time zone, for the quiet hours of customers whose country gives "
                  "none (IANA name or offset); default: UTC");
  cmd->add_option("--deliver-every", args->deliver_every,
                  "Deliver the journeys' outbox this often in the background (e.g. 30s, 1m; 0: "
                  "never, `mercato outbox deliver` does it), to the destination the delivery "
                  "options name")
      ->capture_default_str()
      ->check(DurationValidator());
  AddDeliveryOptions(cmd, o.delivery, args->delivery_secrets, false);
  cmd->add_option("--session-hours", o.session_hours,
                  "Hours a dashboard sign-in lasts at most (its cookie's Max-Age)")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 366));
  cmd->add_option("--session-idle-minutes", o.session_idle_minutes,
                  "Minutes without a request after which a dashboard session ends")
      ->capture_default_str()
      ->check(CLI::Range(1, 60 * 24 * 366));
  cmd->add_flag("--session-secure", o.session_secure,
                "Mark the dashboard's session cookie Secure (sent over HTTPS only): for a server "
                "behind a TLS proxy");
  cmd->add_option("--consent-policy", o.consent_policy,
                  "Consent policy file (docs/consent.md); default: built-in region defaults")
      ->check(CLI::ExistingFile);
  cmd->callback([&app, args, &exit_code] {
    // The pricing route's rules are `mercato pricing recommend`'s, from [pricing.recommend].
    const CLI::App* pricing = app.get_subcommand("pricing")->get_subcommand("recommend");
    app::RecommendPricesOptions& rules = args->options.pricing;
    Status configured =
        ReadConfiguredOptions(app, *pricing, rules, app::PriceRecommendationOptionDocs());
    if (configured.ok()) {
      if (Status checked = app::CheckPriceRecommendationOptions(rules); !checked.ok()) {
        configured = InvalidArgument("[pricing.recommend]: " + checked.message());
      }
    }
    if (!configured.ok()) {
      exit_code = Fail(configured);
      return;
    }
    args->options.write_timeout_seconds = args->options.read_timeout_seconds;
    args->options.retrain_every_seconds =
        ParseDuration(args->retrain_every, "--retrain-every").value();  // checked above
    args->options.journeys_every_seconds =
        ParseDuration(args->journeys_every, "--journeys-every").value();  // checked above
    args->options.deliver_every_seconds =
        ParseDuration(args->deliver_every, "--deliver-every").value();  // checked above
    if (args->options.deliver_every_seconds > 0) {
      const Status read = ReadDeliverySecret(args->options.delivery, args->delivery_secrets);
      if (!read.ok()) {
        exit_code = Fail(read);
        return;
      }
    }
    exit_code = RunServe(args->options, args->secret_file, args->token_secret_file);
  });
}

}  // namespace mercato::cli
