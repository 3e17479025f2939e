// ErasureGuard: the erased-customer rule of Store::Put, applied once around any back-end.
#pragma once

#include <memory>

#include "store/store.h"

namespace mercato {

/// A Store that forwards to a back-end and keeps erased customers from coming back (store.h,
/// Put): an entity naming an erased customer is withheld (customer, consent, event) or written
/// without the customer id (order, return, cart), an exposure of a customer-unit experiment
/// naming one is withheld, so is an outbox message to one, and each is counted in WithheldWrites.
/// The back-end remembers erasures (EraseCustomer, IsErased, AnyErased); the rule lives only here.
/// Use it from one thread at a time, like the back-end.
class ErasureGuard final : public Store {
 public:
  explicit ErasureGuard(std::unique_ptr<Store> backend) : backend_(std::move(backend)) {}

  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status Put(EntityRef entity) override;
  Result<std::vector<EventWrite>> InsertEvents(std::span<const Event> events) override;
  int64_t WithheldWrites() const override { return withheld_; }
  Status Scan(EntityKind kind, const std::function<Status(EntityRef)>& fn) override {
    return backend_->Scan(kind, fn);
  }
  Status ScanEventsOfType(std::string_view type,
                          const std::function<Status(const Event&)>& fn) override {
    return backend_->ScanEventsOfType(type, fn);
  }
  Status ScanEventsInRange(Timestamp from, Timestamp to,
                           const std::function<Status(const Event&)>& fn) override {
    return backend_->ScanEventsInRange(from, to, fn);
  }
  Result<int64_t> Count(EntityKind kind) override { return backend_->Count(kind); }
  Result<std::optional<TimeSpan>> TimeSpanOf(EntityKind kind) override {
    return backend_->TimeSpanOf(kind);
  }
  int SchemaVersion() const override { return backend_->SchemaVersion(); }
  Status PutApiKey(const ApiKeyRecord& key) override { return backend_->PutApiKey(key); }
  Result<std::vector<ApiKeyRecord>> ListApiKeys() override { return backend_->ListApiKeys(); }
  Result<bool> RevokeApiKey(std::string_view id, Timestamp ts) override {
    return backend_->RevokeApiKey(id, ts);
  }
  Status AppendAudit(const AuditRecord& record) override { return backend_->AppendAudit(record); }
  Status ScanAudit(const std::function<Status(const AuditRecord&)>& fn) override {
    return backend_->ScanAudit(fn);
  }
  Result<bool> MarkWebhookDelivered(std::string_view delivery_id, std::string_view topic,
                                    Timestamp ts) override {
    return backend_->MarkWebhookDelivered(delivery_id, topic, ts);
  }
  Status PutSetting(std::string_view key, std::string_view value) override {
    return backend_->PutSetting(key, value);
  }
  Result<std::optional<std::string>> GetSetting(std::string_view key) override {
    return backend_->GetSetting(key);
  }
  Status AppendImportRecord(const ImportRecord& record) override {
    return backend_->AppendImportRecord(record);
  }
  Result<std::vector<ImportRecord>> ListImportRecords(int limit) override {
    return backend_->ListImportRecords(limit);
  }
  Result<std::optional<Customer>> GetCustomer(std::string_view id) override {
    return backend_->GetCustomer(id);
  }
  Result<std::vector<Customer>> FindCustomersByEmail(std::string_view email) override {
    return backend_->FindCustomersByEmail(email);
  }
  Result<std::vector<Customer>> FindCustomersByShopifyId(std::string_view shopify_id) override {
    return backend_->FindCustomersByShopifyId(shopify_id);
  }
  Result<std::optional<Order>> GetOrder(std::string_view id) override {
    return backend_->GetOrder(id);
  }
  Result<std::vector<Order>> FindOrdersByShopifyId(std::string_view shopify_id) override {
    return backend_->FindOrdersByShopifyId(shopify_id);
  }
  Result<CustomerRecords> GetCustomerRecords(std::string_view id) override {
    return backend_->GetCustomerRecords(id);
  }
  Status EraseCustomer(std::string_view id) override;
  Status PutExperiment(const ExperimentRecord& experiment) override {
    return backend_->PutExperiment(experiment);
  }
  Result<std::optional<ExperimentRecord>> GetExperiment(std::string_view key) override {
    return backend_->GetExperiment(key);
  }
  Result<std::vector<ExperimentRecord>> ListExperiments() override {
    return backend_->ListExperiments();
  }
  Result<int64_t> RecordExposures(std::string_view experiment_key,
                                  std::span<const Exposure> exposures) override;
  Status ForEachExposure(std::string_view experiment_key,
                         const std::function<Status(const Exposure&)>& fn) override {
    return backend_->ForEachExposure(experiment_key, fn);
  }
  Result<int64_t> CountExposures(std::string_view experiment_key) override {
    return backend_->CountExposures(experiment_key);
  }
  Result<int64_t> AppendJourneyLog(std::span<const JourneyLogRecord> records) override;
  Status ForEachJourneyLog(const std::function<Status(const JourneyLogRecord&)>& fn) override {
    return backend_->ForEachJourneyLog(fn);
  }
  Status ForEachOrderSale(const std::function<Status(const OrderSale&)>& fn) override {
    return backend_->ForEachOrderSale(fn);
  }
  Result<int64_t> EnqueueOutbox(std::span<const OutboxMessage> messages) override;
  Result<std::vector<OutboxMessage>> ListOutbox(std::string_view journey_id, int limit) override {
    return backend_->ListOutbox(journey_id, limit);
  }
  Result<std::vector<OutboxMessage>> ClaimOutbox(Timestamp now, int64_t lease_seconds,
                                                 int limit) override {
    return backend_->ClaimOutbox(now, lease_seconds, limit);
  }
  Result<int64_t> RecordOutboxOutcomes(std::span<const OutboxOutcome> outcomes) override {
    return backend_->RecordOutboxOutcomes(outcomes);
  }
  Result<std::map<std::string, int64_t>> CountOutboxByStatus() override {
    return backend_->CountOutboxByStatus();
  }
  Result<std::vector<Consent>> GetConsents(std::string_view customer_id) override {
    return backend_->GetConsents(customer_id);
  }
  Status PurgeDeletedData() override { return backend_->PurgeDeletedData(); }
  Result<bool> IsErased(std::string_view id_hash) override { return backend_->IsErased(id_hash); }
  Result<bool> AnyErased() override { return backend_->AnyErased(); }
  Result<int64_t> DataVersion() override { return backend_->DataVersion(); }

 private:
  template <class T>
  Status PutTyped(const T& entity);
  // Whether `customer_id` (not empty) names an erased customer.
  Result<bool> NamesErased(std::string_view customer_id);

  std::unique_ptr<Store> backend_;
  int64_t withheld_ = 0;
  // A transaction sees no other connection's commits (store.h, Begin): when no customer was
  // erased at its start (and none since, on this connection), Put skips the per-row lookup. This
  // keeps large imports as fast as without the rule.
  bool none_erased_in_transaction_ = false;
};

}  // namespace mercato
