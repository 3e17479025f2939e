// The id of an event that arrives without one: derived from its other fields, so that the same
// event imported or posted twice is stored once.
#pragma once

#include <string>

#include "common/text.h"
#include "domain/entity_schema.h"

namespace mercato {

/// "ev-" followed by 24 hex characters of the SHA-256 of the event's fields.
inline std::string DerivedEventId(const Event& e) {
  std::string basis;
  for (const auto& f : EntityTraits<Event>::Fields()) basis += FieldToText(f, e) + '\x1f';
  return "ev-" + Sha256Hex(basis).substr(0, 24);
}

}  // namespace mercato
