// Live session, purchase and checkout state.
#include "server/live_activity.h"

#include <algorithm>

namespace mercato::server {

std::string CheckoutCartId(const Event& e) {
  return "checkout:" + (e.session_id.empty() ? "customer:" + e.customer_id : e.session_id);
}

void LiveActivity::Record(const Event& e) {
  std::lock_guard lock(mu_);
  if (!e.session_id.empty() && !e.sku.empty()) {
    auto& items = sessions_[e.session_id];
    if (e.type == "view" || e.type == "add_to_cart") {
      std::erase(items, e.sku);
      items.push_back(e.sku);
      while (items.size() > kSessionItems) items.pop_front();
    } else if (e.type == "remove_from_cart") {
      std::erase(items, e.sku);
    }
    // Only cart changes touch carts_: a session that merely views keeps no cart entry.
    if (e.type == "add_to_cart") {
      auto& cart = carts_[e.session_id];
      if (std::find(cart.begin(), cart.end(), e.sku) == cart.end()) cart.push_back(e.sku);
    } else if (e.type == "remove_from_cart") {
      if (auto cart = carts_.find(e.session_id); cart != carts_.end())
        std::erase(cart->second, e.sku);
    }
  }
  if (e.type == "checkout_started") {
    Cart cart;
    cart.id = CheckoutCartId(e);
    cart.customer_id = e.customer_id;
    cart.session_id = e.session_id;
    cart.started_at = e.ts;
    cart.value = e.value;
    auto [it, fresh] = pending_.try_emplace(cart.id, cart);
    if (!fresh) it->second.updated_at = e.ts;
  } else if (e.type == "purchase") {
    pending_.erase(CheckoutCartId(e));
    if (!e.customer_id.empty() && !e.sku.empty()) {
      auto& bought = purchases_[e.customer_id];
      if (std::find(bought.begin(), bought.end(), e.sku) == bought.end()) bought.push_back(e.sku);
    }
  }
}

void LiveActivity::RecordOrders(const std::vector<Order>& orders,
                                const std::vector<OrderLine>& lines) {
  std::unordered_map<std::string, const Order*> order_of;
  for (const Order& o : orders) order_of[o.id] = &o;
  {
    std::lock_guard lock(mu_);
    std::unordered_map<std::string, LiveOrder> arrived;
    for (const OrderLine& l : lines) {
      const auto it = order_of.find(l.order_id);
      if (it == order_of.end() || l.sku.empty()) continue;
      LiveOrder& order = arrived[l.order_id];
      order.customer_id = it->second->customer_id;
      order.skus.push_back(l.sku);
    }
    for (auto& [id, order] : arrived) {
      if (orders_.insert_or_assign(id, std::move(order)).second) order_arrivals_.push_back(id);
    }
    while (order_arrivals_.size() > kLiveOrders) {
      orders_.erase(order_arrivals_.front());
      order_arrivals_.pop_front();
    }
  }
  for (const OrderLine& l : lines) {
    auto it = order_of.find(l.order_id);
    if (it == order_of.end() || it->second->customer_id.empty() || l.sku.empty()) continue;
    Event purchase;
    purchase.customer_id = it->second->customer_id;
    purchase.type = "purchase";
    purchase.sku = l.sku;
    purchase.ts = it->second->ts;
    Record(purchase);
  }
}

void LiveActivity::RecordCart(const Cart& cart, const std::vector<CartItem>& items) {
  std::lock_guard lock(mu_);
  if (!cart.session_id.empty()) {
    auto& added = carts_[cart.session_id];
    added.clear();
    for (const CartItem& item : items) added.push_back(item.sku);
  }
  if (cart.completed_at || cart.abandoned_at) {
    pending_.erase(cart.id);
  } else {
    pending_[cart.id] = cart;
  }
  if (!cart.session_id.empty()) {
    auto& session = sessions_[cart.session_id];
    for (const CartItem& item : items) {
      std::erase(session, item.sku);
      session.push_back(item.sku);
    }
    while (session.size() > kSessionItems) session.pop_front();
  }
}

std::vector<std::string> LiveActivity::SessionItems(std::string_view session_id) const {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(std::string(session_id));
  if (it == sessions_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::vector<std::string> LiveActivity::RecentPurchases(std::string_view customer_id) const {
  std::lock_guard lock(mu_);
  auto it = purchases_.find(std::string(customer_id));
  return it == purchases_.end() ? std::vector<std::string>() : it->second;
}

std::optional<LiveActivity::LiveOrder> LiveActivity::OrderSince(std::string_view order_id) const {
  std::lock_guard lock(mu_);
  const auto it = orders_.find(std::string(order_id));
  if (it == orders_.end()) return std::nullopt;
  return it->second;
}

std::vector<LiveActivity::AbandonedCart> LiveActivity::TakeAbandoned(Timestamp now,
                                                                     int64_t after_seconds) {
  std::lock_guard lock(mu_);
  std::vector<AbandonedCart> out;
  for (auto it = pending_.begin(); it != pending_.end();) {
    const Timestamp last = it->second.updated_at.value_or(it->second.started_at);
    if (last + after_seconds <= now) {
      AbandonedCart a{std::move(it->second), {}};
      a.cart.abandoned_at = now;
      // Carts from webhooks already have their items in the store; event checkouts take the
      // session's cart.
      auto c = carts_.find(a.cart.session_id);
      if (a.cart.id.starts_with("checkout:") && c != carts_.end()) {
        for (const std::string& sku : c->second) a.items.push_back({a.cart.id, sku, 1, {}});
      }
      out.push_back(std::move(a));
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  std::sort(out.begin(), out.end(),
            [](const AbandonedCart& a, const AbandonedCart& b) { return a.cart.id < b.cart.id; });
  return out;
}

void LiveActivity::Forget(std::string_view customer_id) {
  std::lock_guard lock(mu_);
  purchases_.erase(std::string(customer_id));
  for (auto& [id, order] : orders_) {
    if (order.customer_id == customer_id) order.customer_id.clear();  // kept as a guest's
  }
  for (auto it = pending_.begin(); it != pending_.end();) {
    it = it->second.customer_id == customer_id ? pending_.erase(it) : std::next(it);
  }
}

size_t LiveActivity::pending_checkouts() const {
  std::lock_guard lock(mu_);
  return pending_.size();
}

}  // namespace mercato::server
