// Checkout abandoned, browse abandoned, back in stock and price drop triggers from a window of
// events, the stock levels and the promotions.
#include "app/journey_event_triggers.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <utility>

#include "domain/entities.h"

namespace mercato::app {
namespace {

using engage::JourneyTrigger;

// {"sku", "title", "price"} of a snapshot item (price null when unknown).
nlohmann::json TriggerItemJson(const Snapshot& s, int32_t item, std::optional<double> price) {
  const size_t i = static_cast<size_t>(item);
  return {{"sku", s.items.Key(item)},
          {"title", i < s.catalog.title.size() ? s.catalog.title[i] : ""},
          {"price", price ? nlohmann::json(std::round(*price * 100) / 100) : nlohmann::json()}};
}

// Per (customer, item), the times the customer bought the item since `from`, ascending.
class ItemPurchases {
 public:
  ItemPurchases(const Snapshot& s, Timestamp from) {
    for (size_t l = 0; l < s.lines.size(); ++l) {
      if (s.lines.customer[l] < 0 || s.lines.ts[l] < from) continue;
      times_[Key(s.lines.customer[l], s.lines.item[l])].push_back(s.lines.ts[l]);
    }
    for (auto& [key, ts] : times_) std::sort(ts.begin(), ts.end());
  }
  // Whether customer c bought `item` in [from, to].
  bool BoughtIn(int32_t c, int32_t item, Timestamp from, Timestamp to) const {
    const auto it = times_.find(Key(c, item));
    if (it == times_.end()) return false;
    const auto first = std::lower_bound(it->second.begin(), it->second.end(), from);
    return first != it->second.end() && *first <= to;
  }

 private:
  static uint64_t Key(int32_t c, int32_t item) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(c)) << 32) | static_cast<uint32_t>(item);
  }
  std::unordered_map<uint64_t, std::vector<Timestamp>> times_;
};

// Per item, the views of it (indices into activity.views), by customer then time.
std::unordered_map<int32_t, std::vector<size_t>> ViewsByItem(const RecentActivity& activity) {
  std::unordered_map<int32_t, std::vector<size_t>> out;
  for (size_t v = 0; v < activity.views.size(); ++v) out[activity.views[v].item].push_back(v);
  return out;
}

// The latest view of `item` by each customer in [from, to), one per customer.
std::vector<const RecentActivity::View*> LatestViews(const RecentActivity& activity,
                                                     const std::vector<size_t>& of_item,
                                                     Timestamp from, Timestamp to) {
  std::vector<const RecentActivity::View*> out;
  for (size_t v : of_item) {
    const RecentActivity::View& view = activity.views[v];
    if (view.ts < from || view.ts >= to) continue;
    if (!out.empty() && out.back()->customer == view.customer) {
      out.back() = &view;  // by customer then time: a later one of the same customer
    } else {
      out.push_back(&view);
    }
  }
  return out;
}

}  // namespace

Result<RecentActivity> LoadRecentActivity(Store& store, const Snapshot& snapshot, Timestamp from,
                                          Timestamp to) {
  if (to < from) return InvalidArgument("the events' window ends before it starts");
  RecentActivity out;
  out.from = from;
  out.to = to;
  out.intents.resize(static_cast<size_t>(snapshot.customers.size()));
  RETURN_IF_ERROR(store.ScanEventsInRange(from, to, [&](const Event& e) {
    if (e.type == "checkout_started" && !e.session_id.empty()) {
      out.checkout_sessions.insert(e.session_id);
    }
    if (e.customer_id.empty()) return Status::Ok();
    const int32_t c = snapshot.customers.Find(e.customer_id);
    if (c < 0) return Status::Ok();
    const bool view = e.type == "view", carted = e.type == "add_to_cart";
    if ((view || carted) && !e.sku.empty()) {
      const int32_t item = snapshot.items.Find(e.sku);
      std::optional<double> price;  // an add_to_cart's value is the line's, not the price
      if (view && e.value && *e.value > 0 && std::isfinite(*e.value)) price = e.value;
      if (item >= 0) out.views.push_back({c, item, e.ts, price});
    }
    if (carted || e.type == "checkout_started" || e.type == "purchase") {
      out.intents[static_cast<size_t>(c)].push_back(e.ts);
    }
    return Status::Ok();
  }));
  for (size_t o = 0; o < snapshot.order_customer.size(); ++o) {
    const int32_t c = snapshot.order_customer[o];
    if (c >= 0 && snapshot.order_ts[o] >= from && snapshot.order_ts[o] < to) {
      out.intents[static_cast<size_t>(c)].push_back(snapshot.order_ts[o]);
    }
  }
  for (auto& times : out.intents) std::sort(times.begin(), times.end());
  // Events come in time order: a stable sort by customer keeps each customer's views in time.
  std::stable_sort(out.views.begin(), out.views.end(),
                   [](const RecentActivity::View& a, const RecentActivity::View& b) {
                     return a.customer < b.customer;
                   });
  return out;
}

Result<std::set<std::string>> CartsAtCheckout(Store& store, const RecentActivity& activity,
                                              const std::set<std::string>& cart_ids) {
  std::set<std::string> out;
  if (cart_ids.empty()) return out;
  RETURN_IF_ERROR(ScanAll<Cart>(store, [&](const Cart& cart) {
    if (!cart_ids.contains(cart.id)) return Status::Ok();
    if (cart.id.starts_with("checkout:") ||
        (!cart.session_id.empty() && activity.checkout_sessions.contains(cart.session_id))) {
      out.insert(cart.id);
    }
    return Status::Ok();
  }));
  return out;
}

std::vector<JourneyTrigger> CheckoutTriggers(const std::vector<JourneyTrigger>& cart_triggers,
                                             const std::set<std::string>& at_checkout) {
  std::vector<JourneyTrigger> out;
  for (const JourneyTrigger& t : cart_triggers) {
    if (at_checkout.contains(t.entry_id)) out.push_back(t);
  }
  return out;
}

void KeepEachCartInOneJourney(std::vector<engage::JourneyInput>& journeys) {
  using engage::TriggerKind;
  // Each cart's journey: the one of the smallest priority number offering it.
  std::map<std::pair<int32_t, std::string>, int> owner;  // (customer, cart) -> priority
  auto is_cart = [](const engage::JourneyInput& j) {
    return j.definition.trigger == TriggerKind::kCartAbandoned ||
           j.definition.trigger == TriggerKind::kCheckoutAbandoned;
  };
  for (const engage::JourneyInput& j : journeys) {
    if (!is_cart(j)) continue;
    for (const JourneyTrigger& t : j.triggers) {
      auto [it, added] =
          owner.emplace(std::make_pair(t.customer, t.entry_id), j.definition.priority);
      if (!added) it->second = std::min(it->second, j.definition.priority);
    }
  }
  for (engage::JourneyInput& j : journeys) {
    if (!is_cart(j)) continue;
    std::erase_if(j.triggers, [&](const JourneyTrigger& t) {
      return owner.at({t.customer, t.entry_id}) != j.definition.priority;
    });
  }
}

std::vector<JourneyTrigger> BrowseTriggers(const Snapshot& snapshot, const RecentActivity& activity,
                                           int64_t abandon_after, Timestamp now) {
  std::vector<JourneyTrigger> out;
  const ItemPrices prices(snapshot);
  const auto& views = activity.views;
  for (size_t begin = 0; begin < views.size();) {
    // One browse: views of one customer, each within abandon_after of the one before.
    size_t end = begin + 1;
    while (end < views.size() && views[end].customer == views[begin].customer &&
           views[end].ts - views[end - 1].ts <= abandon_after) {
      ++end;
    }
    const int32_t c = views[begin].customer;
    const Timestamp first = views[begin].ts, last = views[end - 1].ts;
    const Timestamp due = last + abandon_after;
    const std::vector<Timestamp>& intents = activity.intents[static_cast<size_t>(c)];
    const auto intent = std::lower_bound(intents.begin(), intents.end(), first);
    const bool bought_or_carted = intent != intents.end() && *intent <= due;
    if (due <= now && !bought_or_carted) {
      JourneyTrigger t;
      t.customer = c;
      t.entry_id = "viewed-" + FormatTimestamp(first);
      t.event_at = last;
      t.due_at = due;
      nlohmann::json items = nlohmann::json::array();
      std::vector<int32_t> named;
      for (size_t v = end; v-- > begin && named.size() < 5;) {
        if (std::find(named.begin(), named.end(), views[v].item) != named.end()) continue;
        named.push_back(views[v].item);
        items.push_back(TriggerItemJson(snapshot, views[v].item, prices.At(views[v].item, now)));
      }
      t.payload = {{"viewed_at", FormatTimestamp(last)}, {"items", items}};
      out.push_back(std::move(t));
    }
    begin = end;
  }
  return out;
}

std::vector<JourneyTrigger> BackInStockTriggers(const Snapshot& snapshot,
                                                const RecentActivity& activity, int64_t lookback,
                                                int64_t window, Timestamp now) {
  std::vector<JourneyTrigger> out;
  const StockColumns& stock = snapshot.stock;
  const auto by_item = ViewsByItem(activity);
  const ItemPurchases purchases(snapshot, activity.from);
  const ItemPrices prices(snapshot);
  // Stock levels are by SKU, location, time: one item's levels are contiguous.
  for (size_t begin = 0; begin < stock.size();) {
    size_t end = begin;
    while (end < stock.size() && stock.item[end] == stock.item[begin]) ++end;
    const int32_t item = stock.item[begin];
    const auto viewed = by_item.find(item);
    if (item < snapshot.items.size() && viewed != by_item.end()) {
      std::vector<size_t> order;
      for (size_t k = begin; k < end; ++k) order.push_back(k);
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return stock.ts[a] < stock.ts[b]; });
      std::map<int32_t, int64_t> at_location;  // each location's latest on_hand
      int64_t total = 0;
      for (size_t i = 0; i < order.size();) {
        // The levels of one time together: a restock leaves the total above zero after them.
        const Timestamp at = stock.ts[order[i]];
        const bool was_out = !at_location.empty() && total <= 0;
        for (; i < order.size() && stock.ts[order[i]] == at; ++i) {
          const size_t k = order[i];
          auto [it, added] = at_location.emplace(stock.location[k], 0);
          total += stock.on_hand[k] - it->second;
          it->second = stock.on_hand[k];
        }
        if (!was_out || total <= 0 || at > now || at <= now - window) continue;
        const Timestamp restock = at;
        for (const RecentActivity::View* v :
             LatestViews(activity, viewed->second, restock - lookback, restock)) {
          if (purchases.BoughtIn(v->customer, item, v->ts, restock)) continue;
          JourneyTrigger t;
          t.customer = v->customer;
          t.entry_id = snapshot.items.Key(item) + "@" + FormatTimestamp(restock);
          t.event_at = t.due_at = restock;
          t.payload = {{"items", nlohmann::json::array(
                                     {TriggerItemJson(snapshot, item, prices.At(item, restock))})},
                       {"restocked_at", FormatTimestamp(restock)},
                       {"viewed_at", FormatTimestamp(v->ts)}};
          out.push_back(std::move(t));
        }
      }
    }
    begin = end;
  }
  return out;
}

ItemPrices::ItemPrices(const Snapshot& snapshot) : snapshot_(snapshot) {
  for (size_t k = 0; k < snapshot.promotions.size(); ++k) {
    promotions_[snapshot.promotions.item[k]].push_back(k);
  }
}

std::optional<double> ItemPrices::At(int32_t item, Timestamp t) const {
  const size_t i = static_cast<size_t>(item);
  const std::optional<double> catalog =
      i < snapshot_.catalog.price.size() ? snapshot_.catalog.price[i] : std::nullopt;
  const auto of_item = promotions_.find(item);
  if (of_item == promotions_.end()) return catalog;
  const PromotionColumns& p = snapshot_.promotions;
  std::optional<double> lowest;
  for (size_t k : of_item->second) {
    if (p.start[k] > t || (p.end[k] && *p.end[k] <= t)) continue;
    std::optional<double> price = p.price[k];
    if (!price && catalog && p.discount_pct[k]) price = *catalog * (1 - *p.discount_pct[k] / 100);
    if (price && (!lowest || *price < *lowest)) lowest = price;
  }
  return lowest ? lowest : catalog;
}

std::vector<JourneyTrigger> PriceDropTriggers(const Snapshot& snapshot,
                                              const RecentActivity& activity, int64_t lookback,
                                              int64_t window, Timestamp now) {
  std::vector<JourneyTrigger> out;
  const PromotionColumns& p = snapshot.promotions;
  const auto by_item = ViewsByItem(activity);
  const ItemPurchases purchases(snapshot, activity.from);
  const ItemPrices prices(snapshot);
  for (size_t k = 0; k < p.size(); ++k) {
    const int32_t item = p.item[k];
    const Timestamp start = p.start[k];
    if (start > now || start <= now - window || (p.end[k] && *p.end[k] <= now)) continue;
    const auto viewed = by_item.find(item);
    if (viewed == by_item.end()) continue;
    const std::optional<double> price = prices.At(item, start);
    if (!price) continue;
    for (const RecentActivity::View* v :
         LatestViews(activity, viewed->second, start - lookback, start)) {
      const std::optional<double> seen = v->price ? v->price : prices.At(item, v->ts);
      // Prices within half a cent are the same price.
      if (!seen || *price >= *seen - 0.005) continue;
      if (purchases.BoughtIn(v->customer, item, v->ts, start)) continue;
      JourneyTrigger t;
      t.customer = v->customer;
      t.entry_id = snapshot.items.Key(item) + "@" + FormatTimestamp(start);
      t.event_at = t.due_at = start;
      nlohmann::json shown = TriggerItemJson(snapshot, item, price);
      shown["was"] = std::round(*seen * 100) / 100;
      t.payload = {{"items", nlohmann::json::array({shown})},
                   {"dropped_at", FormatTimestamp(start)},
                   {"viewed_at", FormatTimestamp(v->ts)}};
      out.push_back(std::move(t));
    }
  }
  return out;
}

}  // namespace mercato::app
