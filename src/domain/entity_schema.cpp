// The field tables of every entity, with the documentation of the generic import format.
#include "domain/entity_schema.h"

namespace mercato {

namespace {
constexpr FieldType kText = FieldType::kText;
constexpr FieldType kInt = FieldType::kInt;
constexpr FieldType kReal = FieldType::kReal;
constexpr FieldType kTime = FieldType::kTime;
constexpr FieldType kBool = FieldType::kBool;
constexpr bool kRequired = true;
constexpr bool kOptional = false;
}  // namespace

#define F(T, name, type, required, doc) \
  FieldSpec<T> { #name, type, required, &T::name, doc }

#define KEYS_AND_FIELDS(T, ...)                                   \
  const std::vector<std::string_view>& EntityTraits<T>::Keys() {  \
    static const std::vector<std::string_view> keys{__VA_ARGS__}; \
    return keys;                                                  \
  }                                                               \
  const std::vector<FieldSpec<T>>& EntityTraits<T>::Fields()

KEYS_AND_FIELDS(Product, "sku") {
  static const std::vector<FieldSpec<Product>> f{
      F(Product, sku, kText, kRequired, "stock-keeping unit, unique per variant"),
      F(Product, product_id, kText, kOptional, "groups the variants of one product"),
      F(Product, title, kText, kOptional, "product title"),
      F(Product, description, kText, kOptional, "plain-text description"),
      F(Product, brand, kText, kOptional, "brand or vendor"),
      F(Product, category, kText, kOptional, "category path, levels separated by ' > '"),
      F(Product, attributes, kText, kOptional,
        "JSON object of attributes, e.g. {\"color\":\"red\"}"),
      F(Product, tags, kText, kOptional, "comma-separated tags"),
      F(Product, price, kReal, kOptional, "current selling price"),
      F(Product, compare_at_price, kReal, kOptional, "list price before discount"),
      F(Product, cost, kReal, kOptional, "unit cost"),
      F(Product, currency, kText, kOptional, "ISO 4217 code"),
      F(Product, created_at, kTime, kOptional, "when the product was created"),
      F(Product, status, kText, kOptional, "active, draft or archived"),
      F(Product, url, kText, kOptional, "product page URL"),
      F(Product, image_url, kText, kOptional, "image URL"),
      F(Product, inventory_quantity, kInt, kOptional, "units on hand, when the catalog says"),
  };
  return f;
}

KEYS_AND_FIELDS(Customer, "id") {
  static const std::vector<FieldSpec<Customer>> f{
      F(Customer, id, kText, kRequired, "customer id"),
      F(Customer, email, kText, kOptional, "email address"),
      F(Customer, first_name, kText, kOptional, "first name"),
      F(Customer, last_name, kText, kOptional, "last name"),
      F(Customer, phone, kText, kOptional, "phone number"),
      F(Customer, country, kText, kOptional, "ISO 3166-1 alpha-2 country code (or name)"),
      F(Customer, region, kText, kOptional, "state or province code, e.g. CA"),
      F(Customer, city, kText, kOptional, "city"),
      F(Customer, postal_code, kText, kOptional, "postal code"),
      F(Customer, created_at, kTime, kOptional, "when the customer signed up"),
      F(Customer, channel, kText, kOptional, "acquisition channel"),
      F(Customer, tags, kText, kOptional, "comma-separated tags"),
      F(Customer, shopify_id, kText, kOptional, "Shopify's numeric customer id"),
  };
  return f;
}

KEYS_AND_FIELDS(Consent, "customer_id", "purpose", "ts") {
  static const std::vector<FieldSpec<Consent>> f{
      F(Consent, customer_id, kText, kRequired, "customer id"),
      F(Consent, purpose, kText, kRequired,
        "personalization, email_marketing, sms_marketing or sale_sharing"),
      F(Consent, granted, kBool, kRequired, "true for a grant, false for a revocation"),
      F(Consent, ts, kTime, kRequired, "when it was given or revoked"),
      F(Consent, source, kText, kOptional, "where it was recorded"),
  };
  return f;
}

KEYS_AND_FIELDS(Order, "id") {
  static const std::vector<FieldSpec<Order>> f{
      F(Order, id, kText, kRequired, "order id"),
      F(Order, customer_id, kText, kOptional, "customer id; empty for a guest order"),
      F(Order, ts, kTime, kRequired, "when the order was placed"),
      F(Order, channel, kText, kOptional, "web, pos, mobile, marketplace, ..."),
      F(Order, currency, kText, kOptional, "ISO 4217 code"),
      F(Order, discount_code, kText, kOptional, "discount code used"),
      F(Order, discount_total, kReal, kOptional, "total discount on the order"),
      F(Order, shipping, kReal, kOptional, "shipping charged"),
      F(Order, tax, kReal, kOptional, "tax charged"),
      F(Order, total, kReal, kOptional, "order total"),
      F(Order, country, kText, kOptional, "shipping country"),
      F(Order, region, kText, kOptional, "shipping state or province"),
      F(Order, cancelled_at, kTime, kOptional, "when the order was cancelled"),
      F(Order, financial_status, kText, kOptional, "paid, refunded, partially_refunded, ..."),
      F(Order, shopify_id, kText, kOptional, "Shopify's numeric order id"),
  };
  return f;
}

KEYS_AND_FIELDS(OrderLine, "order_id", "line_no") {
  static const std::vector<FieldSpec<OrderLine>> f{
      F(OrderLine, order_id, kText, kRequired, "order id (the order must exist)"),
      F(OrderLine, line_no, kInt, kOptional,
        "line number within the order; when absent, lines are numbered 1, 2, ... per order in "
        "file order"),
      F(OrderLine, sku, kText, kRequired, "SKU"),
      F(OrderLine, title, kText, kOptional, "title at the time of sale"),
      F(OrderLine, quantity, kInt, kRequired, "units"),
      F(OrderLine, unit_price, kReal, kOptional, "price per unit before discount"),
      F(OrderLine, discount, kReal, kOptional, "total discount on the line"),
  };
  return f;
}

KEYS_AND_FIELDS(Return, "id") {
  static const std::vector<FieldSpec<Return>> f{
      F(Return, id, kText, kRequired, "return id"),
      F(Return, order_id, kText, kOptional, "order returned from"),
      F(Return, line_no, kInt, kOptional, "order line returned"),
      F(Return, customer_id, kText, kOptional, "customer id"),
      F(Return, sku, kText, kOptional, "SKU returned; empty for an order-level refund"),
      F(Return, ts, kTime, kRequired, "when it was returned or refunded"),
      F(Return, quantity, kInt, kOptional, "units returned"),
      F(Return, reason, kText, kOptional, "return reason"),
      F(Return, condition, kText, kOptional, "unopened, like_new, worn, damaged, ..."),
      F(Return, amount, kReal, kOptional, "amount refunded"),
  };
  return f;
}

KEYS_AND_FIELDS(Event, "id") {
  static const std::vector<FieldSpec<Event>> f{
      F(Event, id, kText, kOptional,
        "event id; when absent, derived from the other fields so re-imports stay idempotent"),
      F(Event, session_id, kText, kOptional, "session id"),
      F(Event, customer_id, kText, kOptional, "customer id when known"),
      F(Event, ts, kTime, kRequired, "when it happened"),
      F(Event, type, kText, kRequired,
        "view, search, add_to_cart, remove_from_cart, checkout_started, purchase, email_sent, "
        "email_open, email_click, ..."),
      F(Event, sku, kText, kOptional, "SKU concerned"),
      F(Event, query, kText, kOptional, "search query"),
      F(Event, value, kReal, kOptional, "monetary value"),
      F(Event, source, kText, kOptional, "campaign, referrer or message id"),
  };
  return f;
}

KEYS_AND_FIELDS(Cart, "id") {
  static const std::vector<FieldSpec<Cart>> f{
      F(Cart, id, kText, kRequired, "cart or checkout id"),
      F(Cart, customer_id, kText, kOptional, "customer id when known"),
      F(Cart, session_id, kText, kOptional, "session id"),
      F(Cart, started_at, kTime, kRequired, "when the cart was started"),
      F(Cart, updated_at, kTime, kOptional, "last change"),
      F(Cart, completed_at, kTime, kOptional, "when it became an order"),
      F(Cart, abandoned_at, kTime, kOptional, "when it was declared abandoned"),
      F(Cart, order_id, kText, kOptional, "resulting order"),
      F(Cart, value, kReal, kOptional, "cart value"),
      F(Cart, currency, kText, kOptional, "ISO 4217 code"),
  };
  return f;
}

KEYS_AND_FIELDS(CartItem, "cart_id", "sku") {
  static const std::vector<FieldSpec<CartItem>> f{
      F(CartItem, cart_id, kText, kRequired, "cart id (the cart must exist)"),
      F(CartItem, sku, kText, kRequired, "SKU"),
      F(CartItem, quantity, kInt, kRequired, "units"),
      F(CartItem, unit_price, kReal, kOptional, "price per unit"),
  };
  return f;
}

KEYS_AND_FIELDS(InventoryLevel, "sku", "location", "ts") {
  static const std::vector<FieldSpec<InventoryLevel>> f{
      F(InventoryLevel, sku, kText, kRequired, "SKU"),
      F(InventoryLevel, location, kText, kOptional, "location; empty for a single location"),
      F(InventoryLevel, ts, kTime, kRequired, "when the level was observed"),
      F(InventoryLevel, on_hand, kInt, kRequired, "units on hand"),
      F(InventoryLevel, on_order, kInt, kOptional, "units on order"),
  };
  return f;
}

KEYS_AND_FIELDS(Supplier, "id") {
  static const std::vector<FieldSpec<Supplier>> f{
      F(Supplier, id, kText, kRequired, "supplier id"),
      F(Supplier, name, kText, kOptional, "name"),
      F(Supplier, country, kText, kOptional, "country"),
      F(Supplier, region, kText, kOptional, "region"),
      F(Supplier, lead_time_days, kReal, kOptional, "nominal lead time in days"),
      F(Supplier, min_order_quantity, kInt, kOptional, "minimum order quantity"),
      F(Supplier, case_pack, kInt, kOptional, "units per case"),
  };
  return f;
}

KEYS_AND_FIELDS(PurchaseOrder, "id", "sku") {
  static const std::vector<FieldSpec<PurchaseOrder>> f{
      F(PurchaseOrder, id, kText, kRequired, "purchase order id"),
      F(PurchaseOrder, sku, kText, kRequired, "SKU"),
      F(PurchaseOrder, supplier_id, kText, kOptional, "supplier id"),
      F(PurchaseOrder, location, kText, kOptional, "receiving location"),
      F(PurchaseOrder, quantity, kInt, kRequired, "units ordered"),
      F(PurchaseOrder, unit_cost, kReal, kOptional, "cost per unit"),
      F(PurchaseOrder, ordered_at, kTime, kRequired, "when it was ordered"),
      F(PurchaseOrder, promised_at, kTime, kOptional, "promised delivery"),
      F(PurchaseOrder, received_at, kTime, kOptional, "actual delivery"),
      F(PurchaseOrder, received_quantity, kInt, kOptional, "units received"),
  };
  return f;
}

KEYS_AND_FIELDS(CompetitorPrice, "sku", "competitor", "ts") {
  static const std::vector<FieldSpec<CompetitorPrice>> f{
      F(CompetitorPrice, sku, kText, kRequired, "our SKU"),
      F(CompetitorPrice, competitor, kText, kRequired, "competitor name"),
      F(CompetitorPrice, ts, kTime, kRequired, "when the price was seen"),
      F(CompetitorPrice, price, kReal, kRequired, "their price"),
      F(CompetitorPrice, url, kText, kOptional, "where it was seen"),
  };
  return f;
}

KEYS_AND_FIELDS(Signal, "id") {
  static const std::vector<FieldSpec<Signal>> f{
      F(Signal, id, kText, kRequired, "signal id"),
      F(Signal, subject_kind, kText, kRequired, "supplier or region"),
      F(Signal, subject, kText, kRequired, "supplier id or region name"),
      F(Signal, ts, kTime, kRequired, "when it was reported"),
      F(Signal, kind, kText, kOptional, "port_closure, strike, weather, insolvency, ..."),
      F(Signal, severity, kReal, kOptional, "0 (none) to 1 (severe)"),
      F(Signal, text, kText, kOptional, "free text"),
  };
  return f;
}

KEYS_AND_FIELDS(Promotion, "id") {
  static const std::vector<FieldSpec<Promotion>> f{
      F(Promotion, id, kText, kRequired, "promotion id"),
      F(Promotion, sku, kText, kRequired, "SKU"),
      F(Promotion, start, kTime, kRequired, "first moment it applies"),
      F(Promotion, end, kTime, kOptional, "when it ends; empty when open-ended"),
      F(Promotion, price, kReal, kOptional, "promotional price"),
      F(Promotion, discount_pct, kReal, kOptional, "percentage off (0-100)"),
      F(Promotion, kind, kText, kOptional, "promotion, markdown or price_change"),
      F(Promotion, channel, kText, kOptional, "channel it applies to; empty for all"),
  };
  return f;
}

#undef KEYS_AND_FIELDS
#undef F

const std::array<std::string_view, kEntityKindCount>& EntityNames() {
  static const auto names = [] {
    std::array<std::string_view, kEntityKindCount> n{};
    ForEachEntityType([&](auto tag) {
      using T = typename decltype(tag)::type;
      n[static_cast<size_t>(EntityTraits<T>::kKind)] = EntityTraits<T>::kName;
    });
    return n;
  }();
  return names;
}

std::string_view EntityName(EntityKind kind) { return EntityNames()[static_cast<size_t>(kind)]; }

}  // namespace mercato
