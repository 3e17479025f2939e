// Data-subject actions: export everything held about a customer, erase a customer everywhere
// (the store and every trained artifact), erase a whole shop. Each is audited without personal
// data. `mercato privacy`, the customer routes and the Shopify privacy webhooks all call these.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "domain/access_records.h"
#include "store/store.h"

namespace mercato::app {

struct ExportCustomerOptions {
  std::string customer;  // the customer id; must not be empty
  std::string actor;     // who asks, for the audit log ("cli", "key:<id>", ...)
  /// The audit record's detail (no personal data); empty: whether a customer row was found.
  std::string detail;
  Timestamp now = 0;
};

/// Reads every record held about the customer (named even when no customer row exists), hands
/// them to `deliver` and, once delivered, appends an "export" audit record. Nothing is audited
/// when reading or delivering fails.
Result<CustomerRecords> ExportCustomer(
    Store& store, const ExportCustomerOptions& options,
    const std::function<Status(const CustomerRecords&)>& deliver);

struct EraseCustomerOptions {
  std::string customer;      // the customer id; must not be empty
  std::string artifact_dir;  // trained artifacts to remove the customer from (may not exist)
  std::string actor;
  Timestamp now = 0;
};

/// What an erasure removed from the store.
struct ErasureReport {
  bool customer_found = false;  // whether a customer row existed
  size_t consents = 0, events = 0, carts = 0;
  size_t orders = 0, returns = 0;  // anonymized, kept for aggregate demand
};

/// Erases the customer everywhere: personal rows deleted and orders and returns anonymized in
/// the store with an "erasure" audit record (privacy::EraseCustomerEverywhere), the deleted bytes
/// purged from the store's files (Store::PurgeDeletedData: a file backup taken afterwards holds
/// none of them), then the customer removed from every trained artifact in `artifact_dir`
/// (serving::ForgetCustomer; a directory without artifacts is fine) and the server's kept
/// dashboard answers removed (KeptPagesDir). Call it with no transaction open. Erasing an
/// unknown customer succeeds and is audited.
Result<ErasureReport> EraseCustomer(Store& store, const EraseCustomerOptions& options);

struct EraseShopOptions {
  std::string artifact_dir;  // emptied: every trained artifact, the graph cache and kept pages too
  std::string actor;
  Timestamp now = 0;
};

/// Erases every customer of the store (each audited, as EraseCustomer does, after one
/// "shop_redact" record with the count), purges the deleted bytes from the store's files once at
/// the end (Store::PurgeDeletedData) and removes every trained artifact. Returns the ids
/// erased, so a caller holding live state can forget them too.
Result<std::vector<std::string>> EraseShop(Store& store, const EraseShopOptions& options);

}  // namespace mercato::app
