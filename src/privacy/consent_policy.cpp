// Consent purposes, the shipped region-aware defaults and policy files.
#include "privacy/consent_policy.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/country.h"

namespace mercato::privacy {
namespace {

constexpr std::array<std::string_view, kPurposeCount> kPurposeNames{
    "personalization", "email_marketing", "sms_marketing", "sale_sharing"};

constexpr std::array<Default, kPurposeCount> kAllOptIn{Default::kOptIn, Default::kOptIn,
                                                       Default::kOptIn, Default::kOptIn};
constexpr std::array<Default, kPurposeCount> kAllOptOut{Default::kOptOut, Default::kOptOut,
                                                        Default::kOptOut, Default::kOptOut};

ConsentPolicy MakeDefaultPolicy() {
  ConsentPolicy p;
  p.jurisdictions.push_back(
      {"EU/EEA/UK/CH",
       {"EU", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
        "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO",
        "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB", "JE", "GG", "IM", "CH"},
       kAllOptIn});
  p.jurisdictions.push_back(
      {"CA", {"CA"}, {Default::kOptOut, Default::kOptIn, Default::kOptIn, Default::kOptOut}});
  p.jurisdictions.push_back({"US", {"US"}, kAllOptOut});
  p.unknown_country = kAllOptIn;
  p.elsewhere = kAllOptOut;
  return p;
}

Status ParseDefaults(const nlohmann::json& j, const std::string& where,
                     std::array<Default, kPurposeCount>& out) {
  if (!j.is_object())
    return InvalidArgument(where +
                           ": expected an object of purpose -> "
                           "\"opt_in\" | \"opt_out\"");
  for (const auto& [key, value] : j.items()) {
    const std::optional<Purpose> purpose = ParsePurpose(key);
    if (!purpose) {
      return InvalidArgument(where + "." + key +
                             ": unknown purpose (expected personalization, email_marketing, "
                             "sms_marketing or sale_sharing)");
    }
    const std::string v = value.is_string() ? value.get<std::string>() : "";
    if (v != "opt_in" && v != "opt_out") {
      return InvalidArgument(where + "." + key + ": expected \"opt_in\" or \"opt_out\"");
    }
    out[static_cast<size_t>(*purpose)] = v == "opt_in" ? Default::kOptIn : Default::kOptOut;
  }
  return Status::Ok();
}

}  // namespace

std::string_view PurposeName(Purpose purpose) {
  return kPurposeNames[static_cast<size_t>(purpose)];
}

std::optional<Purpose> ParsePurpose(std::string_view name) {
  for (size_t i = 0; i < kPurposeCount; ++i) {
    if (kPurposeNames[i] == name) return static_cast<Purpose>(i);
  }
  return std::nullopt;
}

Default ConsentPolicy::DefaultFor(std::string_view country, Purpose purpose) const {
  const size_t i = static_cast<size_t>(purpose);
  const std::string code = NormalizeCountry(country);
  if (code.empty()) return unknown_country[i];
  for (const Jurisdiction& j : jurisdictions) {
    if (std::find(j.countries.begin(), j.countries.end(), code) != j.countries.end()) {
      return j.defaults[i];
    }
  }
  return elsewhere[i];
}

std::string ConsentPolicy::JurisdictionOf(std::string_view country) const {
  const std::string code = NormalizeCountry(country);
  if (code.empty()) return "unknown country";
  for (const Jurisdiction& j : jurisdictions) {
    if (std::find(j.countries.begin(), j.countries.end(), code) != j.countries.end()) {
      return j.name;
    }
  }
  return "elsewhere";
}

const ConsentPolicy& DefaultConsentPolicy() {
  static const ConsentPolicy policy = MakeDefaultPolicy();
  return policy;
}

Result<ConsentPolicy> LoadConsentPolicy(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound(path + ": cannot open the consent policy file");
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return InvalidArgument(path + ": not a JSON object");
  }
  const ConsentPolicy& shipped = DefaultConsentPolicy();
  ConsentPolicy policy;
  policy.unknown_country = shipped.unknown_country;
  policy.elsewhere = shipped.elsewhere;
  if (j.contains("jurisdictions")) {
    const nlohmann::json& list = j["jurisdictions"];
    if (!list.is_array()) return InvalidArgument(path + ": jurisdictions: expected an array");
    for (size_t n = 0; n < list.size(); ++n) {
      const std::string where = path + ": jurisdictions[" + std::to_string(n) + "]";
      const nlohmann::json& e = list[n];
      if (!e.is_object() || !e.contains("countries") || !e["countries"].is_array()) {
        return InvalidArgument(where +
                               ": expected {\"name\", \"countries\": [...], "
                               "\"defaults\": {...}}");
      }
      Jurisdiction jur;
      jur.name = e.value("name", "jurisdiction " + std::to_string(n));
      jur.defaults = shipped.elsewhere;
      for (const auto& c : e["countries"]) {
        const std::string code = c.is_string() ? NormalizeCountry(c.get<std::string>()) : "";
        if (code.empty()) return InvalidArgument(where + ".countries: unknown country " + c.dump());
        jur.countries.push_back(code);
      }
      if (e.contains("defaults")) {
        RETURN_IF_ERROR(ParseDefaults(e["defaults"], where + ".defaults", jur.defaults));
      }
      policy.jurisdictions.push_back(std::move(jur));
    }
  }
  if (j.contains("unknown_country")) {
    RETURN_IF_ERROR(
        ParseDefaults(j["unknown_country"], path + ": unknown_country", policy.unknown_country));
  }
  if (j.contains("elsewhere")) {
    RETURN_IF_ERROR(ParseDefaults(j["elsewhere"], path + ": elsewhere", policy.elsewhere));
  }
  return policy;
}

}  // namespace mercato::privacy
