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
  /// Threads running request handlers (the I/O threads only read, parse and write), so a slow
  /// handler (a forecast, a model reload) never stalls other connections; 0: handlers run on
  /// the I/O threads (fastest when every route is fast).
  int threads = 8;
  /// Threads doing socket I/O and HTTP parsing; 0: one per hardware thread.
  int io_threads = 0;
  /// Origins (scheme://host[:port]) whose browsers may call with storefront keys (CORS).
  std::vector<std::string> cors_origins;
  /// Requests per second per API key, and the burst; 0 disables the limit.
  double rate_limit = 1000;
  double rate_burst = 2000;
  size_t max_body_bytes = 4 << 20;
  /// Largest request line plus header fields.
  size_t max_header_bytes = 16 << 10;
  /// Deadlines, each for the whole of its part (not per read, so trickling bytes does not extend
  /// them): a request's header from its first byte, its body from the end of the header, and
  /// writing a response.
  int read_timeout_seconds = 10;
  int body_timeout_seconds = 60;
  int write_timeout_seconds = 10;
  /// How long a keep-alive connection may sit between requests.
  int idle_timeout_seconds = 5;
  /// Open connections in all and from one client address (0: no cap); past either, a new
  /// connection gets 503 and is closed. Behind a reverse proxy every client shares the proxy's
  /// address: raise the per-address cap there.
  int max_connections = 10000;
  int max_connections_per_address = 256;
  /// On SIGTERM/SIGINT: requests in flight get this long to finish before the server exits.
  int drain_timeout_seconds = 10;
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
