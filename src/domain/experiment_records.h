// What the store keeps of experiments (issue 17): each experiment's definition, and the first
// exposure of each unit to it.
#pragma once

#include <string>

#include "common/time.h"

namespace mercato {

/// A stored experiment. The store keeps the definition as JSON text (experiment/definition.h
/// reads and writes it); `unit` is stored beside it because erasure needs it.
struct ExperimentRecord {
  std::string key;
  std::string unit;        // what is assigned: "customer", "session" or "product"
  std::string definition;  // the definition as a JSON object
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

/// The first exposure of one unit to an experiment: the variant it saw, and when.
struct Exposure {
  std::string unit;     // a customer id, a session id or a SKU, as the experiment's unit says
  std::string variant;  // the variant's name
  Timestamp first_at = 0;
};

}  // namespace mercato
