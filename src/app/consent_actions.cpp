// ChangeConsent: the store's erased-customer rule and customer row decide whether it is recorded.
#include "app/consent_actions.h"

#include "access/audit.h"

namespace mercato::app {
namespace {

// The writes of a consent change, inside the open transaction.
Status RecordConsent(Store& store, const ChangeConsentOptions& options, const Consent& consent) {
  const int64_t withheld_before = store.WithheldWrites();
  RETURN_IF_ERROR(store.Put(&consent));
  if (store.WithheldWrites() != withheld_before) {
    return FailedPrecondition("customer " + options.customer +
                              " was erased: consents of an erased customer are not recorded");
  }
  ASSIGN_OR_RETURN(const std::optional<Customer> customer, store.GetCustomer(options.customer));
  if (!customer) {
    return NotFound("customer " + options.customer +
                    " is not known: add it with POST /v1/customers (or an import) first");
  }
  return Audit(store, options.actor, "consent_change", options.customer,
               consent.purpose + (consent.granted ? " granted" : " revoked"), options.now);
}

}  // namespace

Result<Consent> ChangeConsent(Store& store, const ChangeConsentOptions& options) {
  if (options.customer.empty()) return InvalidArgument("a customer id is required");
  Consent consent;
  consent.customer_id = options.customer;
  consent.purpose = std::string(privacy::PurposeName(options.purpose));
  consent.granted = options.granted;
  consent.ts = options.now;
  consent.source = options.source;
  RETURN_IF_ERROR(store.Begin());
  const Status s = RecordConsent(store, options, consent);
  if (!s.ok()) {
    (void)store.Rollback();
    return s;
  }
  RETURN_IF_ERROR(store.Commit());
  return consent;
}

}  // namespace mercato::app
