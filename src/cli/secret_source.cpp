// Reading a secret from a file or the environment.
#include "cli/secret_source.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/text.h"

namespace mercato::cli {

Result<std::string> ReadSecret(std::string_view option, const std::string& path, const char* env) {
  if (path.empty()) {
    const char* value = std::getenv(env);
    return std::string(value != nullptr ? value : "");
  }
  std::ifstream in(path);
  if (!in) return NotFound(std::string(option) + " " + path + ": cannot read it");
  std::stringstream text;
  text << in.rdbuf();
  std::string secret(Trim(text.str()));
  if (secret.empty()) return InvalidArgument(std::string(option) + " " + path + " is empty");
  return secret;
}

}  // namespace mercato::cli
