// What live events change before the next training run: each session's recent views and cart
// (for session recommendations), each customer's purchases since the models were trained (for
// "exclude purchased"), the orders that arrived since (for post-purchase at once), and
// checkouts not completed in time, which become abandoned carts.
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/entities.h"

namespace mercato::server {

class LiveActivity {
 public:
  /// Applies one event: view / add_to_cart add to the session's items, remove_from_cart removes,
  /// checkout_started opens a pending checkout, purchase completes it and (with a SKU) counts
  /// as a recent purchase of the customer.
  void Record(const Event& event);
  /// Orders and their lines (upserts, webhooks): each line with a SKU of an order with a
  /// customer counts as a purchase event.
  void RecordOrders(const std::vector<Order>& orders, const std::vector<OrderLine>& lines);
  /// A cart or checkout from a webhook: pending until completed.
  void RecordCart(const Cart& cart, const std::vector<CartItem>& items);

  /// The session's recent items, oldest first (at most kSessionItems).
  std::vector<std::string> SessionItems(std::string_view session_id) const;
  /// SKUs the customer bought since the server started.
  std::vector<std::string> RecentPurchases(std::string_view customer_id) const;

  /// An order that arrived (upsert, webhook) since the server started.
  struct LiveOrder {
    std::string customer_id;        // empty for a guest's or an anonymized order
    std::vector<std::string> skus;  // its lines' SKUs, in line order
  };
  /// The order, or nullopt; the latest kLiveOrders are kept, the oldest forgotten first.
  std::optional<LiveOrder> OrderSince(std::string_view order_id) const;
  static constexpr size_t kLiveOrders = 100000;

  struct AbandonedCart {
    Cart cart;                    // abandoned_at set
    std::vector<CartItem> items;  // event checkouts: what the session had added to its cart
  };
  /// Pending checkouts started (or last updated) at or before `now - after_seconds`: removed
  /// from the pending set and returned with abandoned_at = now, in cart id order.
  std::vector<AbandonedCart> TakeAbandoned(Timestamp now, int64_t after_seconds);

  /// Forgets everything about a customer (erasure).
  void Forget(std::string_view customer_id);

  size_t pending_checkouts() const;

  static constexpr size_t kSessionItems = 20;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::deque<std::string>> sessions_;
  std::unordered_map<std::string, std::vector<std::string>> carts_;  // session -> added SKUs
  std::unordered_map<std::string, std::vector<std::string>> purchases_;
  std::unordered_map<std::string, Cart> pending_;  // by cart id
  std::unordered_map<std::string, LiveOrder> orders_;
  std::deque<std::string> order_arrivals_;  // ids in order of arrival, for the cap
};

/// The id of the cart an event's checkout belongs to: "checkout:<session>" (or customer).
std::string CheckoutCartId(const Event& event);

}  // namespace mercato::server
