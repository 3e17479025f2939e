// The consent ledger as the server keeps it: loaded from the store at start, updated by every
// consent change the server accepts, so an opt-out takes effect on the next request.
#pragma once

#include <shared_mutex>
#include <string_view>

#include "privacy/consent_ledger.h"

namespace mercato::server {

class LiveConsent {
 public:
  explicit LiveConsent(privacy::ConsentLedger ledger) : ledger_(std::move(ledger)) {}

  bool Allows(std::string_view customer_id, privacy::Purpose purpose) const {
    std::shared_lock lock(mu_);
    return ledger_.Allows(customer_id, purpose);
  }
  privacy::ConsentDecision Explain(std::string_view customer_id, privacy::Purpose purpose) const {
    std::shared_lock lock(mu_);
    return ledger_.Explain(customer_id, purpose);
  }
  void Record(const Consent& consent) {
    std::unique_lock lock(mu_);
    ledger_.Record(consent);
  }
  void SetCountry(std::string_view customer_id, std::string_view country) {
    std::unique_lock lock(mu_);
    ledger_.SetCountry(customer_id, country);
  }

 private:
  mutable std::shared_mutex mu_;
  privacy::ConsentLedger ledger_;
};

}  // namespace mercato::server
