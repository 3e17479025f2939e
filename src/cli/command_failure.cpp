// Failure reports of the CLI commands.
#include "cli/command_failure.h"

#include <iostream>

namespace mercato::cli {

int Fail(std::string_view command, const Status& status) {
  std::cerr << "mercato " << command << ": " << status.message() << "\n";
  return 1;
}

int FailAsUsage(std::string_view command, const Status& status) {
  Fail(command, status);
  return status.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

}  // namespace mercato::cli
