// Consent resolution: latest dated record, undated revocations, then the regional default.
#include "privacy/consent_ledger.h"

#include <utility>

namespace mercato::privacy {

ConsentLedger::ConsentLedger(ConsentPolicy policy) : policy_(std::move(policy)) {}

ConsentLedger::CustomerConsent& ConsentLedger::Entry(std::string_view customer_id) {
  const auto [it, added] = customers_.try_emplace(std::string(customer_id));
  if (added) {
    for (size_t p = 0; p < kPurposeCount; ++p) {
      it->second.defaults[p] = policy_.DefaultFor("", static_cast<Purpose>(p));
    }
  }
  return it->second;
}

void ConsentLedger::SetCountry(std::string_view customer_id, std::string_view country) {
  CustomerConsent& c = Entry(customer_id);
  c.country = std::string(country);
  for (size_t p = 0; p < kPurposeCount; ++p) {
    c.defaults[p] = policy_.DefaultFor(country, static_cast<Purpose>(p));
  }
}

void ConsentLedger::Record(const Consent& consent) {
  const std::optional<Purpose> purpose = ParsePurpose(consent.purpose);
  if (!purpose) return;
  CustomerConsent& c = Entry(consent.customer_id);
  const size_t i = static_cast<size_t>(*purpose);
  Choice& slot = consent.ts == 0 ? c.undated[i] : c.dated[i];
  const bool newer = !slot.known || consent.ts > slot.ts;
  const bool tie_revokes = slot.known && consent.ts == slot.ts && !consent.granted;
  if (consent.ts == 0 ? (!slot.known || !consent.granted) : (newer || tie_revokes)) {
    slot = Choice{true, consent.granted, consent.ts, consent.source};
  }
}

ConsentDecision ConsentLedger::Explain(std::string_view customer_id, Purpose purpose) const {
  const size_t i = static_cast<size_t>(purpose);
  const auto it = customers_.find(std::string(customer_id));
  const std::string country = it == customers_.end() ? "" : it->second.country;
  ConsentDecision d;
  d.jurisdiction = policy_.JurisdictionOf(country);
  auto decided_by = [&d](const Choice& c) {
    d.allowed = c.granted;
    d.basis = c.granted ? "granted" : "revoked";
    d.ts = c.ts;
    d.source = c.source;
    return d;
  };
  if (it != customers_.end()) {
    const Choice& dated = it->second.dated[i];
    const Choice& undated = it->second.undated[i];
    if (undated.known && !undated.granted) return decided_by(undated);
    if (dated.known) return decided_by(dated);
    if (undated.known) return decided_by(undated);
  }
  const Default def = policy_.DefaultFor(country, purpose);
  d.allowed = def == Default::kOptOut;
  d.basis = def == Default::kOptOut ? "default opt-out" : "default opt-in";
  return d;
}

// Explain's decision without its explanation's strings.
bool ConsentLedger::Allows(std::string_view customer_id, Purpose purpose) const {
  const size_t i = static_cast<size_t>(purpose);
  const auto it = customers_.find(std::string(customer_id));
  if (it == customers_.end()) return policy_.DefaultFor("", purpose) == Default::kOptOut;
  const Choice& dated = it->second.dated[i];
  const Choice& undated = it->second.undated[i];
  if (undated.known && !undated.granted) return false;
  if (dated.known) return dated.granted;
  if (undated.known) return true;
  return it->second.defaults[i] == Default::kOptOut;
}

Result<ConsentLedger> LoadConsentLedger(Store& store, const ConsentPolicy& policy) {
  ConsentLedger ledger(policy);
  RETURN_IF_ERROR(ScanAll<Customer>(store, [&](const Customer& c) {
    if (!c.country.empty()) ledger.SetCountry(c.id, c.country);
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ScanAll<Consent>(store, [&](const Consent& c) {
    ledger.Record(c);
    return Status::Ok();
  }));
  return ledger;
}

}  // namespace mercato::privacy
