// The embedded SQLite back-end of the store.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace mercato {

/// A Store on one SQLite connection; use it from one thread at a time. Its Put writes what it is
/// given: OpenStore wraps it in ErasureGuard for the erased-customer rule.
class SqliteStore final : public Store {
 public:
  /// Opens or creates the database at `path` (":memory:" for a private in-memory one) and
  /// migrates it to the current schema.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);

  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status Put(EntityRef entity) override;
  Result<std::vector<EventWrite>> InsertEvents(std::span<const Event> events) override;
  Status Scan(EntityKind kind, const std::function<Status(EntityRef)>& fn) override;
  Status ScanEventsOfType(std::string_view type,
                          const std::function<Status(const Event&)>& fn) override;
  Status ScanEventsInRange(Timestamp from, Timestamp to,
                           const std::function<Status(const Event&)>& fn) override;
  Result<int64_t> Count(EntityKind kind) override;
  Result<std::optional<TimeSpan>> TimeSpanOf(EntityKind kind) override;
  int SchemaVersion() const override { return schema_version_; }
  Status PutApiKey(const ApiKeyRecord& key) override;
  Result<std::vector<ApiKeyRecord>> ListApiKeys() override;
  Result<bool> RevokeApiKey(std::string_view id, Timestamp ts) override;
  Status AppendAudit(const AuditRecord& record) override;
  Status ScanAudit(const std::function<Status(const AuditRecord&)>& fn) override;
  Result<bool> MarkWebhookDelivered(std::string_view delivery_id, std::string_view topic,
                                    Timestamp ts) override;
  Status PutSetting(std::string_view key, std::string_view value) override;
  Result<std::optional<std::string>> GetSetting(std::string_view key) override;
  Status AppendImportRecord(const ImportRecord& record) override;
  Result<std::vector<ImportRecord>> ListImportRecords(int limit) override;
  Result<std::optional<Customer>> GetCustomer(std::string_view id) override;
  Result<std::vector<Customer>> FindCustomersByEmail(std::string_view email) override;
  Result<std::vector<Customer>> FindCustomersByShopifyId(std::string_view shopify_id) override;
  Result<std::optional<Order>> GetOrder(std::string_view id) override;
  Result<std::vector<Order>> FindOrdersByShopifyId(std::string_view shopify_id) override;
  Result<CustomerRecords> GetCustomerRecords(std::string_view id) override;
  Status EraseCustomer(std::string_view id) override;
  Status PurgeDeletedData() override;
  Result<bool> IsErased(std::string_view id_hash) override;
  Result<bool> AnyErased() override;
  Status PutExperiment(const ExperimentRecord& experiment) override;
  Result<std::optional<ExperimentRecord>> GetExperiment(std::string_view key) override;
  Result<std::vector<ExperimentRecord>> ListExperiments() override;
  Result<int64_t> RecordExposures(std::string_view experiment_key,
                                  std::span<const Exposure> exposures) override;
  Status ForEachExposure(std::string_view experiment_key,
                         const std::function<Status(const Exposure&)>& fn) override;
  Result<int64_t> CountExposures(std::string_view experiment_key) override;
  Result<int64_t> AppendJourneyLog(std::span<const JourneyLogRecord> records) override;
  Status ForEachJourneyLog(const std::function<Status(const JourneyLogRecord&)>& fn) override;
  Status ForEachOrderSale(const std::function<Status(const OrderSale&)>& fn) override;
  Result<int64_t> EnqueueOutbox(std::span<const OutboxMessage> messages) override;
  Result<std::vector<OutboxMessage>> ListOutbox(std::string_view journey_id, int limit) override;
  Result<std::vector<OutboxMessage>> ClaimOutbox(Timestamp now, int64_t lease_seconds,
                                                 int limit) override;
  Result<int64_t> RecordOutboxOutcomes(std::span<const OutboxOutcome> outcomes) override;
  Result<std::map<std::string, int64_t>> CountOutboxByStatus() override;
  Result<std::vector<Consent>> GetConsents(std::string_view customer_id) override;
  Result<int64_t> DataVersion() override;

 private:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  template <class T>
  Status Upsert(const T& entity);
  template <class T>
  Status ScanTyped(const std::function<Status(EntityRef)>& fn, std::string_view where = {},
                   std::string_view param = {});
  // Steps `stmt`, which selects ColumnList<T>(), calling `fn` with each row as a T.
  template <class T>
  Status ReadEntities(sqlite3_stmt* stmt, const std::function<Status(EntityRef)>& fn);
  // Entities of type T matching `where` (which may refer to `param` as ?1), in key order.
  template <class T>
  Result<std::vector<T>> Select(std::string_view where, std::string_view param);
  // Runs a statement whose parameter ?1 is `param`; returns the number of rows changed.
  Result<int64_t> Run(std::string_view sql, std::string_view param);
  Status EraseCustomerRows(std::string_view id);
  // GetCustomerRecords' parts kept beside the entities: exposures, journey log and outbox.
  Status ReadExposuresOf(std::string_view customer_id, std::vector<CustomerExposure>& out);
  Status ReadJourneyRecordsOf(std::string_view customer_id, CustomerRecords& out);
  // Runs `body` all-or-nothing: in a savepoint named `savepoint` inside the caller's
  // transaction, in a transaction of its own outside one.
  Status AllOrNothing(std::string_view savepoint, const std::function<Status()>& body);
  // Experiments whose key matches `where` (which may refer to `param` as ?1), in key order.
  Result<std::vector<ExperimentRecord>> SelectExperiments(std::string_view where,
                                                          std::string_view param);
  // The integer a query answers with its parameter ?1 bound to `key`.
  Result<int64_t> CountWithKey(std::string_view sql, std::string_view key);
  Status InsertExposures(std::string_view experiment_key, std::span<const Exposure> exposures,
                         int64_t& written);
  Status InsertOutbox(std::span<const OutboxMessage> messages, int64_t& written);
  Status ClaimOutboxRows(Timestamp now, int64_t lease_seconds, int limit,
                         std::vector<OutboxMessage>& claimed);
  Status UpdateOutboxRows(std::span<const OutboxOutcome> outcomes, int64_t& changed);
  // Runs `body` in a transaction of its own: FailedPrecondition when the caller has one open.
  Status InOwnTransaction(std::string_view what, const std::function<Status()>& body);

  std::unique_ptr<SqliteDb> db_;
  std::array<SqliteStmt, kEntityKindCount> upserts_;
  SqliteStmt insert_event_;
  SqliteStmt erased_lookup_;
  int schema_version_ = 0;
};

}  // namespace mercato
