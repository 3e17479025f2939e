// The UCI Online Retail layout (InvoiceNo, StockCode, Description, Quantity, InvoiceDate,
// UnitPrice, CustomerID, Country). Rules, documented in docs/import-formats.md:
//  - a sales invoice with at least one product line becomes an order; postage codes become its
//    shipping charge and D its discount;
//  - a 'C' invoice (cancellation) becomes returns: one per product line, linked to customer and
//    SKU, and an order-level refund for refunded postage, discounts, manual and sample lines;
//  - left out, and counted by reason: negative quantities on sales invoices (stock adjustments),
//    zero-price lines, fee codes (BANK CHARGES, AMAZONFEE, CRUK, B), gift vouchers, manual (M)
//    and samples (S) on sales invoices, 'A' (bad debt) invoices;
//  - rows without CustomerID are guest orders; customers get the Country of their rows;
//  - a record whose field count differs from the header's is a bad row; slash dates are read
//    month-first unless the file proves day-first (or --date-format says so); rows of one
//    invoice that disagree on customer, day or country are warned about and counted.
#include <cmath>
#include <unordered_map>
#include <utility>

#include "common/csv_columns.h"
#include "common/csv_reader.h"
#include "common/date_order.h"
#include "common/text.h"
#include "ingest/formats.h"

namespace mercato {
namespace {

// Larger quantities and amounts are corrupt data; the bounds keep quantities negatable and
// totals finite.
constexpr int64_t kMaxQuantity = 1'000'000'000;
constexpr double kMaxAmount = 1e15;

enum class Code { kProduct, kShipping, kDiscount, kManual, kSamples, kFee, kGiftVoucher };

Code Classify(std::string_view code) {
  if (code == "POST" || code == "DOT" || code == "C2") return Code::kShipping;
  if (code == "D") return Code::kDiscount;
  if (code == "M" || code == "m") return Code::kManual;
  if (code == "S") return Code::kSamples;
  if (code == "BANK CHARGES" || code == "AMAZONFEE" || code == "CRUK" || code == "B") {
    return Code::kFee;
  }
  if (StartsWith(code, "gift_")) return Code::kGiftVoucher;
  return Code::kProduct;
}

struct Row {
  uint64_t line;
  int64_t position;  // 1-based row position within its invoice
  std::string code, description, customer, country;
  int64_t quantity;
  double price;
  Timestamp ts;
};

// What is kept of an invoice once written, in case its rows resume later in the file, and what
// its first row said, to notice rows that disagree.
struct InvoiceState {
  int64_t rows = 0;
  double merchandise = 0, shipping = 0, discount = 0;
  bool is_order = false;
  uint64_t first_line = 0;
  std::string customer, country;
  int64_t day = 0;
  bool conflict = false;
};

struct ProductState {
  std::unordered_map<std::string, int64_t> descriptions;  // description -> sales rows using it
  double price = 0;
  Timestamp price_ts = 0, first_seen = 0;
};

struct CustomerState {
  std::string country;
  Timestamp first_seen = 0;
};

class OnlineRetailImporter final : public Importer {
 public:
  Status Import(const std::string& path, ImportContext& ctx) override;

 private:
  Status ReadHeader(CsvReader& reader, ImportContext& ctx);
  Result<DateOrder> ScanDateOrder(const std::string& path, ImportContext& ctx) const;
  Status ParseRow(const std::vector<std::string_view>& f, uint64_t line, ImportContext& ctx);
  void CheckAgreement(const Row& r, ImportContext& ctx);
  Status Flush(ImportContext& ctx);
  Status FlushSale(ImportContext& ctx, InvoiceState& state);
  Status FlushCancellation(ImportContext& ctx);
  void SeeProduct(const Row& r, bool sale);
  Status WriteCatalogAndCustomers(ImportContext& ctx);

  int c_invoice_ = -1, c_code_ = -1, c_desc_ = -1, c_qty_ = -1, c_date_ = -1, c_price_ = -1,
      c_customer_ = -1, c_country_ = -1;
  size_t width_ = 0;  // fields of the header
  DateOrder date_order_ = DateOrder::kMonthFirst;
  std::string invoice_;
  InvoiceState* current_ = nullptr;  // invoices_[invoice_]
  std::string first_conflict_;  // the first row that disagreed with its invoice, for the warning
  int64_t conflicts_ = 0;
  std::vector<Row> rows_;
  std::unordered_map<std::string, InvoiceState> invoices_;
  std::unordered_map<std::string, ProductState> products_;
  std::unordered_map<std::string, CustomerState> customers_;
};

constexpr std::string_view kLayout =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

Status OnlineRetailImporter::ReadHeader(CsvReader& reader, ImportContext& ctx) {
  auto header = reader.Next();
  if (!header.ok()) {
    return ctx.FileError("unreadable header: " + header.status().message() +
                         "; expected a header line: " + std::string(kLayout));
  }
  if (!header.value()) {
    return ctx.FileError("the file is empty; expected a header line: " + std::string(kLayout));
  }
  CsvColumns columns(reader.fields());
  if (Status duplicate = columns.RefuseDuplicates(); !duplicate.ok()) {
    return ctx.FileError(duplicate.message());
  }
  width_ = columns.names().size();
  struct Required {
    int* index;
    std::string_view name;
  };
  for (const Required& r :
       {Required{&c_invoice_, "InvoiceNo"}, Required{&c_code_, "StockCode"},
        Required{&c_desc_, "Description"}, Required{&c_qty_, "Quantity"},
        Required{&c_date_, "InvoiceDate"}, Required{&c_price_, "UnitPrice"},
        Required{&c_customer_, "CustomerID"}, Required{&c_country_, "Country"}}) {
    *r.index = columns.Find(r.name);
    if (*r.index < 0) {
      return ctx.FileError("missing required column '" + std::string(r.name) +
                           "'; the online-retail layout has " + std::string(kLayout));
    }
  }
  return Status::Ok();
}

// Slash dates are read as the whole file proves (or as the option says); the file is read twice
// only when its first row has a slash date (standard input, which cannot be read twice, is read
// as the option says). The UCI layout is documented month-first, which is kept when no row
// proves either way.
Result<DateOrder> OnlineRetailImporter::ScanDateOrder(const std::string& path,
                                                      ImportContext& ctx) const {
  if (path == "-") return ctx.date_order().value_or(DateOrder::kMonthFirst);
  DateOrderEvidence evidence;
  ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  bool header = true;
  for (;;) {
    auto next = reader->Next();
    if (!next.ok() && reader->failed()) break;  // the import's own pass reports it
    if (!next.ok()) continue;
    if (!next.value()) break;
    if (std::exchange(header, false)) continue;
    evidence.See(FieldAt(reader->fields(), c_date_), reader->line());
    if (!evidence.any()) break;
  }
  auto order = evidence.Decide(ctx.date_order(), DateOrder::kMonthFirst);
  if (!order.ok()) return ctx.FileError(order.status().message());
  if (evidence.any() && order.value() == DateOrder::kDayFirst) ctx.Note("dates.day_first");
  return order;
}

Status OnlineRetailImporter::Import(const std::string& path, ImportContext& ctx) {
  ctx.BeginFile(path);
  ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  RETURN_IF_ERROR(ReadHeader(*reader, ctx));
  ASSIGN_OR_RETURN(date_order_, ScanDateOrder(path, ctx));
  conflicts_ = 0;
  first_conflict_.clear();
  for (;;) {
    auto next = reader->Next();
    ctx.Progress(reader->InputPosition(), reader->InputSize());
    if (next.ok() && !next.value()) break;
    ctx.CountRead();
    if (!next.ok()) {
      RETURN_IF_ERROR(ctx.ReadError(reader->line(), next.status(), reader->failed()));
      continue;
    }
    if (reader->fields().size() != width_) {
      RETURN_IF_ERROR(ctx.SkipRow(reader->line(), "",
                                  "expected " + std::to_string(width_) +
                                      " fields as in the header, got " +
                                      std::to_string(reader->fields().size()) +
                                      " (a comma inside an unquoted value, e.g. a price "
                                      "written 2,55?)"));
      continue;
    }
    RETURN_IF_ERROR(ParseRow(reader->fields(), reader->line(), ctx));
  }
  RETURN_IF_ERROR(Flush(ctx));
  if (conflicts_ > 0) {
    ctx.Warn(std::to_string(conflicts_) +
             " invoices have rows that disagree with their first row on the customer, the day "
             "or the country (first: " +
             first_conflict_ + "); each order keeps its first row's values");
  }
  return WriteCatalogAndCustomers(ctx);
}

void OnlineRetailImporter::CheckAgreement(const Row& r, ImportContext& ctx) {
  InvoiceState& state = *current_;
  if (state.first_line == 0) {
    state.first_line = r.line;
    state.customer = r.customer;
    state.country = r.country;
    state.day = DayOf(r.ts);
    return;
  }
  const char* field = r.customer != state.customer ? "CustomerID"
                      : DayOf(r.ts) != state.day   ? "InvoiceDate"
                      : r.country != state.country ? "Country"
                                                   : nullptr;
  if (field == nullptr || state.conflict) return;
  state.conflict = true;
  ctx.Note("invoice_conflicts");
  if (conflicts_++ == 0) {
    first_conflict_ = "invoice " + Excerpt(invoice_) + ", line " + std::to_string(r.line) + " [" +
                      field + "] vs line " + std::to_string(state.first_line);
  }
}

Status OnlineRetailImporter::ParseRow(const std::vector<std::string_view>& f, uint64_t line,
                                      ImportContext& ctx) {
  const std::string invoice = RepairUtf8(Trim(FieldAt(f, c_invoice_)));
  Row r;
  r.line = line;
  r.code = RepairUtf8(Trim(FieldAt(f, c_code_)));
  r.description = RepairUtf8(Trim(FieldAt(f, c_desc_)));
  r.country = RepairUtf8(Trim(FieldAt(f, c_country_)));
  if (invoice.empty()) return ctx.SkipRow(line, "InvoiceNo", "required field is empty");
  if (r.code.empty()) return ctx.SkipRow(line, "StockCode", "required field is empty");
  auto qty = ParseInt(FieldAt(f, c_qty_));
  if (!qty.ok()) return ctx.SkipRow(line, "Quantity", qty.status().message());
  auto price = ParseReal(FieldAt(f, c_price_));
  if (!price.ok()) return ctx.SkipRow(line, "UnitPrice", price.status().message());
  if (qty.value() < -kMaxQuantity || qty.value() > kMaxQuantity) {
    return ctx.SkipRow(line, "Quantity", "expected a quantity within +-1e9");
  }
  if (std::abs(static_cast<double>(qty.value()) * price.value()) > kMaxAmount) {
    return ctx.SkipRow(line, "Quantity", "quantity times unit price is out of range");
  }
  // Written without an offset: in the store's time zone when the import names one, else UTC.
  const auto written = ParseWrittenTimestamp(FieldAt(f, c_date_), date_order_);
  if (!written.ok()) return ctx.SkipRow(line, "InvoiceDate", written.status().message());
  const Timestamp ts = written->has_offset || !ctx.time_zone()
                           ? written->Utc()
                           : ctx.time_zone()->ToUtc(written->clock);
  const std::string_view customer = Trim(FieldAt(f, c_customer_));
  if (!customer.empty()) {
    // Spreadsheet exports write ids as "17850.0".
    auto id = ParseInt(customer);
    r.customer = id.ok() ? std::to_string(id.value()) : RepairUtf8(customer);
  }
  r.quantity = qty.value();
  r.price = price.value();
  r.ts = ts;
  if (invoice != invoice_) {
    RETURN_IF_ERROR(Flush(ctx));
    invoice_ = invoice;
    current_ = &invoices_[invoice_];
  }
  CheckAgreement(r, ctx);
  r.position = current_->rows + static_cast<int64_t>(rows_.size()) + 1;
  rows_.push_back(std::move(r));
  return Status::Ok();
}

void OnlineRetailImporter::SeeProduct(const Row& r, bool sale) {
  ProductState& p = products_[r.code];
  if (p.first_seen == 0 || r.ts < p.first_seen) p.first_seen = r.ts;
  if (sale) {
    if (!r.description.empty()) ++p.descriptions[r.description];
    if (r.ts >= p.price_ts) p.price = r.price, p.price_ts = r.ts;
  } else if (p.descriptions.empty() && !r.description.empty()) {
    p.descriptions[r.description] = 0;  // a name at least, until a sale tells better
  }
}

Status OnlineRetailImporter::Flush(ImportContext& ctx) {
  if (rows_.empty()) return Status::Ok();
  for (const Row& r : rows_) {
    if (!r.customer.empty()) {
      CustomerState& c = customers_[r.customer];
      if (c.first_seen == 0 || r.ts < c.first_seen) c.first_seen = r.ts;
      if (!r.country.empty()) c.country = r.country;
    }
  }
  InvoiceState& state = invoices_[invoice_];
  Status s;
  if (invoice_[0] == 'A') {
    for (size_t i = 0; i < rows_.size(); ++i) ctx.CountExcluded("bad_debt_adjustment");
  } else if (invoice_[0] == 'C') {
    s = FlushCancellation(ctx);
  } else {
    s = FlushSale(ctx, state);
  }
  state.rows += static_cast<int64_t>(rows_.size());
  rows_.clear();
  return s;
}

Status OnlineRetailImporter::FlushSale(ImportContext& ctx, InvoiceState& state) {
  std::vector<const Row*> lines;
  for (const Row& r : rows_) {
    const Code code = Classify(r.code);
    if (code == Code::kProduct && r.quantity > 0 && r.price > 0) lines.push_back(&r);
    if (code == Code::kProduct) SeeProduct(r, r.quantity > 0 && r.price > 0);
  }
  const bool has_lines = state.is_order || !lines.empty();
  for (const Row& r : rows_) {
    const Code code = Classify(r.code);
    const double amount = static_cast<double>(r.quantity) * r.price;
    if (code == Code::kProduct) {
      if (r.quantity <= 0)
        ctx.CountExcluded("stock_adjustment");
      else if (r.price <= 0)
        ctx.CountExcluded("zero_price");
      else
        state.merchandise += amount;
    } else if ((code == Code::kShipping || code == Code::kDiscount) && has_lines) {
      (code == Code::kShipping ? state.shipping : state.discount) += std::abs(amount);
    } else if (code == Code::kShipping || code == Code::kDiscount) {
      ctx.CountExcluded("charge_without_products");
    } else {
      ctx.CountExcluded(code == Code::kGiftVoucher ? "gift_voucher" : "non_product." + r.code);
    }
  }
  if (!has_lines) return Status::Ok();
  const bool written_before = state.is_order;  // the invoice's rows resumed later in the file
  if (!written_before) ctx.Note("orders");
  state.is_order = true;
  const Row& first = rows_.front();
  Order order;
  order.id = invoice_;
  order.customer_id = first.customer;
  order.ts = first.ts;
  order.channel = "online";
  order.currency = "GBP";
  order.country = first.country;
  order.shipping = state.shipping;
  order.discount_total = state.discount;
  order.total = state.merchandise + state.shipping - state.discount;
  RETURN_IF_ERROR(written_before ? ctx.PutAgain(&order, first.line) : ctx.Put(&order, first.line));
  for (const Row* r : lines) {
    OrderLine line;
    line.order_id = invoice_;
    line.line_no = r->position;
    line.sku = r->code;
    line.title = r->description;
    line.quantity = r->quantity;
    line.unit_price = r->price;
    RETURN_IF_ERROR(ctx.Put(&line, r->line));
  }
  return Status::Ok();
}

Status OnlineRetailImporter::FlushCancellation(ImportContext& ctx) {
  bool any = false;
  for (const Row& r : rows_) {
    const Code code = Classify(r.code);
    if (code == Code::kFee || code == Code::kGiftVoucher) {
      ctx.CountExcluded(code == Code::kFee ? "fee_refund" : "gift_voucher");
      continue;
    }
    Return ret;
    ret.id = invoice_ + "-" + std::to_string(r.position);
    ret.customer_id = r.customer;
    ret.ts = r.ts;
    ret.quantity = std::abs(r.quantity);
    ret.amount = std::abs(static_cast<double>(r.quantity) * r.price);
    ret.reason = "cancellation";
    if (code == Code::kProduct) {
      ret.sku = r.code;
      SeeProduct(r, false);
    } else {
      ret.reason = code == Code::kShipping   ? "postage_refund"
                   : code == Code::kDiscount ? "discount"
                                             : "manual_refund";
      ctx.Note("returns.order_level");
    }
    RETURN_IF_ERROR(ctx.Put(&ret, r.line));
    any = true;
  }
  if (any && invoices_[invoice_].rows == 0) ctx.Note("return_invoices");
  return Status::Ok();
}

Status OnlineRetailImporter::WriteCatalogAndCustomers(ImportContext& ctx) {
  for (const auto& [sku, p] : products_) {
    Product product;
    product.sku = sku;
    int64_t best = -1;
    for (const auto& [description, n] : p.descriptions) {  // most used; ties: smallest text
      if (n > best || (n == best && description < product.title)) {
        best = n, product.title = description;
      }
    }
    if (p.price > 0) product.price = p.price;
    product.currency = "GBP";
    product.created_at = p.first_seen;
    RETURN_IF_ERROR(ctx.Put(&product, 0));
  }
  for (const auto& [id, c] : customers_) {
    Customer customer;
    customer.id = id;
    customer.country = c.country;
    customer.created_at = c.first_seen;
    RETURN_IF_ERROR(ctx.Put(&customer, 0));
  }
  return Status::Ok();
}

}  // namespace

std::unique_ptr<Importer> MakeOnlineRetailImporter() {
  return std::make_unique<OnlineRetailImporter>();
}

}  // namespace mercato
