// Checks of a text's encoding beyond valid UTF-8: printable ids, and UTF-16 files named as such.
#pragma once

#include <string_view>

#include "common/status.h"

namespace mercato {

/// True when `s` is valid UTF-8 without NUL bytes or other control characters (below U+0020,
/// and DEL).
bool IsPrintableUtf8(std::string_view s);

/// InvalidArgument saying that the input is UTF-16 when `head` (the first bytes of a text file)
/// starts with a UTF-16 byte order mark (FF FE or FE FF); Ok otherwise.
Status RefuseUtf16(std::string_view head);

}  // namespace mercato
