// The slug of a name.
#include "common/slug.h"

namespace mercato {

std::string Slug(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char c : text) {
    const bool ascii_alnum =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (ascii_alnum || static_cast<unsigned char>(c) >= 0x80) {
      if (gap && !out.empty()) out += '-';
      gap = false;
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    } else {
      gap = true;
    }
  }
  return out;
}

}  // namespace mercato
