// Everything `mercato serve` can be told, with its defaults: the single source of truth for the
// server's settings (the CLI flags are declared from it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/journey_actions.h"
#include "app/outbox_actions.h"
#include "app/pricing_actions.h"

namespace mercato::server {

struct ServerOptions {
  std::string db;
  std::string artifacts;  // default: <db>.artifacts
  /// The storefront's address: listed products without a URL link to {shop_url}/products/{handle}.
  std::string shop_url;
  /// The store's currency (ISO 4217) when configured; empty: the one its imports recorded.
  std::string currency;
  std::string host = "127.0.0.1";
  int port = 8080;
  /// Threads running request handlers (the I/O threads read, parse and write, and answer only
  /// the quick in-memory routes, Runs::kInline), so a slow handler (a forecast, a model reload)
  /// never stalls other connections; 0: every handler runs on the I/O threads.
  int threads = 8;
  /// Threads doing socket I/O and HTTP parsing; 0: one per hardware thread.
  int io_threads = 0;
  /// Origins (scheme://host[:port]) whose browsers may call with storefront keys (CORS).
  std::vector<std::string> cors_origins;
  /// Requests per second per admin API key, and the burst; 0 disables the limit. Admin keys are
  /// secret and held by one backend each, so the key is the client.
  double rate_limit = 1000;
  double rate_burst = 2000;
  /// Requests per second with storefront keys, per client address (an IPv6 client by its /64)
  /// or, with a valid customer token, per customer; and the burst; 0 disables the limit. A
  /// storefront key is public and shared by every shopper, so it cannot be the client: a page
  /// view makes a handful of calls, so 100/s serves a busy office or carrier NAT behind one
  /// address, while one scraper gets that and no more.
  double storefront_rate_limit = 100;
  double storefront_rate_burst = 200;
  /// Reverse proxies (IP addresses) whose X-Forwarded-For names the client; from any other
  /// peer the header is ignored, since anyone can send it.
  std::vector<std::string> trusted_proxies;
  /// The secret customer and order tokens are signed with (MERCATO_TOKEN_SECRET or
  /// --token-secret-file), shared with the merchant's backend only; empty: no token is valid,
  /// and storefront keys get non-personalized answers.
  std::string token_secret;
  /// Tokens expiring further ahead than this are refused, so a leaked one is short lived.
  int64_t token_max_lifetime_seconds = 86400;
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
  /// Retrain the recommendation models from the store every so many seconds, counted from the
  /// end of the previous run, in the background, and serve the new ones (0: never; `mercato
  /// train recommend` and the artifact watch do it then).
  int64_t retrain_every_seconds = 0;
  /// The journeys' configuration (GET /v1/journeys, the journey scheduler); `db` and the consent
  /// policy are the server's.
  app::JourneyOptions journeys;
  /// Evaluate the journeys every so many seconds in the background, as `mercato journeys run`
  /// does (0: never; cron runs `mercato journeys run` then).
  int64_t journeys_every_seconds = 0;
  /// Dashboard sessions (an admin key signed in through POST /v1/session): they end this many
  /// hours after sign-in, or after this many minutes without a request, whichever is first; at
  /// most max_sessions are held (the oldest ends first).
  int session_hours = 12;
  int session_idle_minutes = 120;
  size_t max_sessions = 10000;
  /// Marks the session cookie Secure (sent over HTTPS only): for a server behind a TLS proxy.
  bool session_secure = false;
  /// Deliver the journeys' outbox every so many seconds in the background, to the destination
  /// `delivery` names (0: never; `mercato outbox deliver` does it then). Its db, token secret and
  /// consent policy are the server's own.
  int64_t deliver_every_seconds = 0;
  app::DeliverOutboxOptions delivery;
  /// GET /v1/pricing/recommendations' rules and objective before its query's parameters:
  /// `serve` takes them from mercato.toml's `[pricing.recommend]`, so the route and `mercato
  /// pricing recommend` answer with the same rules. Its db is the server's.
  app::RecommendPricesOptions pricing;
};

}  // namespace mercato::server
