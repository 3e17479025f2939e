// How every CLI command reports a failure: "mercato COMMAND: message" on standard error and the
// process exit status.
#pragma once

#include <string_view>

#include "common/status.h"

namespace mercato::cli {

/// Prints "mercato `command`: message" to standard error; returns the exit status 1.
int Fail(std::string_view command, const Status& status);

/// Like Fail, but a bad argument (InvalidArgument) is a usage error: exit status 2.
int FailAsUsage(std::string_view command, const Status& status);

}  // namespace mercato::cli
