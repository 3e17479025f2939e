// Reading, checking and writing experiment definitions; every error names the field.
#include "experiment/definition.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <utility>

#include "common/text.h"
#include "experiment/analysis.h"
#include "experiment/recommender_choice.h"

namespace mercato::experiment {
namespace {

using nlohmann::json;

template <class E, size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "";
}

template <class E, size_t N>
std::optional<E> ParseIn(const std::array<std::pair<E, std::string_view>, N>& names,
                         std::string_view text) {
  for (const auto& [v, name] : names) {
    if (name == text) return v;
  }
  return std::nullopt;
}

template <class E, size_t N>
std::string Choices(const std::array<std::pair<E, std::string_view>, N>& names) {
  std::string out;
  for (const auto& [v, name] : names) out += (out.empty() ? "" : " | ") + std::string(name);
  return out;
}

constexpr std::array<std::pair<UnitKind, std::string_view>, 3> kUnitNames = {{
    {UnitKind::kCustomer, "customer"},
    {UnitKind::kSession, "session"},
    {UnitKind::kProduct, "product"},
}};
constexpr std::array<std::pair<Capability, std::string_view>, 5> kCapabilityNames = {{
    {Capability::kRecommendations, "recommendations"},
    {Capability::kJourneys, "journeys"},
    {Capability::kPricing, "pricing"},
    {Capability::kSearch, "search"},
    {Capability::kOther, "other"},
}};
constexpr std::array<std::pair<RunStatus, std::string_view>, 3> kStatusNames = {{
    {RunStatus::kDraft, "draft"},
    {RunStatus::kRunning, "running"},
    {RunStatus::kStopped, "stopped"},
}};

constexpr int32_t kMaxWindowDays = 3650;

Status FieldError(std::string_view field, std::string_view expected, const json& got) {
  return InvalidArgument(std::string(field) + ": expected " + std::string(expected) + ", got " +
                         Excerpt(got.dump(), 60));
}

Result<std::string> ReadString(const json& j, std::string_view field) {
  if (!j.is_string()) return FieldError(field, "a string", j);
  return j.get<std::string>();
}

Result<double> ReadNumber(const json& j, std::string_view field) {
  if (!j.is_number()) return FieldError(field, "a number", j);
  return j.get<double>();
}

Result<int32_t> ReadDays(const json& j, std::string_view field) {
  if (!j.is_number_integer() || j.get<int64_t>() < 1 || j.get<int64_t>() > kMaxWindowDays) {
    return FieldError(field, "a whole number of days from 1 to 3650", j);
  }
  return static_cast<int32_t>(j.get<int64_t>());
}

Result<std::vector<std::string>> ReadStrings(const json& j, std::string_view field) {
  if (!j.is_array()) return FieldError(field, "an array of strings", j);
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) {
    ASSIGN_OR_RETURN(std::string s,
                     ReadString(j[i], std::string(field) + "[" + std::to_string(i) + "]"));
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::optional<Timestamp>> ReadTime(const json& j, std::string_view field) {
  if (j.is_null()) return std::optional<Timestamp>();
  if (!j.is_string()) return FieldError(field, "an ISO 8601 time or null", j);
  auto ts = ParseTimestamp(j.get<std::string>());
  if (!ts.ok()) return InvalidArgument(std::string(field) + ": " + ts.status().message());
  return std::optional<Timestamp>(*ts);
}

template <class E, size_t N>
Result<E> ReadEnum(const json& j, std::string_view field,
                   const std::array<std::pair<E, std::string_view>, N>& names) {
  const std::string expected = "one of " + Choices(names);
  if (!j.is_string()) return FieldError(field, expected, j);
  const auto v = ParseIn(names, j.get<std::string>());
  if (!v) return FieldError(field, expected, j);
  return *v;
}

Result<std::vector<VariantDefinition>> ReadVariants(const json& j) {
  if (!j.is_array()) return FieldError("variants", "an array of {name, weight, config}", j);
  std::vector<VariantDefinition> out;
  size_t weighted = 0;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string at = "variants[" + std::to_string(i) + "]";
    const json& v = j[i];
    if (!v.is_object()) return FieldError(at, "an object {name, weight, config}", v);
    VariantDefinition variant;
    for (const auto& [k, value] : v.items()) {
      if (k == "name") {
        ASSIGN_OR_RETURN(variant.name, ReadString(value, at + ".name"));
      } else if (k == "weight") {
        ASSIGN_OR_RETURN(variant.weight, ReadNumber(value, at + ".weight"));
        ++weighted;
      } else if (k == "config") {
        if (!value.is_object()) return FieldError(at + ".config", "an object", value);
        variant.config = value;
      } else {
        return InvalidArgument(at + ": unknown key '" + k + "'; expected name, weight, config");
      }
    }
    out.push_back(std::move(variant));
  }
  if (weighted == 0) {
    for (VariantDefinition& v : out) v.weight = 1.0 / static_cast<double>(out.size());
  } else if (weighted != out.size()) {
    return InvalidArgument("variants: give every variant a weight, or none (an even split); " +
                           std::to_string(weighted) + " of " + std::to_string(out.size()) +
                           " have one");
  }
  return out;
}

Status CheckMetric(const std::string& metric, std::string_view field) {
  const auto& known = KnownMetrics();
  if (std::find(known.begin(), known.end(), metric) != known.end()) return Status::Ok();
  return InvalidArgument(std::string(field) + ": unknown metric '" + metric +
                         "'; expected one of " + Join(known, ", "));
}

json TimeJson(const std::optional<Timestamp>& ts) {
  return ts ? json(FormatTimestamp(*ts)) : json(nullptr);
}

}  // namespace

std::string_view UnitKindName(UnitKind unit) { return NameIn(kUnitNames, unit); }
std::string_view CapabilityName(Capability capability) {
  return NameIn(kCapabilityNames, capability);
}
std::string_view RunStatusName(RunStatus status) { return NameIn(kStatusNames, status); }
std::optional<UnitKind> ParseUnitKind(std::string_view name) { return ParseIn(kUnitNames, name); }
std::optional<Capability> ParseCapability(std::string_view name) {
  return ParseIn(kCapabilityNames, name);
}
std::optional<RunStatus> ParseRunStatus(std::string_view name) {
  return ParseIn(kStatusNames, name);
}

bool IsValidKey(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  const auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(key.front())) return false;
  return std::all_of(key.begin(), key.end(),
                     [&](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

int32_t Definition::VariantIndex(std::string_view variant_name) const {
  for (size_t i = 0; i < variants.size(); ++i) {
    if (variants[i].name == variant_name) return static_cast<int32_t>(i);
  }
  return -1;
}

int32_t Definition::ControlIndex() const {
  return control.empty() ? 0 : std::max(0, VariantIndex(control));
}

AssignmentSpec Definition::Assignment() const {
  AssignmentSpec spec;
  spec.salt = salt.empty() ? key : salt;
  spec.traffic = traffic;
  spec.layer = layer;
  spec.layer_buckets = layer_buckets;
  for (const VariantDefinition& v : variants) spec.weights.push_back(v.weight);
  spec.segments = segments;
  return spec;
}

Status Validate(const Definition& d) {
  constexpr std::string_view kKeySyntax =
      "1 to 64 characters of a-z, 0-9, '-', '_', '.', starting with a letter or digit";
  if (!IsValidKey(d.key)) return FieldError("key", kKeySyntax, json(d.key));
  std::set<std::string> names;
  for (size_t i = 0; i < d.variants.size(); ++i) {
    const std::string at = "variants[" + std::to_string(i) + "]";
    if (!IsValidKey(d.variants[i].name)) {
      return FieldError(at + ".name", kKeySyntax, json(d.variants[i].name));
    }
    if (!names.insert(d.variants[i].name).second) {
      return InvalidArgument(at + ".name: '" + d.variants[i].name +
                             "' names two variants; expected unique names");
    }
    if (d.capability == Capability::kRecommendations) {
      // Serving reads the choice on every request: an unknown one is refused here, not there.
      RETURN_IF_ERROR(ReadRecommenderChoice(d.variants[i].config, at + ".config").status());
    }
  }
  if (!d.control.empty() && d.VariantIndex(d.control) < 0) {
    return InvalidArgument("control: '" + d.control + "' is not a variant; expected one of " +
                           Join(std::vector<std::string>(names.begin(), names.end()), ", "));
  }
  if (!d.layer.empty() && !IsValidKey(d.layer)) {
    return FieldError("layer", std::string(kKeySyntax) + ", or empty", json(d.layer));
  }
  // Salt, traffic, weights and the layer range: the rules assignment applies.
  if (Status s = Assigner::Create(d.Assignment()).status(); !s.ok()) return s;
  RETURN_IF_ERROR(CheckMetric(d.primary_metric, "primary_metric"));
  for (size_t i = 0; i < d.secondary_metrics.size(); ++i) {
    RETURN_IF_ERROR(
        CheckMetric(d.secondary_metrics[i], "secondary_metrics[" + std::to_string(i) + "]"));
  }
  for (size_t i = 0; i < d.guardrails.size(); ++i) {
    RETURN_IF_ERROR(CheckMetric(d.guardrails[i], "guardrails[" + std::to_string(i) + "]"));
  }
  if (d.attribution_days < 1 || d.attribution_days > kMaxWindowDays) {
    return FieldError("attribution_days", "a whole number of days from 1 to 3650",
                      json(d.attribution_days));
  }
  if (d.repeat_days < 1 || d.repeat_days > kMaxWindowDays) {
    return FieldError("repeat_days", "a whole number of days from 1 to 3650", json(d.repeat_days));
  }
  if (d.started_at && d.stopped_at && *d.stopped_at < *d.started_at) {
    return InvalidArgument("stopped_at: expected a time after started_at (" +
                           FormatTimestamp(*d.started_at) + "), got " +
                           FormatTimestamp(*d.stopped_at));
  }
  return Status::Ok();
}

Result<Definition> DefinitionFromJson(const json& j) {
  if (!j.is_object()) return FieldError("definition", "a JSON object", j);
  Definition d;
  for (const auto& [k, v] : j.items()) {
    if (k == "key") {
      ASSIGN_OR_RETURN(d.key, ReadString(v, k));
    } else if (k == "name") {
      ASSIGN_OR_RETURN(d.name, ReadString(v, k));
    } else if (k == "capability") {
      ASSIGN_OR_RETURN(d.capability, ReadEnum(v, k, kCapabilityNames));
    } else if (k == "unit") {
      ASSIGN_OR_RETURN(d.unit, ReadEnum(v, k, kUnitNames));
    } else if (k == "status") {
      ASSIGN_OR_RETURN(d.status, ReadEnum(v, k, kStatusNames));
    } else if (k == "salt") {
      ASSIGN_OR_RETURN(d.salt, ReadString(v, k));
    } else if (k == "traffic") {
      ASSIGN_OR_RETURN(d.traffic, ReadNumber(v, k));
    } else if (k == "layer") {
      ASSIGN_OR_RETURN(d.layer, ReadString(v, k));
    } else if (k == "layer_buckets") {
      if (v.is_null()) continue;
      if (!v.is_array() || v.size() != 2 || !v[0].is_number_integer() ||
          !v[1].is_number_integer()) {
        return FieldError(k, "[begin, end] (whole numbers)", v);
      }
      d.layer_buckets = {v[0].get<int32_t>(), v[1].get<int32_t>()};
    } else if (k == "segments") {
      ASSIGN_OR_RETURN(d.segments, ReadStrings(v, k));
    } else if (k == "variants") {
      ASSIGN_OR_RETURN(d.variants, ReadVariants(v));
    } else if (k == "control") {
      ASSIGN_OR_RETURN(d.control, ReadString(v, k));
    } else if (k == "primary_metric") {
      ASSIGN_OR_RETURN(d.primary_metric, ReadString(v, k));
    } else if (k == "secondary_metrics") {
      ASSIGN_OR_RETURN(d.secondary_metrics, ReadStrings(v, k));
    } else if (k == "guardrails") {
      ASSIGN_OR_RETURN(d.guardrails, ReadStrings(v, k));
    } else if (k == "attribution_days") {
      ASSIGN_OR_RETURN(d.attribution_days, ReadDays(v, k));
    } else if (k == "repeat_days") {
      ASSIGN_OR_RETURN(d.repeat_days, ReadDays(v, k));
    } else if (k == "started_at") {
      ASSIGN_OR_RETURN(d.started_at, ReadTime(v, k));
    } else if (k == "stopped_at") {
      ASSIGN_OR_RETURN(d.stopped_at, ReadTime(v, k));
    } else {
      return InvalidArgument(
          "unknown key '" + k +
          "'; expected key, name, capability, unit, status, salt, traffic, layer, "
          "layer_buckets, segments, variants, control, primary_metric, secondary_metrics, "
          "guardrails, attribution_days, repeat_days, started_at, stopped_at");
    }
  }
  if (d.salt.empty()) d.salt = d.key;
  if (d.control.empty() && !d.variants.empty()) d.control = d.variants.front().name;
  return d;
}

json DefinitionJson(const Definition& d) {
  json variants = json::array();
  for (const VariantDefinition& v : d.variants) {
    variants.push_back({{"name", v.name}, {"weight", v.weight}, {"config", v.config}});
  }
  json j = {
      {"key", d.key},
      {"name", d.name},
      {"capability", CapabilityName(d.capability)},
      {"unit", UnitKindName(d.unit)},
      {"status", RunStatusName(d.status)},
      {"salt", d.salt.empty() ? d.key : d.salt},
      {"traffic", d.traffic},
      {"layer", d.layer},
      {"layer_buckets",
       d.layer.empty() ? json(nullptr) : json::array({d.layer_buckets.begin, d.layer_buckets.end})},
      {"segments", d.segments},
      {"variants", std::move(variants)},
      {"control", d.variants.empty() ? d.control : d.variants[d.ControlIndex()].name},
      {"primary_metric", d.primary_metric},
      {"secondary_metrics", d.secondary_metrics},
      {"guardrails", d.guardrails},
      {"attribution_days", d.attribution_days},
      {"repeat_days", d.repeat_days},
      {"started_at", TimeJson(d.started_at)},
      {"stopped_at", TimeJson(d.stopped_at)},
  };
  return j;
}

}  // namespace mercato::experiment
