// SQLite connection set-up and statement helpers.
#include "store/sqlite/sqlite_db.h"

namespace mercato {

SqliteStmt& SqliteStmt::operator=(SqliteStmt&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw, path));
  if (rc != SQLITE_OK) return IoError("cannot open database " + path + ": " + sqlite3_errstr(rc));
  sqlite3_busy_timeout(raw, 5000);
  sqlite3_extended_result_codes(raw, 1);
  // A file that is not a database fails here, on first read. secure_delete zeroes the bytes of
  // deleted rows, so that an erasure leaves nothing in the file (Store::PurgeDeletedData).
  Status s = db->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
      "PRAGMA secure_delete=ON;"
      "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=1073741824;");
  if (!s.ok()) return IoError(path + " is not a usable mercato database: " + s.message());
  return db;
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

Status SqliteDb::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    Status s = IoError(err != nullptr ? err : "sqlite error");
    sqlite3_free(err);
    return s;
  }
  return Status::Ok();
}

Result<SqliteStmt> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    return Error("preparing '" + std::string(sql.substr(0, 60)) + "'");
  }
  return SqliteStmt(stmt);
}

Result<int64_t> SqliteDb::QueryInt(std::string_view sql) {
  ASSIGN_OR_RETURN(SqliteStmt stmt, Prepare(sql));
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return Error("running '" + std::string(sql) + "'");
  return static_cast<int64_t>(sqlite3_column_int64(stmt.get(), 0));
}

Status SqliteDb::Error(std::string_view context) const {
  return IoError(std::string(context) + ": " + sqlite3_errmsg(db_));
}

}  // namespace mercato
