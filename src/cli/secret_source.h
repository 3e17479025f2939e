// Secrets for the CLI (the Shopify webhook secret, the token secret): from a file named by an
// option, or else from an environment variable, so they never appear in a command line.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace mercato::cli {

/// The secret in the file at `path` (surrounding whitespace trimmed) when `path` is not empty,
/// else the value of the environment variable `env` (empty when unset). NotFound for an
/// unreadable file, InvalidArgument for an empty one; both name `option`.
Result<std::string> ReadSecret(std::string_view option, const std::string& path, const char* env);

}  // namespace mercato::cli
