// Export and erasure of customers across the store and the trained artifacts, audited.
#include "app/privacy_actions.h"

#include <unistd.h>

#include <filesystem>

#include "access/audit.h"
#include "artifact/artifact.h"
#include "privacy/customer_records.h"
#include "recommend_serving/artifact_erasure.h"

namespace mercato::app {
namespace {

// Purges what a committed erasure deleted from the store's files (Store::PurgeDeletedData); a
// failure says that the erasure itself stands and how to complete the purge.
Status PurgeErasedData(Store& store) {
  Status s = store.PurgeDeletedData();
  if (s.ok()) return s;
  return Status(s.code(),
                "erased, but the deleted data is not yet purged from the store's files (" +
                    s.message() + "); erase again to complete the purge");
}

// Removes the server's kept dashboard answers (artifact/artifact.h KeptPagesDir): they may name
// the customer, and a server started later would show them once before revalidating. A running
// server may be writing one meanwhile (a file appearing while the folder is removed): the folder
// is renamed away first, so that its name is free at once, and its removal tried again.
Status ForgetKeptPages(const std::string& artifact_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string dir = KeptPagesDir(artifact_dir);
  const std::string doomed = dir + ".erased." + std::to_string(::getpid());
  fs::rename(dir, doomed, ec);
  if (ec == std::errc::no_such_file_or_directory) return Status::Ok();
  const std::string& removed = ec ? dir : doomed;
  for (int attempt = 0; attempt < 20; ++attempt) {
    fs::remove_all(removed, ec);
    if (!ec) return Status::Ok();
    if (ec != std::errc::directory_not_empty) break;
  }
  return IoError("erased, but cannot remove " + removed + " (" + ec.message() + "): remove it");
}

}  // namespace

Result<CustomerRecords> ExportCustomer(
    Store& store, const ExportCustomerOptions& options,
    const std::function<Status(const CustomerRecords&)>& deliver) {
  if (options.customer.empty()) return InvalidArgument("--customer must not be empty");
  ASSIGN_OR_RETURN(CustomerRecords records, store.GetCustomerRecords(options.customer));
  records.customer.id = options.customer;  // named even when no customer row exists
  RETURN_IF_ERROR(deliver(records));
  const std::string detail = !options.detail.empty() ? options.detail
                             : records.found         ? "customer found"
                                                     : "no customer row";
  RETURN_IF_ERROR(Audit(store, options.actor, "export", options.customer, detail, options.now));
  return records;
}

Result<ErasureReport> EraseCustomer(Store& store, const EraseCustomerOptions& options) {
  ASSIGN_OR_RETURN(const CustomerRecords before, store.GetCustomerRecords(options.customer));
  RETURN_IF_ERROR(
      privacy::EraseCustomerEverywhere(store, options.customer, options.actor, options.now));
  RETURN_IF_ERROR(PurgeErasedData(store));
  RETURN_IF_ERROR(serving::ForgetCustomer(options.artifact_dir, options.customer));
  RETURN_IF_ERROR(ForgetKeptPages(options.artifact_dir));
  ErasureReport report;
  report.customer_found = before.found;
  report.consents = before.consents.size();
  report.events = before.events.size();
  report.carts = before.carts.size();
  report.orders = before.orders.size();
  report.returns = before.returns.size();
  return report;
}

Result<std::vector<std::string>> EraseShop(Store& store, const EraseShopOptions& options) {
  std::vector<std::string> ids;
  RETURN_IF_ERROR(ScanAll<Customer>(store, [&](const Customer& c) {
    ids.push_back(c.id);
    return Status::Ok();
  }));
  RETURN_IF_ERROR(Audit(store, options.actor, "shop_redact", "",
                        std::to_string(ids.size()) + " customers to erase", options.now));
  for (const std::string& id : ids) {
    RETURN_IF_ERROR(privacy::EraseCustomerEverywhere(store, id, options.actor, options.now));
  }
  RETURN_IF_ERROR(PurgeErasedData(store));
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(options.artifact_dir, ec)) {
    std::filesystem::remove_all(entry.path(), ec);  // the graph cache and kept pages too
  }
  return ids;
}

}  // namespace mercato::app
