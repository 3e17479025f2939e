// OpenStore: location -> back-end, wrapped in ErasureGuard.
#include "store/open_store.h"

#include "common/text.h"
#include "store/erasure_guard.h"
#include "store/sqlite/sqlite_store.h"

namespace mercato {

Result<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  constexpr std::string_view kSqlite = "sqlite:";
  std::string path = location;
  if (StartsWith(location, kSqlite)) {
    path = location.substr(kSqlite.size());
    if (path.empty()) {
      return InvalidArgument("store '" + location + "': no path; expected sqlite:PATH");
    }
  } else if (StartsWith(location, "postgresql://") || StartsWith(location, "postgres://")) {
    return FailedPrecondition("store '" + location +
                              "': PostgreSQL stores are not supported yet in this build of "
                              "mercato; use a SQLite file (sqlite:PATH or a plain path)");
  } else if (const size_t scheme = location.find("://"); scheme != std::string::npos) {
    return InvalidArgument("store '" + location + "': unknown kind of store '" +
                           location.substr(0, scheme) +
                           "'; expected sqlite:PATH, a file path, :memory: or postgresql://...");
  }
  ASSIGN_OR_RETURN(auto backend, SqliteStore::Open(path));
  return std::unique_ptr<Store>(std::make_unique<ErasureGuard>(std::move(backend)));
}

}  // namespace mercato
