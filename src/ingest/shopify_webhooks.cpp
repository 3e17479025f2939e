// Shopify webhook payloads -> domain changes.
#include "ingest/shopify_webhooks.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>

#include "common/text.h"
#include "common/time.h"
#include "domain/untrusted_json.h"
#include "ingest/shopify_common.h"

namespace mercato {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 12> kTopics{
    "orders/create",    "orders/updated",   "refunds/create",         "checkouts/create",
    "checkouts/update", "carts/create",     "carts/update",           "customers/create",
    "customers/update", "customers/redact", "customers/data_request", "shop/redact"};

constexpr std::string_view kSource = "shopify-webhook";
constexpr std::string_view kUndatedSource = "shopify-webhook:time-unknown";

// A short rendering of a JSON value for error messages.
std::string Shown(const json& v) {
  return Excerpt(v.dump(-1, ' ', true, json::error_handler_t::replace));
}

std::string Child(std::string_view path, std::string_view key) {
  return std::string(path) + "." + std::string(key);
}
std::string Item(std::string_view path, size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

// Typed access to the payload; the first bad value becomes the parse's error, naming its path.
class Reader {
 public:
  bool ok() const { return error_.empty(); }
  Status status() const { return InvalidArgument(error_); }

  void Fail(std::string_view path, std::string_view message) {
    if (error_.empty()) error_ = std::string(path) + ": " + std::string(message);
  }

  // The member `key` of `obj`, or nullptr when absent or null.
  static const json* Get(const json& obj, std::string_view key) {
    const auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
  }

  const json* Object(const json& obj, std::string_view path, std::string_view key) {
    const json* v = Get(obj, key);
    if (v != nullptr && !v->is_object()) {
      Fail(Child(path, key), "expected an object, got " + Shown(*v));
      return nullptr;
    }
    return v;
  }

  // Members of an array (none when absent or null).
  const json::array_t& Array(const json& obj, std::string_view path, std::string_view key) {
    static const json::array_t kEmpty;
    const json* v = Get(obj, key);
    if (v == nullptr) return kEmpty;
    if (!v->is_array()) {
      Fail(Child(path, key), "expected an array, got " + Shown(*v));
      return kEmpty;
    }
    return v->get_ref<const json::array_t&>();
  }

  // Trimmed text of a string member ("" when absent or null), invalid UTF-8 repaired.
  std::string Text(const json& obj, std::string_view path, std::string_view key) {
    const json* v = Get(obj, key);
    if (v == nullptr) return {};
    if (!v->is_string()) {
      Fail(Child(path, key), "expected a string, got " + Shown(*v));
      return {};
    }
    return RepairUtf8(Trim(v->get_ref<const std::string&>()));
  }

  // An id: an integer or a non-empty string, as text ("" when absent or null).
  std::string Id(const json& obj, std::string_view path, std::string_view key) {
    const json* v = Get(obj, key);
    if (v == nullptr) return {};
    if (v->is_number_unsigned()) return std::to_string(v->get<uint64_t>());
    if (v->is_number_integer()) return std::to_string(v->get<int64_t>());
    if (v->is_string() && !Trim(v->get_ref<const std::string&>()).empty()) {
      return RepairUtf8(Trim(v->get_ref<const std::string&>()));
    }
    Fail(Child(path, key), "expected an id (an integer or a string), got " + Shown(*v));
    return {};
  }

  std::string RequiredId(const json& obj, std::string_view path, std::string_view key) {
    std::string id = Id(obj, path, key);
    if (id.empty() && ok()) Fail(Child(path, key), "required id is missing");
    return id;
  }

  // An amount: a decimal string ("19.99", as Shopify sends money) or a number.
  std::optional<double> Money(const json& obj, std::string_view path, std::string_view key) {
    const json* v = Get(obj, key);
    if (v == nullptr) return std::nullopt;
    if (v->is_number()) return v->get<double>();
    if (v->is_string()) {
      if (Trim(v->get_ref<const std::string&>()).empty()) return std::nullopt;
      Result<double> r = ParseReal(Trim(v->get_ref<const std::string&>()));
      if (r.ok()) return r.value();
    }
    Fail(Child(path, key), "expected an amount like \"19.99\", got " + Shown(*v));
    return std::nullopt;
  }

  std::optional<int64_t> Int(const json& obj, std::string_view path, std::string_view key) {
    const json* v = Get(obj, key);
    if (v == nullptr) return std::nullopt;
    if (v->is_number_unsigned()) {
      if (v->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX)) return v->get<int64_t>();
    } else if (v->is_number_integer()) {
      return v->get<int64_t>();
    } else if (v->is_string()) {
      Result<int64_t> r = ParseInt(Trim(v->get_ref<const std::string&>()));
      if (r.ok()) return r.value();
    }
    Fail(Child(path, key), "expected an integer, got " + Shown(*v));
    return std::nullopt;
  }

  std::optional<Timestamp> Time(const json& obj, std::string_view path, std::string_view key) {
    const json* v = Get(obj, key);
    if (v == nullptr) return std::nullopt;
    if (v->is_string()) {
      if (Trim(v->get_ref<const std::string&>()).empty()) return std::nullopt;
      Result<Timestamp> r = ParseTimestamp(v->get_ref<const std::string&>());
      if (r.ok()) return r.value();
      Fail(Child(path, key), r.status().message());
      return std::nullopt;
    }
    Fail(Child(path, key), "expected a time like \"2024-01-31T13:45:07-05:00\", got " + Shown(*v));
    return std::nullopt;
  }

  std::optional<bool> Bool(const json& obj, std::string_view path, std::string_view key) {
    const json* v = Get(obj, key);
    if (v == nullptr) return std::nullopt;
    if (v->is_boolean()) return v->get<bool>();
    Fail(Child(path, key), "expected true or false, got " + Shown(*v));
    return std::nullopt;
  }

 private:
  std::string error_;
};

// The id of a Shopify customer object (see WebhookChanges); "" when it has neither an email nor
// an id. `fallback_email` is the order's or checkout's email, used when the customer has none.
std::string CustomerId(Reader& r, const json& c, std::string_view path,
                       std::string_view fallback_email = {}) {
  std::string email_text = r.Text(c, path, "email");
  if (email_text.empty()) email_text = std::string(fallback_email);
  Result<std::string> email = shopify::NormalizeEmail(email_text);
  if (!email.ok()) {
    r.Fail(Child(path, "email"), email.status().message());
    return {};
  }
  if (!email.value().empty()) return shopify::CustomerIdFromEmail(email.value());
  const std::string id = r.Id(c, path, "id");
  return id.empty() ? std::string() : "shopify-id:" + id;
}

// One marketing consent object ({state, consent_updated_at, ...}) -> a Consent record, when its
// state is a decision (subscribed or not); pending, invalid and redacted states decide nothing.
void AddConsent(Reader& r, const json& c, std::string_view path, std::string_view key,
                const std::string& customer_id, std::string_view purpose,
                std::optional<Timestamp> updated_at, WebhookChanges& out) {
  const json* consent = r.Object(c, path, key);
  if (consent == nullptr) return;
  const std::string at = Child(path, key);
  const std::string state = ToLower(r.Text(*consent, at, "state"));
  std::optional<Timestamp> ts = r.Time(*consent, at, "consent_updated_at");
  if (!ts) ts = updated_at;
  if (state != "subscribed" && state != "not_subscribed" && state != "unsubscribed") return;
  out.consents.push_back(Consent{customer_id, std::string(purpose), state == "subscribed",
                                 ts.value_or(0), std::string(ts ? kSource : kUndatedSource)});
}

// A customer object -> Customer (+ consents); returns its id ("" for none).
std::string AddCustomer(Reader& r, const json& c, std::string_view path, WebhookChanges& out,
                        std::string_view fallback_email = {}) {
  const std::string id = CustomerId(r, c, path, fallback_email);
  if (id.empty() || !r.ok()) return id;
  Customer customer;
  customer.id = id;
  std::string email_text = r.Text(c, path, "email");
  if (email_text.empty()) email_text = std::string(fallback_email);
  customer.email = ToLower(Trim(email_text));
  customer.first_name = r.Text(c, path, "first_name");
  customer.last_name = r.Text(c, path, "last_name");
  customer.phone = r.Text(c, path, "phone");
  customer.created_at = r.Time(c, path, "created_at");
  customer.tags = shopify::NormalizeTags(r.Text(c, path, "tags"));
  customer.shopify_id = r.Id(c, path, "id");
  if (const json* a = r.Object(c, path, "default_address")) {
    const std::string at = Child(path, "default_address");
    customer.country = r.Text(*a, at, "country_code");
    if (customer.country.empty()) customer.country = r.Text(*a, at, "country");
    customer.region = r.Text(*a, at, "province_code");
    customer.city = r.Text(*a, at, "city");
    customer.postal_code = r.Text(*a, at, "zip");
    if (customer.phone.empty()) customer.phone = r.Text(*a, at, "phone");
  }
  const std::optional<Timestamp> updated_at = r.Time(c, path, "updated_at");
  const size_t consents_before = out.consents.size();
  AddConsent(r, c, path, "email_marketing_consent", id, "email_marketing", updated_at, out);
  if (out.consents.size() == consents_before) {
    // Older payloads: accepts_marketing and accepts_marketing_updated_at.
    if (const std::optional<bool> accepts = r.Bool(c, path, "accepts_marketing")) {
      std::optional<Timestamp> ts = r.Time(c, path, "accepts_marketing_updated_at");
      if (!ts) ts = updated_at;
      out.consents.push_back(Consent{id, "email_marketing", *accepts, ts.value_or(0),
                                     std::string(ts ? kSource : kUndatedSource)});
    }
  }
  AddConsent(r, c, path, "sms_marketing_consent", id, "sms_marketing", updated_at, out);
  out.customers.push_back(std::move(customer));
  return id;
}

// The SKU of a line item: its sku, else one derived from its name (or title).
std::string LineSku(Reader& r, const json& item, std::string_view path) {
  std::string sku = r.Text(item, path, "sku");
  if (!sku.empty()) return sku;
  std::string name = r.Text(item, path, "name");
  if (name.empty()) name = r.Text(item, path, "title");
  if (name.empty()) {
    const std::string variant = r.Id(item, path, "variant_id");
    if (!variant.empty()) return "shopify-variant:" + variant;
    if (r.ok()) r.Fail(path, "a line item needs a sku, a name, a title or a variant_id");
    return {};
  }
  return shopify::SkuFromTitle(name);
}

int64_t Quantity(Reader& r, const json& item, std::string_view path) {
  const std::optional<int64_t> q = r.Int(item, path, "quantity");
  if (!q) {
    if (r.ok()) r.Fail(Child(path, "quantity"), "required field is missing");
    return 0;
  }
  if (*q < 0) r.Fail(Child(path, "quantity"), "expected 0 or more, got " + std::to_string(*q));
  return *q;
}

// Refunds of one order (a refunds/create payload, or an order's "refunds") -> returns.
void AddRefund(Reader& r, const json& refund, std::string_view path, const std::string& order_id,
               const std::string& customer_id,
               const std::map<std::string, int64_t>& line_no_of_item, WebhookChanges& out) {
  const std::string refund_id = r.RequiredId(refund, path, "id");
  std::optional<Timestamp> ts = r.Time(refund, path, "created_at");
  if (!ts) ts = r.Time(refund, path, "processed_at");
  if (!ts && r.ok()) r.Fail(Child(path, "created_at"), "required time is missing");
  if (!r.ok()) return;
  const std::string lines_path = Child(path, "refund_line_items");
  const json::array_t& lines = r.Array(refund, path, "refund_line_items");
  for (size_t i = 0; i < lines.size() && r.ok(); ++i) {
    const std::string at = Item(lines_path, i);
    if (!lines[i].is_object()) return r.Fail(at, "expected an object, got " + Shown(lines[i]));
    const json& line = lines[i];
    Return ret;
    std::string line_id = r.Id(line, at, "id");
    if (line_id.empty()) line_id = std::to_string(i + 1);
    ret.id = "shopify-refund:" + refund_id + ":" + line_id;
    ret.order_id = order_id;
    ret.customer_id = customer_id;
    ret.ts = *ts;
    ret.quantity = Quantity(r, line, at);
    ret.amount = r.Money(line, at, "subtotal");
    ret.reason = "refund";
    const std::string item_id = r.Id(line, at, "line_item_id");
    if (const auto it = line_no_of_item.find(item_id); it != line_no_of_item.end()) {
      ret.line_no = it->second;
    }
    if (const json* item = r.Object(line, at, "line_item")) {
      ret.sku = LineSku(r, *item, Child(at, "line_item"));
    }
    if (r.ok()) out.returns.push_back(std::move(ret));
  }
  if (!lines.empty() || !r.ok()) return;
  // No lines: a refund of the order as a whole (shipping, goodwill), the sum of its successful
  // refund transactions.
  double amount = 0;
  bool any = false;
  const std::string tx_path = Child(path, "transactions");
  const json::array_t& transactions = r.Array(refund, path, "transactions");
  for (size_t i = 0; i < transactions.size() && r.ok(); ++i) {
    const std::string at = Item(tx_path, i);
    if (!transactions[i].is_object()) {
      return r.Fail(at, "expected an object, got " + Shown(transactions[i]));
    }
    const std::string kind = r.Text(transactions[i], at, "kind");
    const std::string status = r.Text(transactions[i], at, "status");
    const std::optional<double> a = r.Money(transactions[i], at, "amount");
    if (kind == "refund" && (status.empty() || status == "success") && a) {
      amount += *a;
      any = true;
    }
  }
  if (!any || !r.ok()) return;
  Return ret;
  ret.id = "shopify-refund:" + refund_id;
  ret.order_id = order_id;
  ret.customer_id = customer_id;
  ret.ts = *ts;
  ret.amount = amount;
  ret.reason = "refund";
  out.returns.push_back(std::move(ret));
}

// Country and region of an address object, when present.
void AddressPlace(Reader& r, const json& order, std::string_view key, std::string& country,
                  std::string& region) {
  const json* a = r.Object(order, "$", key);
  if (a == nullptr || !country.empty()) return;
  const std::string at = Child("$", key);
  country = r.Text(*a, at, "country_code");
  if (country.empty()) country = r.Text(*a, at, "country");
  region = r.Text(*a, at, "province_code");
}

void ParseOrder(Reader& r, const json& o, WebhookChanges& out) {
  Order order;
  order.id = r.Text(o, "$", "name");
  const std::string numeric_id = r.Id(o, "$", "id");
  if (order.id.empty()) order.id = numeric_id;
  order.shopify_id = numeric_id;
  if (order.id.empty() && r.ok()) return r.Fail("$.name", "an order needs a name or an id");
  const std::optional<Timestamp> created = r.Time(o, "$", "created_at");
  if (!created && r.ok()) return r.Fail("$.created_at", "required time is missing");
  if (!r.ok()) return;
  order.ts = *created;
  const std::string email = r.Text(o, "$", "email");
  if (const json* c = r.Object(o, "$", "customer")) {
    order.customer_id = AddCustomer(r, *c, "$.customer", out, email);
  } else if (!email.empty()) {
    json guest = json::object();
    order.customer_id = AddCustomer(r, guest, "$", out, email);
  }
  order.channel = r.Text(o, "$", "source_name");
  order.currency = r.Text(o, "$", "currency");
  std::string codes;
  const json::array_t& discount_codes = r.Array(o, "$", "discount_codes");
  for (size_t i = 0; i < discount_codes.size() && r.ok(); ++i) {
    if (!discount_codes[i].is_object()) {
      return r.Fail(Item("$.discount_codes", i),
                    "expected an object, got " + Shown(discount_codes[i]));
    }
    const std::string code = r.Text(discount_codes[i], Item("$.discount_codes", i), "code");
    if (code.empty()) continue;
    if (!codes.empty()) codes += ',';
    codes += code;
  }
  order.discount_code = codes;
  order.discount_total = r.Money(o, "$", "total_discounts");
  order.tax = r.Money(o, "$", "total_tax");
  order.total = r.Money(o, "$", "total_price");
  double shipping = 0;
  bool has_shipping = false;
  const json::array_t& shipping_lines = r.Array(o, "$", "shipping_lines");
  for (size_t i = 0; i < shipping_lines.size() && r.ok(); ++i) {
    if (!shipping_lines[i].is_object()) {
      return r.Fail(Item("$.shipping_lines", i),
                    "expected an object, got " + Shown(shipping_lines[i]));
    }
    if (const auto p = r.Money(shipping_lines[i], Item("$.shipping_lines", i), "price")) {
      shipping += *p;
      has_shipping = true;
    }
  }
  if (has_shipping) order.shipping = shipping;
  order.cancelled_at = r.Time(o, "$", "cancelled_at");
  order.financial_status = ToLower(r.Text(o, "$", "financial_status"));
  AddressPlace(r, o, "shipping_address", order.country, order.region);
  AddressPlace(r, o, "billing_address", order.country, order.region);
  if (!order.customer_id.empty() && !out.customers.empty() &&
      out.customers.back().country.empty()) {
    // The customer lives at the billing address (as in the order export) when no default one.
    if (const json* b = r.Object(o, "$", "billing_address")) {
      out.customers.back().country = r.Text(*b, "$.billing_address", "country_code");
      out.customers.back().region = r.Text(*b, "$.billing_address", "province_code");
    }
  }

  std::map<std::string, int64_t> line_no_of_item;
  const json::array_t& items = r.Array(o, "$", "line_items");
  for (size_t i = 0; i < items.size() && r.ok(); ++i) {
    const std::string at = Item("$.line_items", i);
    if (!items[i].is_object()) return r.Fail(at, "expected an object, got " + Shown(items[i]));
    OrderLine line;
    line.order_id = order.id;
    line.line_no = static_cast<int64_t>(i) + 1;
    line.title = r.Text(items[i], at, "name");
    if (line.title.empty()) line.title = r.Text(items[i], at, "title");
    line.sku = LineSku(r, items[i], at);
    line.quantity = Quantity(r, items[i], at);
    line.unit_price = r.Money(items[i], at, "price");
    line.discount = r.Money(items[i], at, "total_discount");
    const std::string item_id = r.Id(items[i], at, "id");
    if (!item_id.empty()) line_no_of_item[item_id] = line.line_no;
    out.order_lines.push_back(std::move(line));
  }
  if (!r.ok()) return;
  out.orders.push_back(order);
  const json::array_t& refunds = r.Array(o, "$", "refunds");
  for (size_t i = 0; i < refunds.size() && r.ok(); ++i) {
    if (!refunds[i].is_object()) {
      return r.Fail(Item("$.refunds", i), "expected an object, got " + Shown(refunds[i]));
    }
    AddRefund(r, refunds[i], Item("$.refunds", i), order.id, order.customer_id, line_no_of_item,
              out);
  }
}

// A checkout or a cart with its line items.
void ParseCart(Reader& r, const json& c, bool checkout, WebhookChanges& out) {
  Cart cart;
  cart.id = r.Text(c, "$", checkout ? "cart_token" : "token");
  if (cart.id.empty()) cart.id = r.Id(c, "$", checkout ? "token" : "id");
  if (cart.id.empty() && r.ok()) {
    return r.Fail(checkout ? "$.token" : "$.id", "a cart needs a token or an id");
  }
  std::optional<Timestamp> created = r.Time(c, "$", "created_at");
  cart.updated_at = r.Time(c, "$", "updated_at");
  if (!created) created = cart.updated_at;
  if (!created && r.ok()) return r.Fail("$.created_at", "required time is missing");
  if (!r.ok()) return;
  cart.started_at = *created;
  if (checkout) {
    cart.completed_at = r.Time(c, "$", "completed_at");
    cart.currency = r.Text(c, "$", "currency");
    if (cart.currency.empty()) cart.currency = r.Text(c, "$", "presentment_currency");
    cart.value = r.Money(c, "$", "total_price");
    const std::string email = r.Text(c, "$", "email");
    if (const json* customer = r.Object(c, "$", "customer")) {
      cart.customer_id = AddCustomer(r, *customer, "$.customer", out, email);
    } else if (!email.empty()) {
      json guest = json::object();
      cart.customer_id = AddCustomer(r, guest, "$", out, email);
    }
  }
  std::map<std::string, CartItem> items;  // by SKU: the store keys cart items by (cart, sku)
  std::vector<std::string> order;
  double value = 0;
  const json::array_t& lines = r.Array(c, "$", "line_items");
  for (size_t i = 0; i < lines.size() && r.ok(); ++i) {
    const std::string at = Item("$.line_items", i);
    if (!lines[i].is_object()) return r.Fail(at, "expected an object, got " + Shown(lines[i]));
    const std::string sku = LineSku(r, lines[i], at);
    const int64_t quantity = Quantity(r, lines[i], at);
    const std::optional<double> price = r.Money(lines[i], at, "price");
    if (!r.ok()) return;
    auto [it, fresh] = items.try_emplace(sku, CartItem{cart.id, sku, 0, price});
    if (fresh) order.push_back(sku);
    it->second.quantity += quantity;
    if (!it->second.unit_price) it->second.unit_price = price;
    value += price.value_or(0) * static_cast<double>(quantity);
  }
  if (!r.ok()) return;
  if (!cart.value && !lines.empty()) cart.value = value;
  out.carts.push_back(cart);
  for (const std::string& sku : order) out.cart_items.push_back(items.at(sku));
}

}  // namespace

bool IsSupportedShopifyTopic(std::string_view topic) {
  return std::find(kTopics.begin(), kTopics.end(), topic) != kTopics.end();
}

Result<WebhookChanges> ParseShopifyWebhook(std::string_view topic, std::string_view body) {
  if (!IsSupportedShopifyTopic(topic)) {
    return InvalidArgument("unsupported Shopify webhook topic '" + Excerpt(topic) + "'");
  }
  UntrustedJson parsed = ParseUntrustedJson(body);
  switch (parsed.fault) {
    case JsonFault::kNone:
      break;
    case JsonFault::kMalformed:
      return InvalidArgument("$: malformed JSON (" + parsed.explain + ")");
    case JsonFault::kTooDeep:
      return InvalidArgument("$: " + parsed.status().message());
    case JsonFault::kNumberOutOfRange:
      return parsed.status();  // starts with the path of the number
  }
  const json payload = std::move(parsed.value);
  if (!payload.is_object()) {
    return InvalidArgument("$: expected a JSON object, got " + Shown(payload));
  }
  Reader r;
  WebhookChanges out;
  if (topic == "orders/create" || topic == "orders/updated") {
    ParseOrder(r, payload, out);
  } else if (topic == "refunds/create") {
    // The order is named by its numeric id only: see WebhookChanges.
    (void)r.RequiredId(payload, "$", "order_id");
    if (r.ok()) AddRefund(r, payload, "$", "", "", {}, out);
  } else if (topic == "checkouts/create" || topic == "checkouts/update") {
    ParseCart(r, payload, true, out);
  } else if (topic == "carts/create" || topic == "carts/update") {
    ParseCart(r, payload, false, out);
  } else if (topic == "customers/create" || topic == "customers/update") {
    if (AddCustomer(r, payload, "$", out).empty() && r.ok()) {
      r.Fail("$", "a customer needs an email or an id");
    }
  } else if (topic == "customers/redact" || topic == "customers/data_request") {
    const json* c = r.Object(payload, "$", "customer");
    if (c == nullptr && r.ok()) r.Fail("$.customer", "required object is missing");
    if (!r.ok()) return r.status();
    const std::string id = CustomerId(r, *c, "$.customer");
    if (!r.ok()) return r.status();
    if (id.empty()) return InvalidArgument("$.customer: needs an email or an id");
    if (topic == "customers/data_request") {
      out.data_request_customer = id;
    } else {
      out.erase_customers.push_back(id);
      const std::string shopify_id = r.Id(*c, "$.customer", "id");
      if (!shopify_id.empty() && id != "shopify-id:" + shopify_id) {
        out.erase_customers.push_back("shopify-id:" + shopify_id);
      }
    }
  } else {  // shop/redact
    out.shop_redact = true;
  }
  if (!r.ok()) return r.status();
  return out;
}

}  // namespace mercato
