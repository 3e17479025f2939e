// Everything `mercato serve` can be told, with its defaults: the single source of truth for the
// server's settings (the CLI flags are declared from it).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mercato::server {

struct ServerOptions {
  std::string db;
  std::string artifacts;  // default: <db>.artifacts
  std::string host = "127.0.0.1";
  int port = 8080;
  /// Worker threads. Each keep-alive connection holds one while it is open, so this bounds the
  /// concurrent connections served without queueing.
  int threads = 128;
  /// Origins (scheme://host[:port]) whose browsers may call with storefront keys (CORS).
  std::vector<std::string> cors_origins;
  /// Requests per second per API key, and the burst; 0 disables the limit.
  double rate_limit = 1000;
  double rate_burst = 2000;
  size_t max_body_bytes = 4 << 20;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  /// A checkout started and not completed within this many minutes becomes an abandoned cart.
  int abandon_after_minutes = 60;
  /// The Shopify app's webhook secret (MERCATO_SHOPIFY_SECRET or --shopify-secret-file); empty:
  /// every webhook is refused.
  std::string shopify_secret;
  /// Consent policy file (docs/consent.md); empty: the built-in region defaults.
  std::string consent_policy;
  /// How often the artifact directory is checked for new models, and abandoned checkouts swept.
  double poll_seconds = 1.0;
  /// How long a forecast or reorder-plan response is reused for the same query (0: computed on
  /// every call); `Cache-Control: no-cache` asks for a fresh one.
  double planning_cache_seconds = 300;
};

}  // namespace mercato::server
