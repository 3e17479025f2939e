// Shopify's product CSV, legacy (Handle, Variant SKU, ...) and current (URL handle, SKU, ...)
// layouts: one Product per variant row; product fields come from the first row of a handle.
#include <array>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "common/text.h"
#include "ingest/formats.h"
#include "ingest/shopify_common.h"

namespace mercato {
namespace {

using shopify::Column;
using shopify::FindColumn;

constexpr std::string_view kLayout =
    "a Shopify product CSV has Handle (or URL handle), Title, Body (HTML) (or Description), "
    "Vendor, Type, Tags, Option1 Name, Option1 Value, Variant SKU (or SKU), Variant Price (or "
    "Price), ...";
constexpr size_t kOptions = 3;

struct ProductColumns {
  explicit ProductColumns(const CsvColumns& h)
      : handle(FindColumn(h, {"Handle", "URL handle"})),
        title(FindColumn(h, {"Title"})),
        body(FindColumn(h, {"Body (HTML)", "Description"})),
        vendor(FindColumn(h, {"Vendor"})),
        category(FindColumn(h, {"Product Category"})),
        type(FindColumn(h, {"Type"})),
        tags(FindColumn(h, {"Tags"})),
        status(FindColumn(h, {"Status"})),
        image(FindColumn(h, {"Image Src", "Product image URL"})),
        sku(FindColumn(h, {"Variant SKU", "SKU"})),
        price(FindColumn(h, {"Variant Price", "Price"})),
        compare_at_price(FindColumn(h, {"Variant Compare At Price", "Compare-at price"})),
        cost(FindColumn(h, {"Cost per item"})),
        inventory(FindColumn(h, {"Variant Inventory Qty", "Inventory quantity"})),
        variant_image(FindColumn(h, {"Variant Image", "Variant image URL"})),
        option_names{FindColumn(h, {"Option1 Name"}), FindColumn(h, {"Option2 Name"}),
                     FindColumn(h, {"Option3 Name"})},
        option_values{FindColumn(h, {"Option1 Value"}), FindColumn(h, {"Option2 Value"}),
                      FindColumn(h, {"Option3 Value"})} {}

  Column handle, title, body, vendor, category, type, tags, status, image, sku, price,
      compare_at_price, cost, inventory, variant_image;
  std::array<Column, kOptions> option_names, option_values;
};

using OptionValues = std::array<std::string, kOptions>;

struct PendingVariant {
  Product product;
  OptionValues values;
  uint64_t source_line;
};

// Whether a variant has real options: a product without any has one variant whose Option1 is
// "Title" = "Default Title".
bool HasOptions(const OptionValues& values) {
  if (values[0] == "Default Title") return false;
  for (const std::string& v : values) {
    if (!v.empty()) return true;
  }
  return false;
}

// One product CSV being imported; the variants of a handle are buffered until it changes.
class ProductsFile {
 public:
  explicit ProductsFile(shopify::ExportReader& reader)
      : reader_(reader), ctx_(reader.ctx()), c_(reader.columns()) {}

  Status RequireColumns() { return reader_.Require({c_.handle, c_.title}, kLayout); }
  Status AddRow();
  Status Flush();

 private:
  Product ParseProductFields(shopify::RowFields& f) const;
  std::string Attributes(const OptionValues& values) const;

  shopify::ExportReader& reader_;
  ImportContext& ctx_;
  const ProductColumns c_;
  std::string handle_;  // of the product being buffered
  Product product_;     // its product-level fields, merged over its rows
  OptionValues option_names_;
  std::vector<PendingVariant> variants_;
  int64_t variant_rows_ = 0;  // good and bad, so that titles stay put when a row is corrected
};

Status ProductsFile::AddRow() {
  shopify::RowFields f(reader_);
  const std::string handle = f.Text(c_.handle);
  if (handle.empty()) {
    f.Fail(c_.handle, "required field is empty");
    return f.Skip();
  }
  if (handle != handle_) {
    RETURN_IF_ERROR(Flush());
    handle_ = handle;
  }
  shopify::FillUnknown(product_, ParseProductFields(f));
  OptionValues values;
  bool variant = false;
  for (size_t k = 0; k < kOptions; ++k) {
    if (option_names_[k].empty()) option_names_[k] = f.Text(c_.option_names[k]);
    values[k] = f.Text(c_.option_values[k]);
    variant = variant || !values[k].empty();
  }
  Product p;
  p.sku = f.Text(c_.sku);
  p.price = f.Real(c_.price);
  variant = variant || !p.sku.empty() || p.price || !f.ok();
  if (!variant) {
    ctx_.CountExcluded("image_only");  // extra product images: no variant fields
    return Status::Ok();
  }
  ++variant_rows_;
  p.compare_at_price = f.Real(c_.compare_at_price);
  p.cost = f.Real(c_.cost);
  p.inventory_quantity = f.Int(c_.inventory);
  p.image_url = f.Text(c_.variant_image);
  if (!f.ok()) return f.Skip();
  variants_.push_back({std::move(p), std::move(values), f.line()});
  return Status::Ok();
}

Product ProductsFile::ParseProductFields(shopify::RowFields& f) const {
  Product p;
  p.title = f.Text(c_.title);
  p.description = shopify::StripHtml(f.Text(c_.body));
  p.brand = f.Text(c_.vendor);
  // A Shopify taxonomy path ("Apparel & Accessories > Clothing > Dresses"), else the
  // merchant's own product type.
  p.category = f.Text(c_.category);
  if (p.category.empty()) p.category = f.Text(c_.type);
  p.tags = shopify::NormalizeTags(f.Text(c_.tags));
  p.image_url = f.Text(c_.image);
  p.status = ToLower(f.Text(c_.status));
  if (!p.status.empty() && p.status != "active" && p.status != "draft" && p.status != "archived") {
    f.Fail(c_.status, "expected active, draft or archived, got '" + Excerpt(p.status) + "'");
    p.status.clear();
  }
  return p;
}

std::string ProductsFile::Attributes(const OptionValues& values) const {
  if (!HasOptions(values)) return "";
  nlohmann::json attributes = nlohmann::json::object();
  for (size_t k = 0; k < kOptions; ++k) {
    if (values[k].empty()) continue;
    const std::string name =
        option_names_[k].empty() ? "Option" + std::to_string(k + 1) : option_names_[k];
    attributes[name] = values[k];
  }
  return attributes.dump();
}

Status ProductsFile::Flush() {
  for (PendingVariant& v : variants_) {
    Product& p = v.product;
    std::string options;        // "M / Blue"
    std::string sku = handle_;  // "linen-shirt/m/blue" when the variant has no SKU
    if (HasOptions(v.values)) {
      for (const std::string& value : v.values) {
        if (value.empty()) continue;
        options += (options.empty() ? "" : " / ") + value;
        sku += "/" + shopify::Slug(value);
      }
    }
    if (p.sku.empty()) {
      p.sku = std::move(sku);
      ctx_.Note("derived_skus");
    }
    p.product_id = handle_;
    p.title = product_.title;
    if (!p.title.empty() && variant_rows_ > 1 && !options.empty()) p.title += " - " + options;
    p.attributes = Attributes(v.values);
    shopify::FillUnknown(p, product_);
    RETURN_IF_ERROR(ctx_.Put(&p, v.source_line));
  }
  variants_.clear();
  handle_.clear();
  product_ = {};
  option_names_ = {};
  variant_rows_ = 0;
  return Status::Ok();
}

}  // namespace

std::unique_ptr<Importer> MakeShopifyProductsImporter() {
  return std::make_unique<shopify::ExportImporter<ProductsFile>>();
}

}  // namespace mercato
