// Shopify's order export (one row per line item, order fields on an order's first row) ->
// orders, order lines, customers, email-marketing consent and order-level refunds.
#include <unordered_map>
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
    "a Shopify order export has Name, Email, Financial Status, Currency, Total, Created at, "
    "Lineitem quantity, Lineitem name, Lineitem price, Lineitem sku, ...";

struct OrderColumns {
  explicit OrderColumns(const CsvColumns& h)
      : name(FindColumn(h, {"Name"})),
        shopify_id(FindColumn(h, {"Id"})),
        email(FindColumn(h, {"Email"})),
        financial_status(FindColumn(h, {"Financial Status"})),
        accepts_marketing(FindColumn(h, {"Accepts Marketing"})),
        currency(FindColumn(h, {"Currency"})),
        shipping(FindColumn(h, {"Shipping"})),
        taxes(FindColumn(h, {"Taxes"})),
        total(FindColumn(h, {"Total"})),
        discount_code(FindColumn(h, {"Discount Code"})),
        discount_amount(FindColumn(h, {"Discount Amount"})),
        created_at(FindColumn(h, {"Created at"})),
        cancelled_at(FindColumn(h, {"Cancelled at"})),
        refunded_amount(FindColumn(h, {"Refunded Amount"})),
        source(FindColumn(h, {"Source"})),
        phone(FindColumn(h, {"Phone"})),
        billing_phone(FindColumn(h, {"Billing Phone"})),
        billing_name(FindColumn(h, {"Billing Name"})),
        billing_country(FindColumn(h, {"Billing Country"})),
        billing_province(FindColumn(h, {"Billing Province", "Billing Province Name"})),
        shipping_country(FindColumn(h, {"Shipping Country"})),
        shipping_province(FindColumn(h, {"Shipping Province", "Shipping Province Name"})),
        quantity(FindColumn(h, {"Lineitem quantity"})),
        item_name(FindColumn(h, {"Lineitem name"})),
        item_price(FindColumn(h, {"Lineitem price"})),
        item_sku(FindColumn(h, {"Lineitem sku"})),
        item_discount(FindColumn(h, {"Lineitem discount"})) {}

  Column name, shopify_id, email, financial_status, accepts_marketing, currency, shipping, taxes,
      total, discount_code, discount_amount, created_at, cancelled_at, refunded_amount, source,
      phone, billing_phone, billing_name, billing_country, billing_province, shipping_country,
      shipping_province, quantity, item_name, item_price, item_sku, item_discount;
};

// What one row says about its order (any of it may be missing on an order's later rows).
struct OrderFacts {
  Order order;
  std::optional<Timestamp> created;
  Customer customer;  // id empty for a guest
  std::optional<bool> accepts_marketing;
  std::optional<double> refunded;

  void Merge(const OrderFacts& row) {
    shopify::FillUnknown(order, row.order);
    shopify::FillUnknown(customer, row.customer);
    if (!created) created = row.created;
    if (!accepts_marketing) accepts_marketing = row.accepts_marketing;
    if (!refunded) refunded = row.refunded;
  }
};

struct PendingLine {
  OrderLine line;
  uint64_t source_line;
};

// What is kept of an order once its rows were written, in case more of its rows come later.
struct OrderState {
  int64_t rows = 0;  // rows seen, for the line numbers of rows that come later
  bool written = false;
};

// One order export being imported; orders are buffered until their Name changes.
class OrdersFile {
 public:
  explicit OrdersFile(shopify::ExportReader& reader)
      : reader_(reader), ctx_(reader.ctx()), c_(reader.columns()) {}

  Status RequireColumns() {
    RETURN_IF_ERROR(
        reader_.Require({c_.name, c_.email, c_.created_at, c_.quantity, c_.item_name}, kLayout));
    return reader_.DecideTimeReading({c_.created_at, c_.cancelled_at});
  }
  Status AddRow();
  Status Flush();

 private:
  OrderFacts ParseOrderFacts(shopify::RowFields& f) const;
  OrderLine ParseLine(shopify::RowFields& f) const;
  Status Write(OrderState& state);

  shopify::ExportReader& reader_;
  ImportContext& ctx_;
  const OrderColumns c_;
  std::string name_;  // of the order being buffered
  int64_t rows_ = 0;  // rows of it in the current run of rows
  int64_t first_line_no_ = 1;
  OrderFacts facts_;
  std::vector<PendingLine> lines_;
  std::unordered_map<std::string, OrderState> seen_;
};

Status OrdersFile::AddRow() {
  shopify::RowFields f(reader_);
  const std::string name = f.Text(c_.name);
  if (name.empty()) {
    f.Fail(c_.name, "required field is empty");
    return f.Skip();
  }
  if (name != name_) {
    RETURN_IF_ERROR(Flush());
    name_ = name;
    first_line_no_ = seen_[name].rows + 1;
  }
  // Line numbers count every row of the order, good or bad, so that they stay put when a
  // corrected file is imported again.
  const int64_t line_no = first_line_no_ + rows_++;
  OrderFacts facts = ParseOrderFacts(f);
  OrderLine line = ParseLine(f);
  if (!f.ok()) return f.Skip();
  if (line.sku.empty()) {
    line.sku = shopify::SkuFromTitle(line.title);
    ctx_.Note("lines_without_sku");
  }
  line.order_id = name;
  line.line_no = line_no;
  facts_.Merge(facts);
  lines_.push_back({std::move(line), f.line()});
  return Status::Ok();
}

OrderFacts OrdersFile::ParseOrderFacts(shopify::RowFields& f) const {
  OrderFacts r;
  auto email = shopify::NormalizeEmail(f.Text(c_.email));
  if (!email.ok()) {
    f.Fail(c_.email, email.status().message());
  } else if (!email.value().empty()) {
    r.customer.id = shopify::CustomerIdFromEmail(email.value());
    r.customer.email = std::move(email).value();
    r.order.customer_id = r.customer.id;
  }
  r.created = f.Time(c_.created_at);
  r.order.cancelled_at = f.Time(c_.cancelled_at);
  r.order.shopify_id = f.Code(c_.shopify_id);
  r.order.channel = f.Text(c_.source);
  r.order.currency = f.Text(c_.currency);
  r.order.discount_code = f.Text(c_.discount_code);
  r.order.discount_total = f.Real(c_.discount_amount);
  r.order.shipping = f.Real(c_.shipping);
  r.order.tax = f.Real(c_.taxes);
  r.order.total = f.Real(c_.total);
  r.order.financial_status = ToLower(f.Text(c_.financial_status));
  r.accepts_marketing = f.Bool(c_.accepts_marketing);
  r.refunded = f.Real(c_.refunded_amount);

  // The order goes to its shipping address, the customer lives at the billing one; each falls
  // back on the other (digital goods have no shipping address).
  const std::string ship_country = f.Text(c_.shipping_country);
  const std::string bill_country = f.Text(c_.billing_country);
  const std::string ship_region = f.Text(c_.shipping_province);
  const std::string bill_region = f.Text(c_.billing_province);
  const bool ships = !ship_country.empty();
  const bool bills = !bill_country.empty();
  r.order.country = ships ? ship_country : bill_country;
  r.order.region = ships ? ship_region : bill_region;
  if (r.customer.id.empty()) return r;
  r.customer.country = bills ? bill_country : ship_country;
  r.customer.region = bills ? bill_region : ship_region;
  r.customer.phone = f.Code(c_.phone);
  if (r.customer.phone.empty()) r.customer.phone = f.Code(c_.billing_phone);
  // Billing Name is "First Last": the first word is the first name, the rest the last name.
  const std::string billing_name = f.Text(c_.billing_name);
  const size_t space = billing_name.find(' ');
  r.customer.first_name = billing_name.substr(0, space);
  if (space != std::string::npos) {
    r.customer.last_name = Trim(std::string_view(billing_name).substr(space + 1));
  }
  return r;
}

OrderLine OrdersFile::ParseLine(shopify::RowFields& f) const {
  OrderLine line;
  line.title = f.Text(c_.item_name);
  if (line.title.empty()) f.Fail(c_.item_name, "required field is empty");
  const std::optional<int64_t> quantity = f.Int(c_.quantity);
  if (!quantity) {
    f.Fail(c_.quantity, "required field is empty");
  } else if (*quantity < 0) {
    f.Fail(c_.quantity, "expected a quantity of 0 or more, got " + std::to_string(*quantity));
  } else {
    line.quantity = *quantity;
  }
  line.sku = f.Text(c_.item_sku);
  line.unit_price = f.Real(c_.item_price);
  line.discount = f.Real(c_.item_discount);
  return line;
}

Status OrdersFile::Flush() {
  if (name_.empty()) return Status::Ok();
  OrderState& state = seen_[name_];
  state.rows += rows_;
  const Status status = Write(state);
  name_.clear();
  rows_ = 0;
  facts_ = {};
  lines_.clear();
  return status;
}

Status OrdersFile::Write(OrderState& state) {
  if (lines_.empty()) return Status::Ok();
  const std::string& customer_id = facts_.customer.id;
  if (facts_.created) {
    const Timestamp created = *facts_.created;
    if (customer_id.empty()) {
      if (!state.written) ctx_.Note("guest_orders");
    } else {
      const uint64_t line = lines_.front().source_line;
      RETURN_IF_ERROR(ctx_.Put(&facts_.customer, line));
      if (facts_.accepts_marketing) {
        const Consent consent{customer_id, "email_marketing", *facts_.accepts_marketing, created,
                              "shopify-orders"};
        RETURN_IF_ERROR(ctx_.Put(&consent, line));
      }
    }
    facts_.order.id = name_;
    facts_.order.ts = created;
    RETURN_IF_ERROR(ctx_.Put(&facts_.order, lines_.front().source_line));
    state.written = true;
  } else if (!state.written) {
    for (const PendingLine& p : lines_) {
      RETURN_IF_ERROR(ctx_.SkipRow(p.source_line, c_.created_at.name,
                                   "order '" + name_ + "' has no 'Created at' on any of its rows"));
    }
    return Status::Ok();
  }
  for (const PendingLine& p : lines_) {
    RETURN_IF_ERROR(ctx_.Put(&p.line, p.source_line));
  }
  if (facts_.created && facts_.refunded.value_or(0) > 0) {
    // The export has no refund date: a cancelled order's refund is dated at the cancellation,
    // any other at the order.
    Return refund;
    refund.id = name_ + "-refund";
    refund.order_id = name_;
    refund.customer_id = customer_id;
    refund.ts = facts_.order.cancelled_at.value_or(*facts_.created);
    refund.amount = facts_.refunded;
    refund.reason = "refund";
    RETURN_IF_ERROR(ctx_.Put(&refund, lines_.front().source_line));
  }
  return Status::Ok();
}

}  // namespace

std::unique_ptr<Importer> MakeShopifyOrdersImporter() {
  return std::make_unique<shopify::ExportImporter<OrdersFile>>();
}

}  // namespace mercato
