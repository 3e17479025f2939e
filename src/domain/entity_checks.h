// Checks of values that a field's type admits but the entity does not (a negative price, an
// unknown status), applied where entities come in from files.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/entities.h"

namespace mercato {

/// A field whose value the entity does not admit, and what it admits.
struct FieldProblem {
  std::string_view field;
  std::string message;
};

/// Product: price, compare_at_price and cost 0 or more; status empty, active, draft or archived;
/// attributes empty or a JSON object (nested at most 32 levels).
std::optional<FieldProblem> CheckValues(const Product& product);
/// Entities without value rules beyond their field types.
template <class T>
std::optional<FieldProblem> CheckValues(const T&) {
  return std::nullopt;
}

}  // namespace mercato
