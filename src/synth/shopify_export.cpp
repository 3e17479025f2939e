// Converts a generated generic-format store into Shopify's three exports plus their truth.
#include "synth/shopify_export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "common/csv_columns.h"
#include "common/csv_reader.h"
#include "common/csv_writer.h"
#include "common/slug.h"
#include "common/text.h"
#include "common/time.h"
#include "domain/entities.h"
#include "domain/entity_schema.h"

namespace mercato::synth {

namespace {

// Shares of the Shopify layer, drawn per id by a stable hash (never by the order of rows).
constexpr uint64_t kGuestPerMille = 30;  // customers who always check out as guests
constexpr int kArchivedProducts = 2;     // sold early in the period, then archived
constexpr uint64_t kFirstCustomerNumber = 7010000000001;
constexpr uint64_t kFirstOrderNumber = 5510000000001;
constexpr int kFirstOrderName = 1001;

// FNV-1a, 64 bits: a stable hash for the per-id draws above.
uint64_t StableHash(std::string_view text) {
  uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string Money(std::optional<double> v) { return v ? FormatMoney(*v) : ""; }

// Reads every row of a generic-format entity file.
template <class T, class Fn>
Status ForEachRow(const std::string& path, Fn&& fn) {
  ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  ASSIGN_OR_RETURN(const bool has_header, reader->Next());
  if (!has_header) return InvalidArgument(path + ": no header");
  const CsvColumns columns(reader->fields());
  std::vector<int> index;
  for (const auto& f : EntityTraits<T>::Fields()) index.push_back(columns.Find(f.name));
  for (;;) {
    ASSIGN_OR_RETURN(const bool more, reader->Next());
    if (!more) return Status::Ok();
    T row;
    size_t i = 0;
    for (const auto& f : EntityTraits<T>::Fields()) {
      const Status s = SetFieldFromText(f, row, FieldAt(reader->fields(), index[i++]));
      if (!s.ok()) {
        return InvalidArgument(path + ":" + std::to_string(reader->line()) + ": " + s.message());
      }
    }
    fn(std::move(row));
  }
}

// The sizes a product comes in: apparel S–XL, footwear US 7–11, everything else one variant.
std::vector<std::string> SizesOf(const Product& p) {
  if (StartsWith(p.category, "Apparel")) return {"S", "M", "L", "XL"};
  if (StartsWith(p.category, "Footwear")) return {"7", "8", "9", "10", "11"};
  return {};
}

struct ShopifyProduct {
  Product base;        // the generic SKU this product was made from
  std::string handle;  // slug of the title + the SKU's number: unique
  std::vector<std::string> sizes;
  std::string status = "active";
  bool without_sku = false;
  int64_t stock = 0;  // last on-hand, summed over locations
  int64_t lines = 0;  // order lines sold
  int64_t first_day = -1, last_day = -1;

  std::string VariantSku(const std::string& size) const {
    if (without_sku) return "";
    return size.empty() ? base.sku : base.sku + "-" + size;
  }
};

struct Store {
  std::vector<ShopifyProduct> products;
  std::map<std::string, size_t> product_of_sku;
  std::vector<Customer> customers;
  std::map<std::string, size_t> customer_index;
  std::map<std::string, bool> email_consent, sms_consent;  // latest grant per customer
  std::vector<Order> orders;
  std::map<std::string, std::vector<OrderLine>> lines;
  std::map<std::string, double> refunded;
};

Status ReadStore(const std::string& dir, Store& s) {
  RETURN_IF_ERROR(ForEachRow<Product>(dir + "/products.csv", [&](Product p) {
    s.product_of_sku[p.sku] = s.products.size();
    ShopifyProduct sp;
    const std::string number = p.sku.substr(p.sku.find_last_of('-') + 1);
    sp.handle = Slug(p.title) + "-" + number;
    sp.sizes = SizesOf(p);
    sp.base = std::move(p);
    s.products.push_back(std::move(sp));
  }));
  std::map<std::string, std::pair<int64_t, std::map<std::string, int64_t>>> stock;
  RETURN_IF_ERROR(ForEachRow<InventoryLevel>(dir + "/inventory.csv", [&](InventoryLevel l) {
    auto& [ts, by_location] = stock[l.sku];
    ts = std::max(ts, l.ts);
    by_location[l.location] = l.on_hand;  // rows come in time order: the last one stays
  }));
  for (auto& [sku, entry] : stock) {
    const auto it = s.product_of_sku.find(sku);
    if (it == s.product_of_sku.end()) continue;
    for (const auto& [location, on_hand] : entry.second) s.products[it->second].stock += on_hand;
  }
  RETURN_IF_ERROR(ForEachRow<Customer>(dir + "/customers.csv", [&](Customer c) {
    s.customer_index[c.id] = s.customers.size();
    s.customers.push_back(std::move(c));
  }));
  RETURN_IF_ERROR(ForEachRow<Consent>(dir + "/consents.csv", [&](Consent c) {
    if (c.purpose == "email_marketing") s.email_consent[c.customer_id] = c.granted;
    if (c.purpose == "sms_marketing") s.sms_consent[c.customer_id] = c.granted;
  }));
  RETURN_IF_ERROR(
      ForEachRow<Order>(dir + "/orders.csv", [&](Order o) { s.orders.push_back(std::move(o)); }));
  std::map<std::string, int64_t> order_day;
  for (const Order& o : s.orders) order_day[o.id] = DayOf(o.ts);
  RETURN_IF_ERROR(ForEachRow<OrderLine>(dir + "/order_lines.csv", [&](OrderLine l) {
    if (const auto it = s.product_of_sku.find(l.sku); it != s.product_of_sku.end()) {
      ShopifyProduct& p = s.products[it->second];
      const int64_t day = order_day[l.order_id];
      ++p.lines;
      p.first_day = p.first_day < 0 ? day : std::min(p.first_day, day);
      p.last_day = std::max(p.last_day, day);
    }
    s.lines[l.order_id].push_back(std::move(l));
  }));
  return ForEachRow<Return>(dir + "/returns.csv",
                            [&](Return r) { s.refunded[r.order_id] += r.amount.value_or(0); });
}

// Plants the product-level facts: two products that sold only early are archived, one product
// that never sold is a draft, and one single-variant product with sales has no SKU.
void PlantProductFacts(Store& s) {
  std::vector<size_t> by_last_sale;
  for (size_t i = 0; i < s.products.size(); ++i) {
    if (s.products[i].lines > 0) by_last_sale.push_back(i);
  }
  std::stable_sort(by_last_sale.begin(), by_last_sale.end(), [&](size_t a, size_t b) {
    return s.products[a].last_day < s.products[b].last_day;
  });
  for (int k = 0; k < kArchivedProducts && k < static_cast<int>(by_last_sale.size()); ++k) {
    ShopifyProduct& p = s.products[by_last_sale[k]];
    p.status = "archived";
    p.stock = 0;
  }
  // A product being prepared for launch: never sold, not published.
  ShopifyProduct draft = s.products.front();
  draft.base.sku += "-PREVIEW";
  draft.base.title += " (Preview)";
  draft.handle += "-preview";
  draft.status = "draft";
  draft.stock = 20;
  draft.lines = 0;
  draft.first_day = draft.last_day = -1;
  s.product_of_sku[draft.base.sku] = s.products.size();
  s.products.push_back(std::move(draft));
  // The best seller among the single-variant active products: its lines must still join it.
  ShopifyProduct* chosen = nullptr;
  for (ShopifyProduct& p : s.products) {
    if (p.sizes.empty() && p.status == "active" && (!chosen || p.lines > chosen->lines)) {
      chosen = &p;
    }
  }
  if (chosen != nullptr && chosen->lines > 0) chosen->without_sku = true;
}

bool IsGuest(const std::string& customer_id) {
  return StableHash("guest:" + customer_id) % 1000 < kGuestPerMille;
}

// The size a customer wears, as an index into a product's sizes: stable per customer.
size_t SizeIndex(const std::string& customer_id, size_t sizes) {
  return static_cast<size_t>(StableHash("size:" + customer_id) % sizes);
}

std::string ShopifySource(const std::string& channel) {
  if (channel == "mobile") return "iphone";
  return channel;  // web, pos
}

using Row = std::vector<std::string>;

class CsvFile {
 public:
  static Result<CsvFile> Create(const std::string& path, Row header) {
    ASSIGN_OR_RETURN(auto w, CsvWriter::Create(path));
    w->WriteRow(header);
    return CsvFile(std::move(w), header.size());
  }
  // A row of `columns` empty fields, filled by name through Set.
  Row Blank() const { return Row(width_); }
  void Write(const Row& row) {
    writer_->WriteRow(row);
    ++rows_;
  }
  int64_t rows() const { return rows_; }
  Status Close() { return writer_->Close(); }

 private:
  CsvFile(std::unique_ptr<CsvWriter> w, size_t width) : writer_(std::move(w)), width_(width) {}
  std::unique_ptr<CsvWriter> writer_;
  size_t width_;
  int64_t rows_ = 0;
};

const Row kProductHeader = {"Handle",
                            "Title",
                            "Body (HTML)",
                            "Vendor",
                            "Product Category",
                            "Type",
                            "Tags",
                            "Published",
                            "Option1 Name",
                            "Option1 Value",
                            "Variant SKU",
                            "Variant Grams",
                            "Variant Inventory Tracker",
                            "Variant Inventory Qty",
                            "Variant Inventory Policy",
                            "Variant Price",
                            "Variant Compare At Price",
                            "Variant Requires Shipping",
                            "Variant Taxable",
                            "Image Src",
                            "Image Position",
                            "Image Alt Text",
                            "Variant Image",
                            "Cost per item",
                            "Status"};
enum ProductCol {
  kHandle,
  kTitle,
  kBody,
  kVendor,
  kCategory,
  kType,
  kTags,
  kPublished,
  kOption1Name,
  kOption1Value,
  kVariantSku,
  kGrams,
  kTracker,
  kInventoryQty,
  kPolicy,
  kPrice,
  kCompareAt,
  kRequiresShipping,
  kTaxable,
  kImageSrc,
  kImagePosition,
  kImageAlt,
  kVariantImage,
  kCost,
  kStatus
};

Status WriteProducts(const Store& s, const std::string& path, ShopifyExportSummary& summary) {
  ASSIGN_OR_RETURN(CsvFile out, CsvFile::Create(path, kProductHeader));
  for (const ShopifyProduct& p : s.products) {
    const Product& b = p.base;
    const std::vector<std::string> sizes = p.sizes.empty() ? std::vector<std::string>{""} : p.sizes;
    for (size_t v = 0; v < sizes.size(); ++v) {
      Row r = out.Blank();
      r[kHandle] = p.handle;
      if (v == 0) {  // product-level columns are on the first row only, as Shopify writes them
        r[kTitle] = b.title;
        r[kBody] = "<p>" + b.description + "</p><p><strong>" + b.brand + "</strong> &amp; " +
                   "free returns within 30&nbsp;days.</p>";
        r[kVendor] = b.brand;
        r[kCategory] = b.category;
        r[kType] = b.category.substr(
            b.category.rfind('>') == std::string::npos ? 0 : b.category.rfind('>') + 2);
        r[kTags] = b.tags;
        r[kPublished] = p.status == "active" ? "true" : "false";
        r[kOption1Name] = p.sizes.empty() ? "Title" : "Size";
        r[kImageSrc] = b.image_url;
        r[kImagePosition] = "1";
        r[kImageAlt] = b.title;
        r[kStatus] = p.status;
      }
      r[kOption1Value] = sizes[v].empty() ? "Default Title" : sizes[v];
      r[kVariantSku] = p.VariantSku(sizes[v]);
      r[kGrams] = "0";
      r[kTracker] = "shopify";
      // The stock is shared out over the sizes; the largest size gets what does not divide.
      const int64_t share = p.stock / static_cast<int64_t>(sizes.size());
      const int64_t qty =
          v + 1 == sizes.size() ? p.stock - share * static_cast<int64_t>(sizes.size() - 1) : share;
      r[kInventoryQty] = std::to_string(qty);
      r[kPolicy] = "deny";
      r[kPrice] = Money(b.price);
      r[kCompareAt] = Money(b.compare_at_price);
      r[kRequiresShipping] = "true";
      r[kTaxable] = "true";
      r[kCost] = Money(b.cost);
      out.Write(r);
    }
    // An image-only row: a second picture of the product, nothing else.
    Row image = out.Blank();
    image[kHandle] = p.handle;
    image[kImageSrc] = b.image_url.substr(0, b.image_url.rfind('.')) + "-2.jpg";
    image[kImagePosition] = "2";
    out.Write(image);
  }
  RETURN_IF_ERROR(out.Close());
  summary.rows.push_back({"products_export.csv", out.rows()});
  return Status::Ok();
}

const Row kOrderHeader = {"Name",
                          "Email",
                          "Financial Status",
                          "Paid at",
                          "Fulfillment Status",
                          "Accepts Marketing",
                          "Currency",
                          "Subtotal",
                          "Shipping",
                          "Taxes",
                          "Total",
                          "Discount Code",
                          "Discount Amount",
                          "Created at",
                          "Lineitem quantity",
                          "Lineitem name",
                          "Lineitem price",
                          "Lineitem sku",
                          "Lineitem discount",
                          "Billing Name",
                          "Billing Province",
                          "Billing Country",
                          "Shipping Name",
                          "Shipping Province",
                          "Shipping Country",
                          "Cancelled at",
                          "Refunded Amount",
                          "Vendor",
                          "Id",
                          "Source",
                          "Phone"};
enum OrderCol {
  kName,
  kEmail,
  kFinancial,
  kPaidAt,
  kFulfillment,
  kAccepts,
  kCurrency,
  kSubtotal,
  kShipping,
  kTaxes,
  kTotal,
  kDiscountCode,
  kDiscountAmount,
  kCreatedAt,
  kQuantity,
  kLineName,
  kLinePrice,
  kLineSku,
  kLineDiscount,
  kBillingName,
  kBillingProvince,
  kBillingCountry,
  kShippingName,
  kShippingProvince,
  kShippingCountry,
  kCancelledAt,
  kRefunded,
  kLineVendor,
  kId,
  kSource,
  kPhone
};

const Row kCustomerHeader = {"Customer ID",
                             "First Name",
                             "Last Name",
                             "Email",
                             "Accepts Email Marketing",
                             "Default Address City",
                             "Default Address Province Code",
                             "Default Address Country Code",
                             "Default Address Zip",
                             "Phone",
                             "Accepts SMS Marketing",
                             "Total Spent",
                             "Total Orders",
                             "Note",
                             "Tax Exempt",
                             "Tags"};

struct CustomerTotals {
  double spent = 0;
  int64_t orders = 0;
};

Status WriteOrders(const Store& s, const std::string& out_dir, ShopifyExportSummary& summary,
                   std::map<std::string, CustomerTotals>& totals) {
  ASSIGN_OR_RETURN(CsvFile out, CsvFile::Create(out_dir + "/orders_export.csv", kOrderHeader));
  ASSIGN_OR_RETURN(CsvFile truth, CsvFile::Create(out_dir + "/truth/truth_shopify_orders.csv",
                                                  {"order_id", "name", "shopify_id", "email"}));
  // Names follow the order of placing; the export lists the newest first.
  std::vector<size_t> order(s.orders.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return s.orders[a].ts < s.orders[b].ts; });
  std::vector<std::pair<int, size_t>> named;  // (name number, order index)
  for (size_t k = 0; k < order.size(); ++k) {
    named.push_back({kFirstOrderName + static_cast<int>(k), order[k]});
  }
  for (const auto& [number, i] : named) {
    const Order& o = s.orders[i];
    const std::string name = "#" + std::to_string(number);
    const uint64_t shopify_id = kFirstOrderNumber + static_cast<uint64_t>(number - kFirstOrderName);
    const Customer* c = nullptr;
    if (const auto it = s.customer_index.find(o.customer_id);
        it != s.customer_index.end() && !IsGuest(o.customer_id)) {
      c = &s.customers[it->second];
    }
    truth.Write({o.id, name, std::to_string(shopify_id), c ? c->email : ""});
  }
  for (auto it = named.rbegin(); it != named.rend(); ++it) {
    const Order& o = s.orders[it->second];
    const int number = it->first;
    const auto line_it = s.lines.find(o.id);
    if (line_it == s.lines.end()) continue;
    const Customer* c = nullptr;
    if (const auto ci = s.customer_index.find(o.customer_id);
        ci != s.customer_index.end() && !IsGuest(o.customer_id)) {
      c = &s.customers[ci->second];
    }
    double subtotal = 0;
    for (const OrderLine& l : line_it->second) {
      subtotal +=
          l.unit_price.value_or(0) * static_cast<double>(l.quantity) - l.discount.value_or(0);
    }
    const auto refund = s.refunded.find(o.id);
    bool first = true;
    for (const OrderLine& l : line_it->second) {
      Row r = out.Blank();
      r[kName] = "#" + std::to_string(number);
      r[kEmail] = c ? c->email : "";
      std::string size;
      const ShopifyProduct* p = nullptr;
      if (const auto pi = s.product_of_sku.find(l.sku); pi != s.product_of_sku.end()) {
        p = &s.products[pi->second];
        if (!p->sizes.empty()) size = p->sizes[SizeIndex(o.customer_id, p->sizes.size())];
      }
      if (first) {
        const std::string created = FormatShopifyTime(o.ts);
        r[kFinancial] = o.financial_status;
        r[kPaidAt] = created;
        r[kFulfillment] = "fulfilled";
        const auto consent = s.email_consent.find(o.customer_id);
        r[kAccepts] = c && consent != s.email_consent.end() && consent->second ? "yes" : "no";
        r[kCurrency] = o.currency;
        r[kSubtotal] = Money(subtotal);
        r[kShipping] = Money(o.shipping.value_or(0));
        r[kTaxes] = Money(o.tax.value_or(0));
        r[kTotal] = Money(o.total);
        r[kDiscountCode] = o.discount_code;
        r[kDiscountAmount] = Money(o.discount_total.value_or(0));
        r[kCreatedAt] = created;
        if (c) {
          r[kBillingName] = c->first_name + " " + c->last_name;
          r[kBillingProvince] = c->region;
          r[kBillingCountry] = c->country;
          r[kPhone] = c->phone;
        }
        r[kShippingName] = c ? c->first_name + " " + c->last_name : "";
        r[kShippingProvince] = o.region;
        r[kShippingCountry] = o.country;
        if (o.cancelled_at) r[kCancelledAt] = FormatShopifyTime(*o.cancelled_at);
        r[kRefunded] = Money(refund == s.refunded.end() ? 0.0 : refund->second);
        r[kId] =
            std::to_string(kFirstOrderNumber + static_cast<uint64_t>(number - kFirstOrderName));
        r[kSource] = ShopifySource(o.channel);
        first = false;
      }
      r[kQuantity] = std::to_string(l.quantity);
      r[kLineName] = size.empty() ? l.title : l.title + " - " + size;
      r[kLinePrice] = Money(l.unit_price);
      r[kLineSku] = p ? p->VariantSku(size) : l.sku;
      r[kLineDiscount] = Money(l.discount.value_or(0));
      r[kLineVendor] = p ? p->base.brand : "";
      out.Write(r);
    }
    if (c && !o.cancelled_at) {
      CustomerTotals& t = totals[o.customer_id];
      t.spent += o.total.value_or(0) - (refund == s.refunded.end() ? 0.0 : refund->second);
      ++t.orders;
    }
  }
  RETURN_IF_ERROR(out.Close());
  RETURN_IF_ERROR(truth.Close());
  summary.rows.push_back({"orders_export.csv", out.rows()});
  summary.rows.push_back({"truth/truth_shopify_orders.csv", truth.rows()});
  return Status::Ok();
}

Status WriteCustomers(const Store& s, const std::string& out_dir,
                      const std::map<std::string, CustomerTotals>& totals,
                      ShopifyExportSummary& summary) {
  ASSIGN_OR_RETURN(CsvFile out,
                   CsvFile::Create(out_dir + "/customers_export.csv", kCustomerHeader));
  ASSIGN_OR_RETURN(CsvFile truth, CsvFile::Create(out_dir + "/truth/truth_shopify_customers.csv",
                                                  {"customer_id", "email", "shopify_customer_id",
                                                   "guest", "apparel_size", "footwear_size"}));
  const std::vector<std::string> apparel = {"S", "M", "L", "XL"};
  const std::vector<std::string> footwear = {"7", "8", "9", "10", "11"};
  for (size_t i = 0; i < s.customers.size(); ++i) {
    const Customer& c = s.customers[i];
    const bool guest = IsGuest(c.id);
    const std::string shopify_id = std::to_string(kFirstCustomerNumber + i);
    truth.Write({c.id, guest ? "" : c.email, guest ? "" : shopify_id, guest ? "true" : "false",
                 apparel[SizeIndex(c.id, apparel.size())],
                 footwear[SizeIndex(c.id, footwear.size())]});
    if (guest) continue;
    const auto t = totals.find(c.id);
    const auto email = s.email_consent.find(c.id);
    const auto sms = s.sms_consent.find(c.id);
    // Spreadsheet-safe exports put an apostrophe before ids and phone numbers.
    out.Write({"'" + shopify_id, c.first_name, c.last_name, c.email,
               email != s.email_consent.end() && email->second ? "yes" : "no", c.city, c.region,
               c.country, c.postal_code.empty() ? "" : "'" + c.postal_code,
               c.phone.empty() ? "" : "'" + c.phone,
               sms != s.sms_consent.end() && sms->second ? "yes" : "no",
               Money(t == totals.end() ? 0.0 : t->second.spent),
               std::to_string(t == totals.end() ? 0 : t->second.orders), "", "no", c.tags});
  }
  RETURN_IF_ERROR(out.Close());
  RETURN_IF_ERROR(truth.Close());
  summary.rows.push_back({"customers_export.csv", out.rows()});
  summary.rows.push_back({"truth/truth_shopify_customers.csv", truth.rows()});
  return Status::Ok();
}

Status WriteTruth(const Store& s, const std::string& path) {
  nlohmann::ordered_json truth;
  truth["time_zone"] = kShopifyTimeZone;
  truth["note"] =
      "handles are the products' ids after import (shopify-products); variant SKUs are the "
      "product's SKU plus '-' and the size; a product without a SKU sells as lines without one";
  nlohmann::ordered_json archived = nlohmann::json::array(), draft = nlohmann::json::array(),
                         without_sku = nlohmann::json::array(), variants = nlohmann::json::object();
  for (const ShopifyProduct& p : s.products) {
    if (p.status == "archived") archived.push_back(p.handle);
    if (p.status == "draft") draft.push_back(p.handle);
    if (p.without_sku) without_sku.push_back(p.handle);
    if (!p.sizes.empty()) {
      nlohmann::ordered_json skus = nlohmann::json::array();
      for (const std::string& size : p.sizes) skus.push_back(p.VariantSku(size));
      variants[p.handle] = skus;
    }
  }
  truth["archived_products"] = archived;
  truth["draft_products"] = draft;
  truth["products_without_sku"] = without_sku;
  truth["variants"] = variants;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return IoError("cannot create " + path);
  const std::string text = truth.dump(1) + "\n";
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) return IoError("cannot write " + path);
  return Status::Ok();
}

}  // namespace

int64_t UsEasternOffset(int64_t ts) {
  const CivilDate date = CivilFromDays(DayOf(ts));
  // Day number of the n-th Sunday of a month (1970-01-04 was a Sunday).
  const auto nth_sunday = [&](int month, int n) {
    const int64_t first = DaysFromCivil(date.year, month, 1);
    const int64_t to_sunday = ((3 - first) % 7 + 7) % 7;
    return first + to_sunday + 7 * (n - 1);
  };
  const int64_t dst_start = nth_sunday(3, 2) * kSecondsPerDay + 7 * 3600;  // 2:00 EST
  const int64_t dst_end = nth_sunday(11, 1) * kSecondsPerDay + 6 * 3600;   // 2:00 EDT
  return ts >= dst_start && ts < dst_end ? -4 * 3600 : -5 * 3600;
}

std::string FormatShopifyTime(int64_t ts) {
  const int64_t offset = UsEasternOffset(ts);
  const int64_t local = ts + offset;
  const CivilDate d = CivilFromDays(DayOf(local));
  const int64_t seconds = local - DayOf(local) * kSecondsPerDay;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02lld:%02lld:%02lld -%02lld00", d.year, d.month,
                d.day, static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60),
                static_cast<long long>(-offset / 3600));
  return buf;
}

Status WriteShopifyExports(const std::string& generic_dir, const std::string& out_dir,
                           ShopifyExportSummary* summary) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir + "/truth", ec);
  if (ec) return IoError("cannot create " + out_dir + ": " + ec.message());
  Store store;
  RETURN_IF_ERROR(ReadStore(generic_dir, store));
  PlantProductFacts(store);
  ShopifyExportSummary local;
  ShopifyExportSummary& out = summary != nullptr ? *summary : local;
  RETURN_IF_ERROR(WriteProducts(store, out_dir + "/products_export.csv", out));
  std::map<std::string, CustomerTotals> totals;
  RETURN_IF_ERROR(WriteOrders(store, out_dir, out, totals));
  RETURN_IF_ERROR(WriteCustomers(store, out_dir, totals, out));
  return WriteTruth(store, out_dir + "/truth/truth_shopify.json");
}

}  // namespace mercato::synth
