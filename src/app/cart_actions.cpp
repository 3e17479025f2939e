// Lists abandoned carts with their shopper, consent and items.
#include "app/cart_actions.h"

#include <algorithm>
#include <ctime>
#include <map>

#include "app/store_currency.h"
#include "common/text.h"
#include "domain/entities.h"
#include "privacy/consent_ledger.h"
#include "store/open_store.h"

namespace mercato::app {

namespace {

// The earliest abandonment time `since` keeps: a span back from now, or a date.
Result<std::optional<Timestamp>> ParseSince(const std::string& since, Timestamp now) {
  if (since.empty()) return std::optional<Timestamp>();
  if (auto days = ParseDays(since); days.ok()) {
    return std::optional<Timestamp>(now - *days * kSecondsPerDay);
  }
  if (auto date = ParseTimestamp(since); date.ok()) return std::optional<Timestamp>(*date);
  return InvalidArgument(
      "since: expected a span back from now (7d, 2w) or a date (2024-05-01), "
      "got '" +
      since + "'");
}

// When an unfinished cart counts as abandoned: its recorded time, else (a checkout neither
// completed nor ordered) its last update plus the delay once that has passed.
std::optional<Timestamp> AbandonedAt(const Cart& cart, Timestamp now, int64_t delay) {
  if (cart.abandoned_at) return cart.abandoned_at;
  if (cart.completed_at || !cart.order_id.empty()) return std::nullopt;
  const Timestamp last = cart.updated_at.value_or(cart.started_at);
  if (last + delay > now) return std::nullopt;
  return last + delay;
}

}  // namespace

Result<AbandonedCarts> ListAbandonedCarts(const AbandonedCartsOptions& options) {
  if (options.limit < 0) return InvalidArgument("limit: expected 0 (all) or more");
  if (options.abandon_after_minutes < 1) {
    return InvalidArgument("abandon_after_minutes: expected 1 or more");
  }
  const Timestamp now = options.now != 0 ? options.now : std::time(nullptr);
  ASSIGN_OR_RETURN(const std::optional<Timestamp> since, ParseSince(options.since, now));
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));

  std::map<std::string, size_t> index;  // cart id -> position in carts
  AbandonedCarts out;
  ASSIGN_OR_RETURN(out.currency, StoreCurrency(*store, options.currency));
  const int64_t delay = int64_t{options.abandon_after_minutes} * 60;
  RETURN_IF_ERROR(ScanAll<Cart>(*store, [&](const Cart& cart) {
    const std::optional<Timestamp> at = AbandonedAt(cart, now, delay);
    if (!at || (since && *at < *since)) return Status::Ok();
    if (!cart.order_id.empty() && !options.include_recovered) return Status::Ok();
    AbandonedCart a;
    a.id = cart.id;
    a.customer_id = cart.customer_id;
    a.abandoned_at = *at;
    a.value = cart.value;
    a.currency = cart.currency.empty() ? out.currency : cart.currency;
    a.recovered_order_id = cart.order_id;
    index[cart.id] = out.carts.size();
    out.carts.push_back(std::move(a));
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ScanAll<CartItem>(*store, [&](const CartItem& item) {
    const auto it = index.find(item.cart_id);
    if (it != index.end()) {
      out.carts[it->second].items.push_back({item.sku, "", item.quantity, item.unit_price});
    }
    return Status::Ok();
  }));
  std::map<std::string, std::string> titles;
  for (const AbandonedCart& c : out.carts) {
    for (const AbandonedCartItem& i : c.items) titles[i.sku];
  }
  if (!titles.empty()) {
    RETURN_IF_ERROR(ScanAll<Product>(*store, [&](const Product& p) {
      if (const auto it = titles.find(p.sku); it != titles.end()) it->second = p.title;
      return Status::Ok();
    }));
  }
  std::map<std::string, std::vector<size_t>> of_customer;
  for (size_t i = 0; i < out.carts.size(); ++i) {
    AbandonedCart& c = out.carts[i];
    for (AbandonedCartItem& item : c.items) item.title = titles[item.sku];
    if (!c.value && !c.items.empty()) {
      double sum = 0;
      for (const AbandonedCartItem& item : c.items) {
        sum += item.unit_price.value_or(0) * static_cast<double>(item.quantity);
      }
      c.value = sum;
    }
    if (!c.customer_id.empty()) of_customer[c.customer_id].push_back(i);
  }
  if (!of_customer.empty()) {
    RETURN_IF_ERROR(ScanAll<Customer>(*store, [&](const Customer& customer) {
      const auto it = of_customer.find(customer.id);
      if (it == of_customer.end()) return Status::Ok();
      for (const size_t i : it->second) {
        out.carts[i].email = customer.email;
        out.carts[i].first_name = customer.first_name;
        out.carts[i].last_name = customer.last_name;
      }
      return Status::Ok();
    }));
    ASSIGN_OR_RETURN(const privacy::ConsentLedger ledger,
                     privacy::LoadConsentLedger(*store, options.policy));
    for (AbandonedCart& c : out.carts) {
      c.contactable =
          !c.email.empty() && ledger.Allows(c.customer_id, privacy::Purpose::kEmailMarketing);
    }
  }
  std::stable_sort(out.carts.begin(), out.carts.end(),
                   [](const AbandonedCart& a, const AbandonedCart& b) {
                     return a.abandoned_at > b.abandoned_at;
                   });
  out.matched = static_cast<int64_t>(out.carts.size());
  for (const AbandonedCart& c : out.carts) {
    out.contactable += c.contactable ? 1 : 0;
    out.value += c.value.value_or(0);
  }
  if (options.limit > 0 && out.matched > options.limit) {
    out.carts.resize(static_cast<size_t>(options.limit));
  }
  return out;
}

nlohmann::ordered_json AbandonedCartsJson(const AbandonedCarts& carts) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const AbandonedCart& c : carts.carts) {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const AbandonedCartItem& i : c.items) {
      items.push_back(
          {{"sku", i.sku},
           {"title", i.title},
           {"quantity", i.quantity},
           {"unit_price", i.unit_price ? nlohmann::ordered_json(RoundToCents(*i.unit_price))
                                       : nlohmann::ordered_json()}});
    }
    list.push_back({{"cart_id", c.id},
                    {"abandoned_at", FormatTimestamp(c.abandoned_at)},
                    {"customer_id", c.customer_id},
                    {"email", c.email},
                    {"first_name", c.first_name},
                    {"last_name", c.last_name},
                    {"contactable", c.contactable},
                    {"value", c.value ? nlohmann::ordered_json(RoundToCents(*c.value))
                                      : nlohmann::ordered_json()},
                    {"currency", c.currency},
                    {"recovered_order_id", c.recovered_order_id},
                    {"items", std::move(items)}});
  }
  nlohmann::ordered_json j = {{"count", carts.carts.size()},
                              {"matched", carts.matched},
                              {"contactable", carts.contactable},
                              {"value", RoundToCents(carts.value)}};
  if (!carts.currency.empty()) j["currency"] = carts.currency;
  j["carts"] = std::move(list);
  return j;
}

std::vector<std::string> AbandonedCartsCsvHeader() {
  return {"cart_id",     "abandoned_at", "customer_id", "email", "first_name",        "last_name",
          "contactable", "value",        "currency",    "items", "recovered_order_id"};
}

std::vector<std::string> AbandonedCartCsvRow(const AbandonedCart& c) {
  std::string items;
  for (const AbandonedCartItem& i : c.items) {
    if (!items.empty()) items += "; ";
    items += std::to_string(i.quantity) + " × " + (i.title.empty() ? i.sku : i.title) + " (" +
             i.sku + ")";
  }
  return {c.id,
          FormatTimestamp(c.abandoned_at),
          c.customer_id,
          c.email,
          c.first_name,
          c.last_name,
          c.contactable ? "true" : "false",
          c.value ? FormatMoney(*c.value) : "",
          c.currency,
          items,
          c.recovered_order_id};
}

}  // namespace mercato::app
