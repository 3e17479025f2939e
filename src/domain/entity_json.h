// Entities to and from JSON objects keyed by field name, the shape of the generic JSONL import,
// the API's upserts and data-subject exports: times as ISO 8601 UTC text, numbers as numbers.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

#include "domain/entity_schema.h"
#include "domain/untrusted_json.h"

namespace mercato {

/// The text form of a JSON value as a field reads it: strings as they are, null as empty,
/// numbers and booleans as written.
inline std::string JsonToText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// One entity as a JSON object of its known fields (unset ones left out).
template <class T>
nlohmann::json EntityToJson(const T& entity) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& field : EntityTraits<T>::Fields()) {
    std::visit(
        [&](auto member) {
          using M = std::remove_cvref_t<decltype(entity.*member)>;
          const M& v = entity.*member;
          const std::string name(field.name);
          if constexpr (std::is_same_v<M, std::string>) {
            if (!v.empty()) out[name] = v;
          } else if constexpr (std::is_same_v<M, bool>) {
            out[name] = v;
          } else if constexpr (std::is_same_v<M, std::optional<int64_t>> ||
                               std::is_same_v<M, std::optional<double>>) {
            if (!v) return;
            if (field.type == FieldType::kTime) {
              out[name] = FieldToText(field, entity);
            } else {
              out[name] = *v;
            }
          } else if (field.type == FieldType::kTime) {
            out[name] = FieldToText(field, entity);
          } else {
            out[name] = v;
          }
        },
        field.member);
  }
  return out;
}

/// Reads one entity from a JSON object. Strict, for API input: a key that is not a field, a
/// value that is an object or array, a field that does not parse or a missing required field
/// is InvalidArgument naming the field and what was expected.
template <class T>
Result<T> EntityFromJson(const nlohmann::json& object) {
  const auto& fields = EntityTraits<T>::Fields();
  if (!object.is_object()) {
    return InvalidArgument(std::string("expected a JSON object for one of ") +
                           std::string(EntityTraits<T>::kName));
  }
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    bool known = false;
    for (const auto& f : fields) known = known || f.name == key;
    if (!known) {
      std::string names;
      for (const auto& f : fields) names += (names.empty() ? "" : ", ") + std::string(f.name);
      return InvalidArgument("unknown field '" + RepairUtf8(key.substr(0, 40)) + "' in " +
                             std::string(EntityTraits<T>::kName) + "; expected: " + names);
    }
  }
  T entity{};
  for (const auto& f : fields) {
    auto it = object.find(std::string(f.name));
    if (it != object.end() && (it->is_object() || it->is_array())) {
      return InvalidArgument("field '" + std::string(f.name) + "' must be a " +
                             (f.type == FieldType::kText ? "string" : "number or string"));
    }
    Status s = SetFieldFromText(f, entity, it == object.end() ? std::string() : JsonToText(*it));
    if (!s.ok()) return InvalidArgument("field '" + std::string(f.name) + "': " + s.message());
  }
  RETURN_IF_ERROR(CheckRequired(entity));
  return entity;
}

}  // namespace mercato
