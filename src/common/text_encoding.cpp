// Printable UTF-8 and UTF-16 detection.
#include "common/text_encoding.h"

#include <string>

#include "common/text.h"

namespace mercato {

bool IsPrintableUtf8(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7F') return false;
  }
  return IsCleanUtf8(s);
}

Status RefuseUtf16(std::string_view head) {
  if (head.size() < 2) return Status::Ok();
  const bool little = head[0] == '\xFF' && head[1] == '\xFE';
  const bool big = head[0] == '\xFE' && head[1] == '\xFF';
  if (!little && !big) return Status::Ok();
  return InvalidArgument(std::string("the file is UTF-16 (byte order mark ") +
                         (little ? "FF FE" : "FE FF") +
                         "); expected UTF-8: save it as \"CSV UTF-8\" or convert it with "
                         "iconv -f UTF-16 -t UTF-8");
}

}  // namespace mercato
