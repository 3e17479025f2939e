// Shopify's customer export, legacy (Accepts Marketing, Country Code, ...) and current (Customer
// ID, Accepts Email Marketing, Default Address ...) layouts -> customers and their consent.
#include <utility>

#include "common/text.h"
#include "ingest/formats.h"
#include "ingest/shopify_common.h"

namespace mercato {
namespace {

using shopify::Column;
using shopify::FindColumn;

constexpr std::string_view kLayout =
    "a Shopify customer export has Customer ID, First Name, Last Name, Email, Accepts Email "
    "Marketing (or Accepts Marketing), Default Address City, ..., Phone, Tags";

// The export says what a customer's consent is, not since when: its records are dated at the
// epoch and say so in their source (docs/import-formats-shopify.md).
constexpr Timestamp kUndated = 0;
constexpr std::string_view kConsentSource = "shopify-customers:time-unknown";

struct CustomerColumns {
  explicit CustomerColumns(const CsvColumns& h)
      : shopify_id(FindColumn(h, {"Customer ID"})),
        first_name(FindColumn(h, {"First Name"})),
        last_name(FindColumn(h, {"Last Name"})),
        email(FindColumn(h, {"Email"})),
        accepts_email(FindColumn(h, {"Accepts Email Marketing", "Accepts Marketing"})),
        accepts_sms(FindColumn(h, {"Accepts SMS Marketing"})),
        city(FindColumn(h, {"Default Address City", "City"})),
        region(FindColumn(h, {"Default Address Province Code", "Province Code", "Province"})),
        country(FindColumn(h, {"Default Address Country Code", "Country Code", "Country"})),
        postal_code(FindColumn(h, {"Default Address Zip", "Zip"})),
        phone(FindColumn(h, {"Phone"})),
        address_phone(FindColumn(h, {"Default Address Phone"})),
        tags(FindColumn(h, {"Tags"})) {}

  Column shopify_id, first_name, last_name, email, accepts_email, accepts_sms, city, region,
      country, postal_code, phone, address_phone, tags;
};

class ShopifyCustomersImporter final : public Importer {
 public:
  Status Import(const std::string& path, ImportContext& ctx) override {
    ASSIGN_OR_RETURN(shopify::ExportReader reader, shopify::ExportReader::Open(path, ctx));
    const CustomerColumns c(reader.columns());
    RETURN_IF_ERROR(reader.Require({c.email}, kLayout));
    for (;;) {
      ASSIGN_OR_RETURN(const bool more, reader.Next());
      if (!more) return Status::Ok();
      RETURN_IF_ERROR(ImportRow(reader, c));
    }
  }

 private:
  static Status ImportRow(const shopify::ExportReader& reader, const CustomerColumns& c);
};

Status ShopifyCustomersImporter::ImportRow(const shopify::ExportReader& reader,
                                           const CustomerColumns& c) {
  shopify::RowFields f(reader);
  Customer customer;
  auto email = shopify::NormalizeEmail(f.Text(c.email));
  if (!email.ok()) f.Fail(c.email, email.status().message());
  const std::string shopify_id = f.Code(c.shopify_id);
  if (email.ok() && !email.value().empty()) {
    customer.id = shopify::CustomerIdFromEmail(email.value());
    customer.email = std::move(email).value();
  } else if (email.ok() && !shopify_id.empty()) {
    customer.id = "shopify-id:" + shopify_id;
  } else if (email.ok()) {
    f.Fail(c.email, "expected an email address or a Customer ID; both are empty");
  }
  customer.first_name = f.Text(c.first_name);
  customer.last_name = f.Text(c.last_name);
  customer.phone = f.Code(c.phone);
  if (customer.phone.empty()) customer.phone = f.Code(c.address_phone);
  customer.city = f.Text(c.city);
  customer.region = f.Text(c.region);
  customer.country = f.Text(c.country);
  customer.postal_code = f.Code(c.postal_code);
  customer.tags = shopify::NormalizeTags(f.Text(c.tags));
  customer.shopify_id = shopify_id;
  const std::optional<bool> email_marketing = f.Bool(c.accepts_email);
  const std::optional<bool> sms_marketing = f.Bool(c.accepts_sms);
  if (!f.ok()) return f.Skip();

  ImportContext& ctx = reader.ctx();
  RETURN_IF_ERROR(ctx.Put(&customer, f.line()));
  for (const auto& [purpose, granted] :
       {std::pair{"email_marketing", email_marketing}, std::pair{"sms_marketing", sms_marketing}}) {
    if (!granted) continue;
    const Consent consent{customer.id, purpose, *granted, kUndated, std::string(kConsentSource)};
    RETURN_IF_ERROR(ctx.Put(&consent, f.line()));
  }
  if (customer.email.empty()) ctx.Note("customers_without_email");
  return Status::Ok();
}

}  // namespace

std::unique_ptr<Importer> MakeShopifyCustomersImporter() {
  return std::make_unique<ShopifyCustomersImporter>();
}

}  // namespace mercato
