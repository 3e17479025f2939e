// Binding and reading SQLite columns: the small conversions every SqliteStore source file shares.
#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time.h"
#include "store/sqlite/sqlite_db.h"

namespace mercato {

inline void BindText(sqlite3_stmt* stmt, int col, std::string_view text) {
  sqlite3_bind_text(stmt, col, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

inline void BindTime(sqlite3_stmt* stmt, int col, std::optional<Timestamp> ts) {
  ts ? sqlite3_bind_int64(stmt, col, *ts) : sqlite3_bind_null(stmt, col);
}

inline std::string ColumnText(sqlite3_stmt* stmt, int col) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
  return text == nullptr ? std::string()
                         : std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
}

// A text column as a view, valid until the statement steps on ("" for NULL).
inline std::string_view ColumnView(sqlite3_stmt* stmt, int col) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
  return text == nullptr
             ? std::string_view()
             : std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
}

inline std::optional<double> ColumnOptionalDouble(sqlite3_stmt* stmt, int col) {
  if (sqlite3_column_type(stmt, col) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_double(stmt, col);
}

// Steps a statement that returns no rows.
inline Status StepDone(SqliteDb& db, sqlite3_stmt* stmt, std::string_view context) {
  if (sqlite3_step(stmt) == SQLITE_DONE) return Status::Ok();
  return db.Error(context);
}

}  // namespace mercato
