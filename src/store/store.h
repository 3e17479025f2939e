// The store interface: persistence of the domain model behind one API, whatever the back-end.
// SQLite (embedded) is the default; every back-end passes store_conformance_test.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/access_records.h"
#include "domain/entity_schema.h"

namespace mercato {

/// What `mercato stats` shows.
struct StoreSummary {
  std::vector<std::pair<std::string, int64_t>> counts;  // entity name -> rows, dependency order
  std::optional<Timestamp> first_order, last_order;
  std::optional<Timestamp> first_event, last_event;
  /// Top-level categories by units sold (by product count when nothing was sold).
  std::vector<std::pair<std::string, int64_t>> top_categories;
};

class Store {
 public:
  virtual ~Store() = default;

  /// Transactions: writes between Begin and Commit land together or not at all.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  /// Inserts the entity, or updates the one with the same key (idempotent). Fields that are
  /// unknown in `entity` (empty, unset) keep their stored value.
  /// A child whose parent is missing (an order line without its order, a cart item without its
  /// cart) is an InvalidArgument error and writes nothing.
  /// An entity naming an erased customer (EraseCustomer) does not bring them back: a customer,
  /// consent or event is withheld (nothing written); an order, return or cart is written without
  /// the customer id. Each such entity counts in WithheldWrites.
  virtual Status Put(EntityRef entity) = 0;
  /// Entities naming an erased customer that Put withheld or wrote without the customer id, on
  /// this connection since it was opened.
  virtual int64_t WithheldWrites() const = 0;

  /// Calls `fn` for each stored entity of `kind`, in key order; stops at the first error.
  virtual Status Scan(EntityKind kind, const std::function<Status(EntityRef)>& fn) = 0;

  /// Calls `fn` for each event of the given type, in key order.
  virtual Status ScanEventsOfType(std::string_view type,
                                  const std::function<Status(const Event&)>& fn) = 0;

  virtual Result<int64_t> Count(EntityKind kind) = 0;
  virtual Result<StoreSummary> Summarize(int top_categories) = 0;

  /// Version of the schema the store is at.
  virtual int SchemaVersion() const = 0;

  // --- API keys, audit log, webhook deliveries -------------------------------------------------

  /// Inserts the key, or replaces the one with the same id.
  virtual Status PutApiKey(const ApiKeyRecord& key) = 0;
  /// Every key, revoked ones included, in id order.
  virtual Result<std::vector<ApiKeyRecord>> ListApiKeys() = 0;
  /// Marks the key revoked at `ts` (a key revoked earlier keeps its first revocation time);
  /// false when no key has that id.
  virtual Result<bool> RevokeApiKey(std::string_view id, Timestamp ts) = 0;

  /// Appends to the audit log; the store assigns `seq` (the record's own seq is ignored).
  virtual Status AppendAudit(const AuditRecord& record) = 0;
  /// Calls `fn` for each audit record in seq order; stops at the first error.
  virtual Status ScanAudit(const std::function<Status(const AuditRecord&)>& fn) = 0;

  /// How long a webhook delivery id is remembered. Shopify retries a failed delivery for at most
  /// 48 hours, so a duplicate older than this cannot come; older ids are forgotten so the table
  /// stays bounded.
  static constexpr int64_t kWebhookDeliveryMemorySeconds = 30 * 24 * 3600;

  /// Records that the webhook delivery `delivery_id` was received; false when it was already
  /// recorded (a duplicate delivery). Atomic: of concurrent callers, exactly one gets true.
  /// Recording a new delivery forgets those received more than kWebhookDeliveryMemorySeconds
  /// before `ts`.
  virtual Result<bool> MarkWebhookDelivered(std::string_view delivery_id, std::string_view topic,
                                            Timestamp ts) = 0;

  // --- One customer's data (data-subject requests) ----------------------------------------------

  virtual Result<std::optional<Customer>> GetCustomer(std::string_view id) = 0;
  /// The customer row (when any) and every record that refers to the customer: consents, orders
  /// and their lines, returns, events, carts and their items.
  virtual Result<CustomerRecords> GetCustomerRecords(std::string_view id) = 0;
  /// Erases the customer in one transaction (nested in the caller's when one is open): the
  /// customer row, consents, events, carts and cart items are deleted; orders and returns are
  /// kept for aggregate demand with their customer_id cleared; a hash of the id is kept so that
  /// later writes naming the customer are withheld (Put). Erasing an unknown or already erased
  /// customer succeeds and changes nothing else.
  virtual Status EraseCustomer(std::string_view id) = 0;

  /// A number that changes whenever another connection (another process, e.g. `mercato keys
  /// revoke`) commits to the store; compare successive values to notice outside changes.
  virtual Result<int64_t> DataVersion() = 0;
};

/// Typed Scan: calls fn(const T&) for each stored T in key order.
template <class T>
Status ScanAll(Store& store, const std::function<Status(const T&)>& fn) {
  return store.Scan(EntityTraits<T>::kKind,
                    [&](EntityRef ref) { return fn(*std::get<const T*>(ref)); });
}

/// Opens (creating when absent) the store at `location`: a SQLite file path, or ":memory:".
/// An older schema is migrated; a newer one is refused with a message saying so.
Result<std::unique_ptr<Store>> OpenStore(const std::string& location);

}  // namespace mercato
