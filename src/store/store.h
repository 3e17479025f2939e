// The store interface: persistence of the domain model behind one API, whatever the back-end.
// Back-ends implement it (SQLite, embedded, in store/sqlite); OpenStore (store/open_store.h) picks
// one by location and wraps it in ErasureGuard. Every back-end passes the conformance suite
// (store/store_conformance.h).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/text.h"
#include "domain/access_records.h"
#include "domain/entity_schema.h"
#include "domain/experiment_records.h"
#include "domain/import_record.h"
#include "domain/journey_records.h"
#include "domain/outbox_records.h"

namespace mercato {

/// First and last time of a kind of entity.
struct TimeSpan {
  Timestamp first = 0, last = 0;
};

/// One order line as Store::ForEachOrderSale gives it.
struct OrderSaleLine {
  std::string_view sku;  // as stored: a "title:<slug>" SKU is not linked to its product here
  int64_t quantity = 0;
  std::optional<double> unit_price;
};

/// What attribution of orders to experiment exposures (app/experiment_data.h) reads of an order:
/// Store::ForEachOrderSale gives it. The views are valid only during the callback.
struct OrderSale {
  std::string_view id;
  std::string_view customer_id;  // empty for a guest order (and an erased customer's)
  Timestamp ts = 0;
  std::optional<double> discount_total;
  std::span<const OrderSaleLine> lines;  // in line_no order; empty for an order without lines
};

/// What a store keeps of an erased customer: only this hash of the id (as in the audit log).
inline std::string ErasedCustomerHash(std::string_view customer_id) {
  return Sha256Hex(customer_id);
}

class Store {
 public:
  virtual ~Store() = default;

  /// Transactions: writes between Begin and Commit land together or not at all. Until it ends, a
  /// transaction reads the store as it was at Begin plus its own writes: another connection's
  /// commit is not seen in between (ErasureGuard relies on this).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  /// Inserts the entity, or updates the one with the same key (idempotent). Fields that are
  /// unknown in `entity` (empty, unset) keep their stored value.
  /// A child whose parent is missing (an order line without its order, a cart item without its
  /// cart) is an InvalidArgument error and writes nothing.
  /// An entity naming an erased customer (EraseCustomer) does not bring them back: a customer,
  /// consent or event is withheld (nothing written); an order, return or cart is written without
  /// the customer id. Each such entity counts in WithheldWrites. ErasureGuard applies this rule
  /// around any back-end (OpenStore's stores have it); a back-end's own Put writes what it gets.
  virtual Status Put(EntityRef entity) = 0;
  /// Entities naming an erased customer that Put withheld or wrote without the customer id, on
  /// this connection since it was opened. A back-end withholds nothing (0); ErasureGuard counts.
  virtual int64_t WithheldWrites() const { return 0; }

  /// What InsertEvents did with one event.
  enum class EventWrite { kWritten, kDuplicate, kWithheld };
  /// Insert-only writing of events that come from outside (the API's clients), which must never
  /// replace a stored row: each event whose id is not stored yet is inserted, in order; an event
  /// whose id is already stored (or appears earlier in `events`) is a kDuplicate and changes
  /// nothing, so a re-sent batch is idempotent. An event naming an erased customer is kWithheld
  /// and not written (the rule of Put, applied by ErasureGuard; a back-end never answers
  /// kWithheld). Returns one outcome per event, in order. Like Put, it joins the caller's
  /// transaction; outside one, each event is its own.
  virtual Result<std::vector<EventWrite>> InsertEvents(std::span<const Event> events) = 0;

  /// Calls `fn` for each stored entity of `kind`, in key order; stops at the first error.
  virtual Status Scan(EntityKind kind, const std::function<Status(EntityRef)>& fn) = 0;

  /// Calls `fn` for each event of the given type, in key order.
  virtual Status ScanEventsOfType(std::string_view type,
                                  const std::function<Status(const Event&)>& fn) = 0;
  /// Calls `fn` for each event whose ts is in [from, to), in ts order (events of one ts in id
  /// order); stops at the first error. Reads only that window, not the whole history, so its cost
  /// follows the events in the window (a dashboard's recent weeks of a years-long store). The
  /// Event passed is valid only during the call. Nothing is called when `to` <= `from`.
  virtual Status ScanEventsInRange(Timestamp from, Timestamp to,
                                   const std::function<Status(const Event&)>& fn) = 0;

  /// Number of stored entities of `kind`.
  virtual Result<int64_t> Count(EntityKind kind) = 0;
  /// Smallest and largest `ts` of the stored entities of `kind` (nullopt when there are none);
  /// InvalidArgument for a kind without a `ts` field.
  virtual Result<std::optional<TimeSpan>> TimeSpanOf(EntityKind kind) = 0;

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

  // --- Store-level settings and the import history -----------------------------------------------

  /// Setting keys the store's data implies. kCurrencySetting: the ISO 4217 code of the store's
  /// money (the most frequent currency of its imported orders).
  static constexpr std::string_view kCurrencySetting = "currency";

  /// Sets the store-level setting `key` to `value`, replacing an earlier value. Like Put, it joins
  /// the caller's transaction (a rolled-back import sets nothing).
  virtual Status PutSetting(std::string_view key, std::string_view value) = 0;
  /// The value of the setting `key`; nullopt when it was never set.
  virtual Result<std::optional<std::string>> GetSetting(std::string_view key) = 0;

  /// Appends one import's record; the store assigns `seq` (the record's own seq is ignored) and
  /// keeps every other field as given. Like Put, it joins the caller's transaction.
  virtual Status AppendImportRecord(const ImportRecord& record) = 0;
  /// The last `limit` import records, newest (highest seq) first; every record when `limit` <= 0.
  virtual Result<std::vector<ImportRecord>> ListImportRecords(int limit) = 0;

  // --- One customer's data (data-subject requests) ----------------------------------------------

  virtual Result<std::optional<Customer>> GetCustomer(std::string_view id) = 0;

  // --- Finding customers and orders by what users call them (app/identity.h) ---------------------

  /// The customers whose email equals `email` ignoring ASCII case (no other normalization:
  /// callers trim), in id order; empty when none. An empty `email` finds nobody.
  virtual Result<std::vector<Customer>> FindCustomersByEmail(std::string_view email) = 0;
  /// The customers whose shopify_id is exactly `shopify_id`, in id order; empty when none or
  /// when `shopify_id` is empty.
  virtual Result<std::vector<Customer>> FindCustomersByShopifyId(std::string_view shopify_id) = 0;
  /// The order with this id (Shopify orders' ids are their names, e.g. "#1001"); nullopt when none.
  virtual Result<std::optional<Order>> GetOrder(std::string_view id) = 0;
  /// The orders whose shopify_id is exactly `shopify_id`, in id order; empty when none or when
  /// `shopify_id` is empty.
  virtual Result<std::vector<Order>> FindOrdersByShopifyId(std::string_view shopify_id) = 0;
  /// The customer row (when any) and every record that refers to the customer: consents, orders
  /// and their lines, returns, events, carts and their items, experiment exposures (as the
  /// customer or through a session of their events or carts), journey log rows and outbox
  /// messages: what EraseCustomer deletes or anonymizes.
  virtual Result<CustomerRecords> GetCustomerRecords(std::string_view id) = 0;
  /// Erases the customer in one transaction (nested in the caller's when one is open): the
  /// customer row, consents, events, carts, cart items and journey log rows are deleted, and their
  /// exposures to experiments (those of customer-unit experiments whose unit is the id, those of
  /// session-unit experiments whose unit is one of the customer's sessions) and their outbox
  /// messages, whatever their status; orders and returns are kept for aggregate demand with their
  /// customer_id cleared; ErasedCustomerHash(id) is remembered (IsErased) so that later writes
  /// naming the customer are withheld (Put). Erasing an unknown or already erased customer
  /// succeeds and changes nothing else.
  virtual Status EraseCustomer(std::string_view id) = 0;
  /// Makes what committed transactions deleted unrecoverable from the store's files: the bytes of
  /// deleted rows are overwritten and no journal or log keeps an older copy of them, so a plain
  /// copy of the files taken afterwards holds none of an erased customer's data. EraseCustomer
  /// alone does not promise this (the bytes may linger until the back-end reuses the space);
  /// every erasure calls this once its transaction has committed. FailedPrecondition inside a
  /// transaction; IoError when the files could not be purged now (e.g. a long reader on another
  /// connection still needs the old copies): what was deleted stays deleted, and a later call
  /// (erasing the customer again) completes the purge.
  virtual Status PurgeDeletedData() = 0;
  /// Whether the customer whose ErasedCustomerHash is `id_hash` was erased (by any connection).
  virtual Result<bool> IsErased(std::string_view id_hash) = 0;
  /// Whether any customer was ever erased in this store (by any connection).
  virtual Result<bool> AnyErased() = 0;

  // --- Experiments (issue 17: src/experiment, app/experiment_actions.h) ------------------------

  /// Inserts the experiment, or replaces the unit, definition and updated_at of the one with the
  /// same key (its created_at stays the first one's). Like Put, it joins the caller's
  /// transaction.
  virtual Status PutExperiment(const ExperimentRecord& experiment) = 0;
  /// The experiment with this key; nullopt when none.
  virtual Result<std::optional<ExperimentRecord>> GetExperiment(std::string_view key) = 0;
  /// Every experiment, in key order.
  virtual Result<std::vector<ExperimentRecord>> ListExperiments() = 0;
  /// Records units' first exposures to the experiment `experiment_key`, insert-or-ignore: a unit
  /// already exposed (stored, or earlier in `exposures`) keeps its first exposure, so the first
  /// variant and time stick and a re-sent batch changes nothing. Returns how many were written.
  /// NotFound (nothing written) when no experiment has that key. An exposure of a customer-unit
  /// experiment naming an erased customer is withheld (the rule of Put, applied by ErasureGuard
  /// and counted in WithheldWrites). The batch lands whole or not at all; it joins the caller's
  /// transaction when one is open.
  virtual Result<int64_t> RecordExposures(std::string_view experiment_key,
                                          std::span<const Exposure> exposures) = 0;
  /// Calls `fn` for each exposure of the experiment, in unit order; stops at the first error. The
  /// Exposure passed is valid only during the call. Streams: memory does not grow with the number
  /// of exposures. An unknown key has no exposures.
  virtual Status ForEachExposure(std::string_view experiment_key,
                                 const std::function<Status(const Exposure&)>& fn) = 0;
  /// Number of exposures of the experiment (0 for an unknown key).
  virtual Result<int64_t> CountExposures(std::string_view experiment_key) = 0;

  // --- The outbox (issue 18: journeys write messages, the deliverer sends them) ----------------

  /// Adds the messages to the outbox as pending, insert-or-ignore by id (a message whose id is
  /// stored already, or earlier in `messages`, changes nothing: re-running a decision does not
  /// send twice). Joins the caller's transaction when one is open. Returns how many were added.
  /// Each is stored with status "pending", no attempts, next_attempt_at = send_after, no
  /// delivered_at and no last_error, whatever the caller put in those fields. A message failing
  /// CheckOutboxMessage is InvalidArgument and nothing of the batch is written. A message naming
  /// an erased customer is withheld (the rule of Put, applied by ErasureGuard and counted in
  /// WithheldWrites).
  virtual Result<int64_t> EnqueueOutbox(std::span<const OutboxMessage> messages) = 0;
  /// The messages of the journey `journey_id`, newest first (created_at descending, then id
  /// ascending), at most `limit` of them (every one when `limit` <= 0), with their delivery state.
  virtual Result<std::vector<OutboxMessage>> ListOutbox(std::string_view journey_id, int limit) = 0;
  /// Claims up to `limit` due messages for delivery: pending ones whose next_attempt_at is at or
  /// before `now`, earliest first (then by id). Claiming counts an attempt (attempts + 1) and
  /// moves next_attempt_at to now + lease_seconds, so no other deliverer claims them meanwhile
  /// (atomic across connections), and a deliverer that dies holding them leaves them to be claimed
  /// again once the lease has run out. Returns the claimed messages with their new state, in
  /// claim order. Runs in a transaction of its own: FailedPrecondition inside the caller's.
  virtual Result<std::vector<OutboxMessage>> ClaimOutbox(Timestamp now, int64_t lease_seconds,
                                                         int limit) = 0;
  /// Records outcomes of claimed messages, all in one transaction of its own (FailedPrecondition
  /// inside the caller's): kOutboxDelivered sets delivered_at = at and clears last_error;
  /// kOutboxPending sets next_attempt_at and last_error (tried again later); kOutboxDead and
  /// kOutboxSuppressed set last_error. Only a pending message changes: a final status is never
  /// overwritten, so a deliverer whose lease ran out cannot undo another's delivery. An outcome
  /// with another status is InvalidArgument and nothing is written. Returns how many messages
  /// changed (an unknown id changes nothing).
  virtual Result<int64_t> RecordOutboxOutcomes(std::span<const OutboxOutcome> outcomes) = 0;
  /// The number of messages of each status that has any, by status name.
  virtual Result<std::map<std::string, int64_t>> CountOutboxByStatus() = 0;
  /// The customer's consent records (the consent ledger's input for one customer), in key order.
  virtual Result<std::vector<Consent>> GetConsents(std::string_view customer_id) = 0;

  // --- Journeys (issue 18: src/engage/journey_evaluation.h, app/journey_actions.h) -----------

  /// Appends rows to the journey log, insert-or-ignore by (journey_id, customer_id, entry_id,
  /// step): a row whose key is stored already (or earlier in `records`) changes nothing, so a
  /// re-run decision writes nothing twice. Returns how many were written. A row naming an erased
  /// customer is withheld (the rule of Put, applied by ErasureGuard and counted in
  /// WithheldWrites). The batch lands whole or not at all; it joins the caller's transaction when
  /// one is open.
  virtual Result<int64_t> AppendJourneyLog(std::span<const JourneyLogRecord> records) = 0;
  /// Calls `fn` for each row of the journey log in key order (journey, customer, entry, step);
  /// stops at the first error. The row passed is valid only during the call. Streams: memory
  /// does not grow with the log.
  virtual Status ForEachJourneyLog(const std::function<Status(const JourneyLogRecord&)>& fn) = 0;

  // --- Attribution of orders (app/experiment_data.h) --------------------------------------------

  /// Calls `fn` for each order that is not cancelled (no cancelled_at), in id order, with its
  /// lines in line_no order: only the fields attribution needs, without materialising entities.
  /// The OrderSale passed (its views and lines) is valid only during the call. Streams: memory
  /// grows with one order's lines, not with the number of orders. Stops at the first error.
  virtual Status ForEachOrderSale(const std::function<Status(const OrderSale&)>& fn) = 0;

  /// A number that changes whenever another connection (another process, e.g. `mercato keys
  /// revoke`) commits to the store, and stays the same while nothing commits: compare successive
  /// values to notice outside changes. It may also change at other times (after this
  /// connection's own commits, say), which costs a caller only a needless reload. Only equality
  /// of two values from one connection means anything; the values themselves do not.
  virtual Result<int64_t> DataVersion() = 0;
};

/// Typed Scan: calls fn(const T&) for each stored T in key order.
template <class T>
Status ScanAll(Store& store, const std::function<Status(const T&)>& fn) {
  return store.Scan(EntityTraits<T>::kKind,
                    [&](EntityRef ref) { return fn(*std::get<const T*>(ref)); });
}

}  // namespace mercato
