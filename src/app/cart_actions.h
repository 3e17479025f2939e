// Cart actions: the abandoned carts a merchant can still win back — carts recorded as abandoned
// (by the server's checkout sweep, a webhook or an import) and checkouts left open longer than
// the abandonment delay — with who left them, whether they may be emailed, and what was in them.
// `mercato carts abandoned` and `GET /v1/carts/abandoned` call this.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "privacy/consent_policy.h"

namespace mercato::app {

struct AbandonedCartsOptions {
  std::string db;
  /// Only carts abandoned on or after this: a span back from `now` (7d, 2w) or a date; empty:
  /// every one.
  std::string since;
  int64_t limit = 0;               // the newest this many; 0: all
  bool include_recovered = false;  // also carts whose shopper came back and ordered
  /// A checkout neither completed nor marked abandoned counts as abandoned this long after its
  /// last update (the server's sweep uses the same delay, `--abandon-after`).
  int abandon_after_minutes = 60;
  Timestamp now = 0;  // 0: the clock
  privacy::ConsentPolicy policy = privacy::DefaultConsentPolicy();
  /// The store's currency when configured ([shop] currency); empty: the one its imports recorded
  /// (app/store_currency.h).
  std::string currency;
};

struct AbandonedCartItem {
  std::string sku, title;
  int64_t quantity = 0;
  std::optional<double> unit_price;
};

struct AbandonedCart {
  std::string id, customer_id, email, first_name, last_name;
  Timestamp abandoned_at = 0;
  std::optional<double> value;     // the cart's value, or the sum of its items
  std::string currency;            // the cart's own, else the store's; empty when neither is known
  std::string recovered_order_id;  // the order the shopper came back for, if any
  bool contactable = false;        // a known email and consent to email marketing
  std::vector<AbandonedCartItem> items;
};

struct AbandonedCarts {
  std::vector<AbandonedCart> carts;  // newest first
  int64_t matched = 0;               // before the limit
  int64_t contactable = 0;           // of matched
  double value = 0;                  // summed value of matched
  std::string currency;              // the store's (of `value`); empty when unknown
};

/// The abandoned carts of the store at `db`, newest first. An unreadable `since` is an
/// InvalidArgument naming it.
Result<AbandonedCarts> ListAbandonedCarts(const AbandonedCartsOptions& options);

/// {"count", "matched", "contactable", "value", "currency" (only when the store's is known),
/// "carts": [{"cart_id", "abandoned_at",
/// "customer_id", "email", "first_name", "last_name", "contactable", "value", "currency",
/// "recovered_order_id", "items": [{"sku", "title", "quantity", "unit_price"}]}]}; money rounded to
/// cents.
nlohmann::ordered_json AbandonedCartsJson(const AbandonedCarts& carts);

/// The CSV header and one row per cart: items as "quantity × title (sku)" joined by "; ",
/// money with two decimals.
std::vector<std::string> AbandonedCartsCsvHeader();
std::vector<std::string> AbandonedCartCsvRow(const AbandonedCart& cart);

}  // namespace mercato::app
