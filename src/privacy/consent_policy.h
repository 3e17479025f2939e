// Consent purposes and the region-aware defaults that apply when a customer has said nothing:
// which purposes need an opt-in where the customer lives, and which are allowed until opted out.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace mercato::privacy {

enum class Purpose { kPersonalization, kEmailMarketing, kSmsMarketing, kSaleSharing };
inline constexpr size_t kPurposeCount = 4;

/// "personalization", "email_marketing", "sms_marketing", "sale_sharing".
std::string_view PurposeName(Purpose purpose);
/// The purpose of that name, or nullopt.
std::optional<Purpose> ParsePurpose(std::string_view name);

/// What applies to a customer who has recorded no choice for a purpose.
enum class Default { kOptIn, kOptOut };  // opt-in: not allowed until granted

/// One jurisdiction: the countries it covers and its default per purpose.
struct Jurisdiction {
  std::string name;
  std::vector<std::string> countries;  // ISO alpha-2 (and "EU" for "European Community")
  std::array<Default, kPurposeCount> defaults{};
};

/// The rules, checked in order: the first jurisdiction listing the customer's country applies;
/// a customer with an unknown country gets `unknown_country`, any other country `elsewhere`.
struct ConsentPolicy {
  std::vector<Jurisdiction> jurisdictions;
  std::array<Default, kPurposeCount> unknown_country{};
  std::array<Default, kPurposeCount> elsewhere{};

  /// The default for a customer in `country` (any spelling NormalizeCountry knows).
  Default DefaultFor(std::string_view country, Purpose purpose) const;
  /// Name of the jurisdiction that applies ("unknown country", "elsewhere" for the fallbacks).
  std::string JurisdictionOf(std::string_view country) const;
};

/// The shipped defaults (docs/consent.md):
/// - EU/EEA, UK and Switzerland: opt-in for every purpose (GDPR, UK GDPR and PECR, FADP).
/// - Canada: opt-in for email and SMS marketing (CASL express consent); personalization and
///   sale/sharing allowed until opted out.
/// - United States, California included, and elsewhere: allowed until opted out; California's
///   "do not sell or share" is an opt-out of sale_sharing and is honoured as such.
/// - Unknown country: opt-in for every purpose — when we do not know which law applies we
///   follow the strictest.
const ConsentPolicy& DefaultConsentPolicy();

/// Reads a policy from a JSON file:
/// {"jurisdictions": [{"name": "EU/EEA/UK", "countries": ["DE", ...],
///   "defaults": {"personalization": "opt_in", "email_marketing": "opt_in", ...}}, ...],
///  "unknown_country": {...}, "elsewhere": {...}}
/// Purposes left out of a "defaults" object take the shipped default for that group. Errors name
/// the file and the offending key.
Result<ConsentPolicy> LoadConsentPolicy(const std::string& path);

}  // namespace mercato::privacy
