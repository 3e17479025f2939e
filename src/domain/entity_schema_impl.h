// Template definitions behind entity_schema.h: converting fields to and from text.
#pragma once

#include <cmath>

#include "common/text.h"
#include "common/time.h"

namespace mercato {
template <class T>
Status SetFieldFromText(const FieldSpec<T>& field, T& entity, std::string_view text) {
  text = Trim(text);
  if (text.empty() && field.required) {
    return InvalidArgument("required field '" + std::string(field.name) + "' is empty");
  }
  return std::visit(
      [&](auto member) -> Status {
        using M = std::remove_reference_t<decltype(entity.*member)>;
        M& slot = entity.*member;
        if constexpr (std::is_same_v<M, std::string>) {
          slot = RepairUtf8(text);  // drops NUL bytes: a field of only NULs is empty
          if (slot.empty() && field.required) {
            return InvalidArgument("required field '" + std::string(field.name) + "' is empty");
          }
        } else if (text.empty()) {
          slot = M{};
        } else if constexpr (std::is_same_v<M, bool>) {
          ASSIGN_OR_RETURN(slot, ParseBool(text));
        } else if constexpr (std::is_same_v<M, double> ||
                             std::is_same_v<M, std::optional<double>>) {
          ASSIGN_OR_RETURN(slot, ParseReal(text));
        } else if (field.type == FieldType::kTime) {
          ASSIGN_OR_RETURN(slot, ParseTimestamp(text));
        } else {
          ASSIGN_OR_RETURN(slot, ParseInt(text));
        }
        return Status::Ok();
      },
      field.member);
}

template <class T>
std::string FieldToText(const FieldSpec<T>& field, const T& entity) {
  return std::visit(
      [&](auto member) -> std::string {
        using M = std::remove_cvref_t<decltype(entity.*member)>;
        const M& v = entity.*member;
        if constexpr (std::is_same_v<M, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<M, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<M, double>) {
          return FormatReal(v);
        } else if constexpr (std::is_same_v<M, std::optional<double>>) {
          return v ? FormatReal(*v) : std::string();
        } else if constexpr (std::is_same_v<M, int64_t>) {
          return field.type == FieldType::kTime ? FormatTimestamp(v) : std::to_string(v);
        } else {
          if (!v) return std::string();
          return field.type == FieldType::kTime ? FormatTimestamp(*v) : std::to_string(*v);
        }
      },
      field.member);
}

template <class T>
Status CheckRequired(const T& entity) {
  for (const auto& field : EntityTraits<T>::Fields()) {
    if (!field.required) continue;
    const bool empty = std::visit(
        [&](auto member) {
          using M = std::remove_cvref_t<decltype(entity.*member)>;
          if constexpr (std::is_same_v<M, std::string>) return (entity.*member).empty();
          return false;
        },
        field.member);
    if (empty) return InvalidArgument("required field '" + std::string(field.name) + "' is empty");
  }
  return Status::Ok();
}

}  // namespace mercato
