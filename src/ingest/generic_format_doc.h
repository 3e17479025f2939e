// Renders the generic import format's documentation from the entity field descriptors.
#pragma once

#include <string>

namespace mercato {

/// Markdown reference of every generic-format file: name, columns, types, required, meaning.
std::string GenericFormatMarkdown();

}  // namespace mercato
