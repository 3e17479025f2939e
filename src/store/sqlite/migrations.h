// Versioned schema migrations of the SQLite store (version kept in PRAGMA user_version).
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/sqlite/sqlite_db.h"

namespace mercato {

struct Migration {
  int version;  // the schema version this migration produces; versions are 1, 2, 3, ...
  std::string_view description;
  std::string_view sql;
  /// Runs before `sql`, in the same transaction, for the steps SQL cannot make conditional
  /// (adding a column only where it is missing); nullptr for none.
  Status (*prepare)(SqliteDb& db) = nullptr;
};

/// Every migration of the store's schema, oldest first. Never edit a released one: append.
const std::vector<Migration>& StoreMigrations();

/// Brings `db` to the last version of `migrations`, each step in its own transaction.
/// A database at a newer version than the last migration is refused (FailedPrecondition).
Status ApplyMigrations(SqliteDb& db, const std::vector<Migration>& migrations);

}  // namespace mercato
