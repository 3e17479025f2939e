// Consent changes for one customer (POST /v1/customers/{id}/consents): recorded only for a
// customer the store knows and has not erased, audited in the same transaction.
#pragma once

#include <string>

#include "common/status.h"
#include "common/time.h"
#include "domain/entities.h"
#include "privacy/consent_policy.h"
#include "store/store.h"

namespace mercato::app {

struct ChangeConsentOptions {
  std::string customer;  // the customer id
  privacy::Purpose purpose = privacy::Purpose::kPersonalization;
  bool granted = false;
  std::string source = "api";  // where the change came from (checkout, preference-center, ...)
  std::string actor;           // who asks, for the audit log ("key:<id>", ...)
  Timestamp now = 0;
};

/// Records the grant or revocation with a "consent_change" audit record, in one transaction of
/// its own (call it with no transaction open), and returns the consent as stored. An erased
/// customer is FailedPrecondition (the store withholds their consents: Store::Put), a customer
/// without a customer row is NotFound (a consent must not be the only trace of someone); in both
/// cases nothing is written or audited.
Result<Consent> ChangeConsent(Store& store, const ChangeConsentOptions& options);

}  // namespace mercato::app
