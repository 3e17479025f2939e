// Untrusted JSON: the depth scan, the parse, and a second, SAX-only pass over a refused text that
// locates the value at fault.
#include "domain/untrusted_json.h"

#include <algorithm>
#include <vector>

#include "common/text.h"

namespace mercato {
namespace {

using json = nlohmann::json;

// Follows the parser's position as a JSON path and keeps where the parse failed.
class FaultLocator {
 public:
  bool null() { return Value(); }
  bool boolean(bool) { return Value(); }
  bool number_integer(json::number_integer_t) { return Value(); }
  bool number_unsigned(json::number_unsigned_t) { return Value(); }
  bool number_float(json::number_float_t, const json::string_t&) { return Value(); }
  bool string(json::string_t&) { return Value(); }
  bool binary(json::binary_t&) { return Value(); }
  bool start_object(std::size_t) { return Open(false); }
  bool start_array(std::size_t) { return Open(true); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(json::string_t& k) {
    frames_.back().key = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string& token,
                   const nlohmann::detail::exception& e) {
    out_.byte = position;
    if (e.id == 406) {  // out_of_range.406: number overflow
      out_.fault = JsonFault::kNumberOutOfRange;
      out_.path = Path();
      out_.token = Excerpt(RepairUtf8(token));
    } else {
      out_.fault = JsonFault::kMalformed;
      out_.explain = e.what();
    }
    return false;
  }

  UntrustedJson Take() { return std::move(out_); }

 private:
  struct Frame {
    bool array;
    size_t index = 0;
    std::string key;
  };

  // A value ended: the enclosing array moves to its next element.
  bool Value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }
  bool Open(bool array) {
    frames_.push_back(Frame{array, 0, {}});
    return true;
  }
  bool Close() {
    frames_.pop_back();
    return Value();
  }
  std::string Path() const {
    std::string path = "$";
    for (const Frame& f : frames_) {
      path += f.array ? "[" + std::to_string(f.index) + "]" : "." + RepairUtf8(Excerpt(f.key));
    }
    return path;
  }

  std::vector<Frame> frames_;
  UntrustedJson out_;
};

}  // namespace

int JsonDepth(std::string_view text) {
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

Status UntrustedJson::status() const {
  switch (fault) {
    case JsonFault::kNone:
      return Status::Ok();
    case JsonFault::kTooDeep:
      return InvalidArgument("JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                             " levels");
    case JsonFault::kMalformed:
      return InvalidArgument("malformed JSON at byte " + std::to_string(byte) +
                             ": expected a JSON document");
    case JsonFault::kNumberOutOfRange:
      return InvalidArgument(path + ": number " + token +
                             " is out of range; expected a finite number");
  }
  return Status::Ok();
}

UntrustedJson ParseUntrustedJson(std::string_view text) {
  UntrustedJson out;
  if (JsonDepth(text) > kMaxJsonDepth) {
    out.fault = JsonFault::kTooDeep;
    return out;
  }
  out.value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!out.value.is_discarded()) return out;
  FaultLocator locator;
  json::sax_parse(text, &locator);
  out = locator.Take();
  if (out.fault == JsonFault::kNone) out.fault = JsonFault::kMalformed;  // cannot happen
  return out;
}

}  // namespace mercato
