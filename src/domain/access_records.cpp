// Names of the API key scopes.
#include "domain/access_records.h"

namespace mercato {

std::string_view KeyScopeName(KeyScope scope) {
  return scope == KeyScope::kAdmin ? "admin" : "storefront";
}

std::optional<KeyScope> ParseKeyScope(std::string_view name) {
  if (name == "storefront") return KeyScope::kStorefront;
  if (name == "admin") return KeyScope::kAdmin;
  return std::nullopt;
}

}  // namespace mercato
