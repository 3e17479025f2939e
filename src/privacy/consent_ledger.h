// The consent ledger: each customer's current choice per purpose, resolved from the consent
// records in the store and the region-aware defaults of a ConsentPolicy.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "common/time.h"
#include "domain/entities.h"
#include "privacy/consent_policy.h"
#include "store/store.h"

namespace mercato::privacy {

/// Why a purpose is allowed or not, for audits and explanations.
struct ConsentDecision {
  bool allowed = false;
  /// "granted", "revoked" (a record decided it) or "default opt-in" / "default opt-out".
  std::string basis;
  std::string jurisdiction;
  /// The deciding record's time and source when a record decided it.
  std::optional<Timestamp> ts;
  std::string source;
};

class ConsentLedger {
 public:
  explicit ConsentLedger(ConsentPolicy policy = DefaultConsentPolicy());

  /// Whether the customer allows `purpose` now. An unknown customer has no records and no known
  /// country, so the policy's unknown-country defaults apply.
  bool Allows(std::string_view customer_id, Purpose purpose) const;
  ConsentDecision Explain(std::string_view customer_id, Purpose purpose) const;

  /// Records where the customer lives (any country spelling NormalizeCountry knows).
  void SetCountry(std::string_view customer_id, std::string_view country);
  /// Applies one consent record. Records with an unknown purpose are ignored.
  /// Resolution: the latest dated record wins, and a revocation wins a tie. Undated records
  /// (ts 0: exports that carry no consent date, such as Shopify's customer export) describe
  /// the state at export time: an undated revocation overrides every grant, an undated grant
  /// applies only when no dated record exists.
  void Record(const Consent& consent);

  size_t customers() const { return customers_.size(); }

 private:
  struct Choice {
    bool known = false;
    bool granted = false;
    Timestamp ts = 0;
    std::string source;
  };
  struct CustomerConsent {
    std::string country;
    std::array<Choice, kPurposeCount> dated{};
    std::array<Choice, kPurposeCount> undated{};
    // The policy's default per purpose for `country`, resolved when the country is set, so
    // Allows (asked per request) compares instead of normalising country names.
    std::array<Default, kPurposeCount> defaults{};
  };
  // The customer's entry, created with the unknown-country defaults when absent.
  CustomerConsent& Entry(std::string_view customer_id);

  ConsentPolicy policy_;
  std::unordered_map<std::string, CustomerConsent> customers_;
};

/// Loads every customer's country and every consent record from the store.
Result<ConsentLedger> LoadConsentLedger(Store& store,
                                        const ConsentPolicy& policy = DefaultConsentPolicy());

}  // namespace mercato::privacy
