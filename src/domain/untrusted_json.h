// Parsing JSON from outside (request bodies, webhooks, JSONL import lines) without trusting it:
// nesting is bounded before the parser runs, nothing throws, and a number too large for a double
// is reported with the path of the value that holds it.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/status.h"

namespace mercato {

/// Nesting deeper than this is refused before parsing untrusted JSON.
inline constexpr int kMaxJsonDepth = 32;

/// Deepest nesting of arrays/objects in a JSON text, scanning outside strings; iterative, so it
/// guards the parser and the recursive serializer against hostile input.
int JsonDepth(std::string_view text);

/// What was wrong with a JSON text.
enum class JsonFault {
  kNone,
  kTooDeep,           // nested deeper than kMaxJsonDepth
  kMalformed,         // not JSON
  kNumberOutOfRange,  // a number beyond the range of a double, e.g. 1e999
};

/// The outcome of ParseUntrustedJson.
struct UntrustedJson {
  nlohmann::json value;  // the document; discarded unless fault is kNone
  JsonFault fault = JsonFault::kNone;
  size_t byte = 0;      // kMalformed, kNumberOutOfRange: the byte where parsing stopped
  std::string path;     // kNumberOutOfRange: where the number is, e.g. "$.events[0].value"
  std::string token;    // kNumberOutOfRange: the number as written (shortened)
  std::string explain;  // kMalformed: the parser's description of the error

  bool ok() const { return fault == JsonFault::kNone; }
  /// Ok, or InvalidArgument: "JSON nested deeper than 32 levels", "malformed JSON at byte N:
  /// expected a JSON document", or "$.events[0].value: number 1e999 is out of range; expected a
  /// finite number".
  Status status() const;
};

/// Parses `text`, refusing nesting deeper than kMaxJsonDepth before the parser runs (so neither
/// parsing, nor building an error message, nor freeing the document can exhaust the stack).
UntrustedJson ParseUntrustedJson(std::string_view text);

}  // namespace mercato
