// PutBatch: value checks, then writes that report what the erased-customer rule did.
#include "app/upsert_actions.h"

#include <type_traits>

#include "domain/entity_checks.h"

namespace mercato::app {
namespace {

template <class T>
Status CheckAll(const std::vector<T>& entities) {
  for (size_t i = 0; i < entities.size(); ++i) {
    if (const auto problem = CheckValues(entities[i])) {
      return InvalidArgument(std::string(EntityTraits<T>::kName) + "[" + std::to_string(i) + "]." +
                             std::string(problem->field) + ": " + problem->message);
    }
  }
  return Status::Ok();
}

// The key that names an entity in the report.
template <class T>
std::string ReportKey(const T& entity) {
  if constexpr (std::is_same_v<T, Consent>) {
    return entity.customer_id + "/" + entity.purpose;
  } else {
    return entity.id;
  }
}

// Writes each entity; those the store's rule applied to (WithheldWrites grew) are reported as
// withheld when the store kept nothing of them (customers, consents: store.h, Put) or as
// anonymized otherwise, and kept in `stored` as written.
template <class T>
Status PutAll(Store& store, const std::vector<T>& entities, std::vector<T>& stored,
              UpsertReport& report) {
  constexpr bool kWithheldWhole = std::is_same_v<T, Customer> || std::is_same_v<T, Consent>;
  constexpr bool kNamesCustomer = kWithheldWhole || std::is_same_v<T, Order> ||
                                  std::is_same_v<T, Return> || std::is_same_v<T, Cart>;
  stored.reserve(entities.size());
  for (const T& entity : entities) {
    const int64_t before = store.WithheldWrites();
    RETURN_IF_ERROR(store.Put(&entity));
    if constexpr (kNamesCustomer) {
      if (store.WithheldWrites() != before) {
        if constexpr (kWithheldWhole) {
          report.withheld.push_back(ReportKey(entity));
        } else {
          report.anonymized.push_back(ReportKey(entity));
          stored.push_back(entity);
          stored.back().customer_id.clear();
        }
        continue;
      }
    }
    stored.push_back(entity);
  }
  return Status::Ok();
}

}  // namespace

Result<UpsertReport> PutBatch(Store& store, const UpsertBatch& batch) {
  RETURN_IF_ERROR(CheckAll(batch.products));
  RETURN_IF_ERROR(CheckAll(batch.customers));
  RETURN_IF_ERROR(CheckAll(batch.consents));
  RETURN_IF_ERROR(CheckAll(batch.orders));
  RETURN_IF_ERROR(CheckAll(batch.order_lines));
  RETURN_IF_ERROR(CheckAll(batch.returns));
  RETURN_IF_ERROR(CheckAll(batch.carts));
  RETURN_IF_ERROR(CheckAll(batch.cart_items));
  UpsertReport report;
  UpsertBatch& s = report.stored;
  RETURN_IF_ERROR(PutAll(store, batch.products, s.products, report));
  RETURN_IF_ERROR(PutAll(store, batch.customers, s.customers, report));
  RETURN_IF_ERROR(PutAll(store, batch.consents, s.consents, report));
  RETURN_IF_ERROR(PutAll(store, batch.orders, s.orders, report));
  RETURN_IF_ERROR(PutAll(store, batch.order_lines, s.order_lines, report));
  RETURN_IF_ERROR(PutAll(store, batch.returns, s.returns, report));
  RETURN_IF_ERROR(PutAll(store, batch.carts, s.carts, report));
  RETURN_IF_ERROR(PutAll(store, batch.cart_items, s.cart_items, report));
  return report;
}

}  // namespace mercato::app
