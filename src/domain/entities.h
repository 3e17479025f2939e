// The domain model: every entity the store holds, as plain structs. Empty strings and empty
// optionals mean "not known". Timestamps are seconds since the epoch, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/time.h"

namespace mercato {

/// A sellable variant (SKU). `product_id` groups the variants of one product.
struct Product {
  std::string sku;
  std::string product_id;
  std::string title;
  std::string description;
  std::string brand;
  std::string category;    // path, levels separated by " > "
  std::string attributes;  // JSON object, e.g. {"color":"red","size":"M"}
  std::string tags;        // comma-separated
  std::optional<double> price;
  std::optional<double> compare_at_price;
  std::optional<double> cost;
  std::string currency;
  std::optional<Timestamp> created_at;
  std::string status;  // active, draft, archived
  std::string url;
  std::string image_url;
  std::optional<int64_t> inventory_quantity;
};

struct Customer {
  std::string id;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string phone;
  std::string country;  // ISO 3166-1 alpha-2 where known, else the name given
  std::string region;   // state / province code, e.g. CA
  std::string city;
  std::string postal_code;
  std::optional<Timestamp> created_at;
  std::string channel;  // acquisition channel
  std::string tags;
  std::string shopify_id;  // Shopify's numeric customer id, when the customer came from Shopify
};

/// One entry of the consent ledger: a grant or revocation for one purpose.
struct Consent {
  std::string customer_id;
  std::string purpose;  // personalization, email_marketing, sms_marketing, sale_sharing, ...
  bool granted = false;
  Timestamp ts = 0;
  std::string source;  // shopify-customers, checkout, preference-center, ...
};

struct Order {
  std::string id;
  std::string customer_id;  // empty for guest orders
  Timestamp ts = 0;
  std::string channel;  // web, pos, mobile, marketplace, ...
  std::string currency;
  std::string discount_code;
  std::optional<double> discount_total;
  std::optional<double> shipping;
  std::optional<double> tax;
  std::optional<double> total;
  std::string country;  // shipping destination
  std::string region;
  std::optional<Timestamp> cancelled_at;
  std::string financial_status;  // paid, refunded, partially_refunded, ...
  std::string shopify_id;        // Shopify's numeric order id (the id is its name, e.g. #1001)
};

struct OrderLine {
  std::string order_id;
  int64_t line_no = 0;
  std::string sku;
  std::string title;
  int64_t quantity = 0;
  std::optional<double> unit_price;
  std::optional<double> discount;  // total discount on the line
};

/// A return or refund of (part of) an order line, or of an order as a whole when sku is empty.
struct Return {
  std::string id;
  std::string order_id;
  std::optional<int64_t> line_no;
  std::string customer_id;
  std::string sku;
  Timestamp ts = 0;
  int64_t quantity = 0;
  std::string reason;
  std::string condition;  // unopened, like_new, worn, damaged, ...
  std::optional<double> amount;
};

struct Event {
  std::string id;
  std::string session_id;
  std::string customer_id;
  Timestamp ts = 0;
  std::string type;  // view, search, add_to_cart, remove_from_cart, checkout_started, purchase,
                     // email_sent, email_open, email_click, ...
  std::string sku;
  std::string query;
  std::optional<double> value;
  std::string source;  // campaign, referrer or message id
};

struct Cart {
  std::string id;
  std::string customer_id;
  std::string session_id;
  Timestamp started_at = 0;
  std::optional<Timestamp> updated_at;
  std::optional<Timestamp> completed_at;
  std::optional<Timestamp> abandoned_at;
  std::string order_id;
  std::optional<double> value;
  std::string currency;
};

struct CartItem {
  std::string cart_id;
  std::string sku;
  int64_t quantity = 0;
  std::optional<double> unit_price;
};

struct InventoryLevel {
  std::string sku;
  std::string location;
  Timestamp ts = 0;
  int64_t on_hand = 0;
  std::optional<int64_t> on_order;
};

struct Supplier {
  std::string id;
  std::string name;
  std::string country;
  std::string region;
  std::optional<double> lead_time_days;  // nominal
  std::optional<int64_t> min_order_quantity;
  std::optional<int64_t> case_pack;
};

/// One line of a purchase order.
struct PurchaseOrder {
  std::string id;
  std::string sku;
  std::string supplier_id;
  std::string location;
  int64_t quantity = 0;
  std::optional<double> unit_cost;
  Timestamp ordered_at = 0;
  std::optional<Timestamp> promised_at;
  std::optional<Timestamp> received_at;
  std::optional<int64_t> received_quantity;
};

struct CompetitorPrice {
  std::string sku;
  std::string competitor;
  Timestamp ts = 0;
  double price = 0;
  std::string url;
};

/// An external signal about a supplier or a region (port closure, strike, weather, ...).
struct Signal {
  std::string id;
  std::string subject_kind;  // supplier, region
  std::string subject;
  Timestamp ts = 0;
  std::string kind;
  double severity = 0;  // 0..1
  std::string text;
};

/// A promotion or price change on a SKU over a period.
struct Promotion {
  std::string id;
  std::string sku;
  Timestamp start = 0;
  std::optional<Timestamp> end;
  std::optional<double> price;         // promotional price
  std::optional<double> discount_pct;  // or a percentage off
  std::string kind;                    // promotion, markdown, price_change
  std::string channel;
};

}  // namespace mercato
