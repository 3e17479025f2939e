// Browsing sessions, carts and messages: the events.csv, carts.csv and cart_items.csv rows around
// every order, browse-only visit, abandoned cart and recovery email.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "synth/catalog.h"
#include "synth/clock.h"
#include "synth/customers.h"
#include "synth/output.h"
#include "synth/pricing.h"
#include "synth/random.h"
#include "synth/shopper.h"

namespace mercato::synth {

struct CartLine {
  uint32_t sku = 0;
  int64_t qty = 0;
  int64_t unit_cents = 0;
};

/// A cart whose row is not written yet (abandoned, maybe recovered later).
struct OpenCart {
  std::string id;
  std::string session_id;
  uint32_t customer = 0;
  double started = 0;
  double updated = 0;
  double abandoned = 0;
  std::vector<CartLine> lines;
  int64_t value_cents = 0;
};

class SessionWriter {
 public:
  SessionWriter(const Catalog& catalog, const Clock& clock, const Shopper& shopper, Sinks& sinks);

  /// The session that ends in order `order_id` at time t: an optional search, views, one
  /// add_to_cart per line, checkout_started, purchase; and its completed cart.
  void Purchase(uint32_t customer, const CustomerState& c, double t,
                const std::vector<CartLine>& lines, const std::string& order_id,
                int64_t total_cents, Rng& rng);
  /// A visit with views (and maybe a search) only.
  void Browse(uint32_t customer, const CustomerState& c, double t, Rng& rng);
  /// A visit that fills a cart and leaves; its row is written by CloseCart.
  OpenCart Abandon(uint32_t customer, const CustomerState& c, double t, const PriceBook& prices,
                   Rng& rng);
  /// Writes the cart row and items; `completed` and `order_id` when it became an order.
  void CloseCart(const OpenCart& cart, std::optional<double> completed,
                 const std::string& order_id);
  /// A message event (email_sent, email_open, email_click) outside any session.
  void Message(uint32_t customer, double t, std::string_view type, const std::string& source,
               std::optional<double> value);
  /// The session that comes back to an abandoned cart and completes it.
  void ReturnToCart(const OpenCart& cart, double t, int64_t total_cents, const std::string& source);

 private:
  void Emit(const std::string& session, uint32_t customer, double t, std::string_view type,
            std::optional<uint32_t> sku, std::string query, std::optional<double> value,
            std::string source);
  std::string NewSession();
  int64_t Day(double t) const;

  const Catalog* catalog_;
  const Clock* clock_;
  const Shopper* shopper_;
  Sinks* sinks_;
  int64_t sessions_ = 0;
  int64_t events_ = 0;
  int64_t carts_ = 0;
};

}  // namespace mercato::synth
