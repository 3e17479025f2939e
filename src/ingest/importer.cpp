// The import run: format registry, transaction handling and row accounting.
#include "ingest/importer.h"

#include <chrono>
#include <functional>
#include <type_traits>
#include <utility>

#include "ingest/formats.h"
#include "ingest/title_line_links.h"

namespace mercato {
namespace {

using Factory = std::unique_ptr<Importer> (*)();

const std::vector<std::pair<std::string_view, Factory>>& Registry() {
  static const std::vector<std::pair<std::string_view, Factory>> registry{
      {"generic", MakeGenericImporter},
      {"shopify-orders", MakeShopifyOrdersImporter},
      {"shopify-products", MakeShopifyProductsImporter},
      {"shopify-customers", MakeShopifyCustomersImporter},
      {"shopify", MakeShopifyImporter},
      {"online-retail", MakeOnlineRetailImporter},
      {"interactions", MakeInteractionsImporter},
  };
  return registry;
}

std::string FileName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string AsciiUpper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// Records the most frequent currency of the import's orders as the store's currency (the first
// in code order among equals), warning when the orders name several. Inside the import's
// transaction: an aborted import records nothing.
Status RecordStoreCurrency(Store& store, ImportReport& report) {
  if (report.currencies.empty()) return Status::Ok();
  auto most = report.currencies.begin();
  for (auto it = report.currencies.begin(); it != report.currencies.end(); ++it) {
    if (it->second > most->second) most = it;
  }
  report.currency = most->first;
  if (report.currencies.size() > 1) {
    std::string counts;
    for (const auto& [code, n] : report.currencies) {
      counts += (counts.empty() ? "" : ", ") + code + " " + std::to_string(n);
    }
    report.warnings.push_back("orders are in several currencies (" + counts +
                              "): the store's money is shown in the most frequent, " +
                              report.currency +
                              ", and amounts in other currencies are not converted");
  }
  return store.PutSetting(Store::kCurrencySetting, report.currency);
}

}  // namespace

ImportContext::ImportContext(Store& store, ImportReport& report, const ImportOptions& options)
    : store_(store), report_(report), options_(options) {}

void ImportContext::BeginFile(const std::string& path) {
  file_ = path;
  file_rows_start_ = report_.rows_read;
  if (options_.progress)
    progress_ = std::make_unique<mercato::Progress>("import " + FileName(path));
}

void ImportContext::EndFile() {
  if (progress_) progress_->Finish(FileRows());
  progress_.reset();
}

Status ImportContext::Put(EntityRef entity, uint64_t line) { return Write(entity, line, true); }

Status ImportContext::PutAgain(EntityRef entity, uint64_t line) {
  return Write(entity, line, false);
}

Status ImportContext::Write(EntityRef entity, uint64_t line, bool count) {
  Status s = store_.Put(entity);
  if (s.ok() && count) {
    std::visit(
        [&](const auto* e) {
          using T = std::remove_cvref_t<decltype(*e)>;
          ++report_.entities[std::string(EntityTraits<T>::kName)];
          if constexpr (std::is_same_v<T, Order>) {
            if (!e->currency.empty()) ++report_.currencies[AsciiUpper(e->currency)];
          }
        },
        entity);
    return s;
  }
  if (s.code() == StatusCode::kInvalidArgument) return SkipRow(line, "", s.message());
  return s;
}

Status ImportContext::SkipRow(uint64_t line, std::string_view column, std::string message) {
  ++report_.rows_skipped;
  const std::string where =
      file_ + ":" + std::to_string(line) + (column.empty() ? "" : " [" + std::string(column) + "]");
  report_.AddError({file_, line, std::string(column), std::move(message)});
  if (options_.strict) {
    return InvalidArgument(where + ": " + report_.errors.back().message);
  }
  return Status::Ok();
}

Status ImportContext::FileError(std::string message) {
  report_.AddError({file_, 0, "", message});
  return InvalidArgument(file_ + ": " + message);
}

Status ImportContext::ReadError(uint64_t line, const Status& error, bool input_failed) {
  if (!input_failed) return SkipRow(line, "", error.message());
  return FileError(error.message() + " (while reading line " + std::to_string(line) +
                   "); a damaged input aborts the whole import");
}

void ImportContext::CountExcluded(const std::string& reason) {
  ++report_.rows_excluded;
  ++report_.details["excluded." + reason];
}

std::vector<std::string_view> ImportFormats() {
  std::vector<std::string_view> names;
  for (const auto& [name, factory] : Registry()) names.push_back(name);
  return names;
}

Result<std::unique_ptr<Importer>> MakeImporter(std::string_view format) {
  std::string known;
  for (const auto& [name, factory] : Registry()) {
    if (name == format) return factory();
    known += (known.empty() ? "" : ", ") + std::string(name);
  }
  return NotFound("unknown import format '" + std::string(format) + "'; expected one of: " + known);
}

ImportReport RunImport(Store& store, std::string_view format, const std::vector<std::string>& paths,
                       const ImportOptions& options) {
  ImportReport report;
  const auto start = std::chrono::steady_clock::now();
  auto importer = MakeImporter(format);
  if (!importer.ok()) {
    report.aborted = importer.status().message();
    return report;
  }
  const int64_t withheld_before = store.WithheldWrites();
  Status s = store.Begin();
  if (s.ok()) {
    ImportContext ctx(store, report, options);
    for (const std::string& path : paths) {
      s = importer.value()->Import(path, ctx);
      ctx.EndFile();
      if (!s.ok() && report.error_count == 0) {  // every abort leaves its reason in the errors
        report.AddError({ctx.file().empty() ? path : ctx.file(), 0, "", s.message()});
      }
      if (!s.ok()) break;
    }
    if (s.ok()) {
      s = importer.value()->Finish(ctx);
      ctx.EndFile();
      if (!s.ok() && report.error_count == 0) report.AddError({ctx.file(), 0, "", s.message()});
    }
    if (s.ok()) s = RecordStoreCurrency(store, report);
    s = s.ok() ? store.Commit() : s;
    if (!s.ok()) (void)store.Rollback();
  }
  if (s.ok()) {
    report.rows_imported = report.rows_read - report.rows_skipped - report.rows_excluded;
    // After the commit: lines without a SKU may link to products of this or an earlier import.
    if (report.entities.count("order_lines") > 0 || report.entities.count("products") > 0) {
      if (const Status checked = WarnUnlinkedTitleLines(store, report); !checked.ok()) {
        report.warnings.push_back("could not check the order lines without a SKU: " +
                                  checked.message());
      }
    }
    if (const int64_t withheld = store.WithheldWrites() - withheld_before; withheld > 0) {
      report.details["erased_customers.withheld_or_anonymized"] = withheld;
      report.warnings.push_back(
          std::to_string(withheld) +
          " records name customers erased earlier: their customers, consents and events were "
          "not written; their orders, returns and carts were written without the customer id");
    }
  } else {
    report.aborted = s.message();
    report.entities.clear();
    report.currencies.clear();
    report.currency.clear();
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace mercato
