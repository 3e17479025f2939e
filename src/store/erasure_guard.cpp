// The erased-customer rule: which entities are withheld, which are written without the customer.
#include "store/erasure_guard.h"

#include <algorithm>
#include <type_traits>

namespace mercato {
namespace {

// Entities about a person only: withheld when they name an erased customer.
template <class T>
constexpr bool kPersonal =
    std::is_same_v<T, Customer> || std::is_same_v<T, Consent> || std::is_same_v<T, Event>;
// Entities that also count for the business (demand, returns, baskets): written without the
// customer id when they name an erased customer.
template <class T>
constexpr bool kAnonymizable =
    std::is_same_v<T, Order> || std::is_same_v<T, Return> || std::is_same_v<T, Cart>;

template <class T>
const std::string& CustomerIdOf(const T& entity) {
  if constexpr (std::is_same_v<T, Customer>) {
    return entity.id;
  } else {
    return entity.customer_id;
  }
}

}  // namespace

Status ErasureGuard::Begin() {
  RETURN_IF_ERROR(backend_->Begin());
  auto any = backend_->AnyErased();
  if (!any.ok()) {
    (void)backend_->Rollback();
    return any.status();
  }
  none_erased_in_transaction_ = !*any;
  return Status::Ok();
}

Status ErasureGuard::Commit() {
  none_erased_in_transaction_ = false;
  return backend_->Commit();
}

Status ErasureGuard::Rollback() {
  none_erased_in_transaction_ = false;
  return backend_->Rollback();
}

Status ErasureGuard::EraseCustomer(std::string_view id) {
  none_erased_in_transaction_ = false;
  return backend_->EraseCustomer(id);
}

Result<bool> ErasureGuard::NamesErased(std::string_view customer_id) {
  if (none_erased_in_transaction_) return false;
  return backend_->IsErased(ErasedCustomerHash(customer_id));
}

template <class T>
Status ErasureGuard::PutTyped(const T& entity) {
  if constexpr (kPersonal<T> || kAnonymizable<T>) {
    if (!CustomerIdOf(entity).empty()) {
      ASSIGN_OR_RETURN(bool erased, NamesErased(CustomerIdOf(entity)));
      if (erased) {
        ++withheld_;
        if constexpr (kPersonal<T>) {
          return Status::Ok();
        } else {
          T anonymous = entity;
          anonymous.customer_id.clear();
          return backend_->Put(&anonymous);
        }
      }
    }
  }
  return backend_->Put(&entity);
}

Status ErasureGuard::Put(EntityRef entity) {
  return std::visit([&](const auto* e) { return PutTyped(*e); }, entity);
}

Result<std::vector<Store::EventWrite>> ErasureGuard::InsertEvents(std::span<const Event> events) {
  std::vector<EventWrite> outcomes(events.size(), EventWrite::kWritten);
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].customer_id.empty()) continue;
    ASSIGN_OR_RETURN(bool erased, NamesErased(events[i].customer_id));
    if (erased) outcomes[i] = EventWrite::kWithheld;
  }
  const auto withheld = std::count(outcomes.begin(), outcomes.end(), EventWrite::kWithheld);
  if (withheld == 0) return backend_->InsertEvents(events);
  withheld_ += withheld;
  // The back-end gets the events not withheld; its outcomes fill the other places, in order.
  std::vector<Event> kept;
  kept.reserve(events.size() - static_cast<size_t>(withheld));
  for (size_t i = 0; i < events.size(); ++i) {
    if (outcomes[i] != EventWrite::kWithheld) kept.push_back(events[i]);
  }
  ASSIGN_OR_RETURN(std::vector<EventWrite> written, backend_->InsertEvents(kept));
  auto next = written.begin();
  for (EventWrite& outcome : outcomes) {
    if (outcome != EventWrite::kWithheld) outcome = *next++;
  }
  return outcomes;
}

Result<int64_t> ErasureGuard::RecordExposures(std::string_view experiment_key,
                                              std::span<const Exposure> exposures) {
  ASSIGN_OR_RETURN(std::optional<ExperimentRecord> experiment,
                   backend_->GetExperiment(experiment_key));
  if (!experiment || experiment->unit != "customer") {
    return backend_->RecordExposures(experiment_key, exposures);
  }
  std::vector<Exposure> kept;
  kept.reserve(exposures.size());
  for (const Exposure& e : exposures) {
    ASSIGN_OR_RETURN(bool erased, NamesErased(e.unit));
    if (erased) {
      ++withheld_;
    } else {
      kept.push_back(e);
    }
  }
  return backend_->RecordExposures(experiment_key, kept);
}

Result<int64_t> ErasureGuard::EnqueueOutbox(std::span<const OutboxMessage> messages) {
  std::vector<bool> withheld(messages.size(), false);
  int64_t count = 0;
  for (size_t i = 0; i < messages.size(); ++i) {
    if (messages[i].customer_id.empty()) continue;  // CheckOutboxMessage refuses it
    ASSIGN_OR_RETURN(bool erased, NamesErased(messages[i].customer_id));
    withheld[i] = erased;
    count += erased ? 1 : 0;
  }
  if (count == 0) return backend_->EnqueueOutbox(messages);
  withheld_ += count;
  std::vector<OutboxMessage> kept;
  kept.reserve(messages.size() - static_cast<size_t>(count));
  for (size_t i = 0; i < messages.size(); ++i) {
    if (!withheld[i]) kept.push_back(messages[i]);
  }
  return backend_->EnqueueOutbox(kept);
}

Result<int64_t> ErasureGuard::AppendJourneyLog(std::span<const JourneyLogRecord> records) {
  std::vector<JourneyLogRecord> kept;
  kept.reserve(records.size());
  for (const JourneyLogRecord& r : records) {
    ASSIGN_OR_RETURN(bool erased, NamesErased(r.customer_id));
    if (erased) {
      ++withheld_;
    } else {
      kept.push_back(r);
    }
  }
  return backend_->AppendJourneyLog(kept);
}

}  // namespace mercato
