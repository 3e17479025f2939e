// SQLite store: statements generated from the entity field descriptors.
#include "store/sqlite/sqlite_store.h"

#include <algorithm>

#include "store/sqlite/migrations.h"

namespace mercato {
namespace {

std::string Quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

template <class T>
bool IsKey(std::string_view field) {
  const auto& keys = EntityTraits<T>::Keys();
  return std::find(keys.begin(), keys.end(), field) != keys.end();
}

template <class T>
std::string ColumnList() {
  std::string cols;
  for (const auto& f : EntityTraits<T>::Fields()) {
    if (!cols.empty()) cols += ", ";
    cols += Quoted(f.name);
  }
  return cols;
}

template <class T>
std::string KeyList() {
  std::string keys;
  for (auto k : EntityTraits<T>::Keys()) {
    if (!keys.empty()) keys += ", ";
    keys += Quoted(k);
  }
  return keys;
}

template <class T>
std::string UpsertSql() {
  std::string placeholders, updates;
  for (const auto& f : EntityTraits<T>::Fields()) {
    placeholders += placeholders.empty() ? "?" : ", ?";
    if (IsKey<T>(f.name)) continue;
    if (!updates.empty()) updates += ", ";
    // Unknown (NULL) never overwrites known: partial rows from one source keep what another
    // source said (an order import does not blank a customer's email).
    updates += Quoted(f.name) + " = coalesce(excluded." + Quoted(f.name) + ", " + Quoted(f.name) + ")";
  }
  return "INSERT INTO " + Quoted(EntityTraits<T>::kName) + " (" + ColumnList<T>() + ") VALUES (" +
         placeholders + ") ON CONFLICT (" + KeyList<T>() + ") DO UPDATE SET " + updates;
}

template <class T>
void BindFields(sqlite3_stmt* stmt, const T& entity) {
  int col = 1;
  for (const auto& f : EntityTraits<T>::Fields()) {
    const bool key = IsKey<T>(f.name);
    std::visit(
        [&](auto member) {
          using M = std::remove_cvref_t<decltype(entity.*member)>;
          const M& v = entity.*member;
          if constexpr (std::is_same_v<M, std::string>) {
            // Keys are never NULL (NULLs would not collide, breaking idempotent upserts).
            if (v.empty() && !key) {
              sqlite3_bind_null(stmt, col);
            } else {
              sqlite3_bind_text(stmt, col, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
            }
          } else if constexpr (std::is_same_v<M, bool>) {
            sqlite3_bind_int(stmt, col, v ? 1 : 0);
          } else if constexpr (std::is_same_v<M, int64_t>) {
            sqlite3_bind_int64(stmt, col, v);
          } else if constexpr (std::is_same_v<M, double>) {
            sqlite3_bind_double(stmt, col, v);
          } else if constexpr (std::is_same_v<M, std::optional<int64_t>>) {
            v ? sqlite3_bind_int64(stmt, col, *v) : sqlite3_bind_null(stmt, col);
          } else {
            v ? sqlite3_bind_double(stmt, col, *v) : sqlite3_bind_null(stmt, col);
          }
        },
        f.member);
    ++col;
  }
}

template <class T>
void ReadFields(sqlite3_stmt* stmt, T& entity) {
  int col = 0;
  for (const auto& f : EntityTraits<T>::Fields()) {
    const bool null = sqlite3_column_type(stmt, col) == SQLITE_NULL;
    std::visit(
        [&](auto member) {
          using M = std::remove_cvref_t<decltype(entity.*member)>;
          M& v = entity.*member;
          if (null) {
            v = M{};
          } else if constexpr (std::is_same_v<M, std::string>) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
            v.assign(text, static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
          } else if constexpr (std::is_same_v<M, bool>) {
            v = sqlite3_column_int(stmt, col) != 0;
          } else if constexpr (std::is_same_v<M, int64_t> ||
                               std::is_same_v<M, std::optional<int64_t>>) {
            v = static_cast<int64_t>(sqlite3_column_int64(stmt, col));
          } else {
            v = sqlite3_column_double(stmt, col);
          }
        },
        f.member);
    ++col;
  }
}

// The message for a child row whose parent does not exist.
template <class T>
std::string MissingParentMessage(const T& entity) {
  if constexpr (std::is_same_v<T, OrderLine>) {
    return "order line refers to order '" + entity.order_id +
           "', which does not exist (orders must be imported before their lines)";
  } else if constexpr (std::is_same_v<T, CartItem>) {
    return "cart item refers to cart '" + entity.cart_id +
           "', which does not exist (carts must be imported before their items)";
  } else {
    return std::string(EntityTraits<T>::kName) + " row refers to a missing parent";
  }
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path));
  RETURN_IF_ERROR(ApplyMigrations(*db, StoreMigrations()));
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(db)));
  ASSIGN_OR_RETURN(int64_t version, store->db_->QueryInt("PRAGMA user_version"));
  store->schema_version_ = static_cast<int>(version);
  return store;
}

Status SqliteStore::Begin() { return db_->Exec("BEGIN IMMEDIATE"); }
Status SqliteStore::Commit() { return db_->Exec("COMMIT"); }
Status SqliteStore::Rollback() { return db_->Exec("ROLLBACK"); }

template <class T>
Status SqliteStore::PutTyped(const T& entity) {
  SqliteStmt& stmt = upserts_[static_cast<size_t>(EntityTraits<T>::kKind)];
  if (stmt.get() == nullptr) {
    ASSIGN_OR_RETURN(stmt, db_->Prepare(UpsertSql<T>()));
  }
  BindFields(stmt.get(), entity);
  const int rc = sqlite3_step(stmt.get());
  sqlite3_reset(stmt.get());
  sqlite3_clear_bindings(stmt.get());
  if (rc == SQLITE_DONE) return Status::Ok();
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return InvalidArgument(MissingParentMessage(entity));
  return db_->Error("writing to " + std::string(EntityTraits<T>::kName));
}

Status SqliteStore::Put(EntityRef entity) {
  return std::visit([&](const auto* e) { return PutTyped(*e); }, entity);
}

template <class T>
Status SqliteStore::ScanTyped(const std::function<Status(EntityRef)>& fn, std::string_view where,
                             std::string_view param) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT " + ColumnList<T>() + " FROM " +
                                Quoted(EntityTraits<T>::kName) +
                                (where.empty() ? "" : " WHERE " + std::string(where)) +
                                " ORDER BY " + KeyList<T>()));
  if (!where.empty()) {
    sqlite3_bind_text(stmt.get(), 1, param.data(), static_cast<int>(param.size()), SQLITE_STATIC);
  }
  T entity;
  for (;;) {
    const int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return db_->Error("reading " + std::string(EntityTraits<T>::kName));
    ReadFields(stmt.get(), entity);
    RETURN_IF_ERROR(fn(EntityRef(&entity)));
  }
}

Status SqliteStore::Scan(EntityKind kind, const std::function<Status(EntityRef)>& fn) {
  Status status = Internal("unknown entity kind");
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    if (EntityTraits<T>::kKind == kind) status = ScanTyped<T>(fn);
  });
  return status;
}

Status SqliteStore::ScanEventsOfType(std::string_view type,
                                     const std::function<Status(const Event&)>& fn) {
  return ScanTyped<Event>([&](EntityRef ref) { return fn(*std::get<const Event*>(ref)); },
                          "type = ?", type);
}

Result<int64_t> SqliteStore::Count(EntityKind kind) {
  return db_->QueryInt("SELECT count(*) FROM " + Quoted(EntityName(kind)));
}

Result<std::optional<std::pair<int64_t, int64_t>>> SqliteStore::TimeRange(std::string_view table) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT min(ts), max(ts) FROM " + Quoted(table)));
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return db_->Error("reading time range");
  if (sqlite3_column_type(stmt.get(), 0) == SQLITE_NULL) {
    return std::optional<std::pair<int64_t, int64_t>>();
  }
  return std::optional<std::pair<int64_t, int64_t>>(
      std::pair<int64_t, int64_t>(sqlite3_column_int64(stmt.get(), 0),
                                  sqlite3_column_int64(stmt.get(), 1)));
}

Result<StoreSummary> SqliteStore::Summarize(int top_categories) {
  StoreSummary summary;
  for (size_t k = 0; k < kEntityKindCount; ++k) {
    ASSIGN_OR_RETURN(int64_t n, Count(static_cast<EntityKind>(k)));
    summary.counts.emplace_back(std::string(EntityNames()[k]), n);
  }
  ASSIGN_OR_RETURN(auto orders, TimeRange("orders"));
  if (orders) summary.first_order = orders->first, summary.last_order = orders->second;
  ASSIGN_OR_RETURN(auto events, TimeRange("events"));
  if (events) summary.first_event = events->first, summary.last_event = events->second;

  constexpr std::string_view kTop =
      "CASE WHEN instr(p.category, ' > ') > 0 THEN substr(p.category, 1, instr(p.category, ' > ') "
      "- 1) ELSE p.category END";
  const std::string limit = " LIMIT " + std::to_string(std::max(0, top_categories));
  for (const std::string& sql :
       {"SELECT " + std::string(kTop) + " AS top, sum(l.quantity) AS n FROM order_lines l JOIN "
        "products p ON p.sku = l.sku WHERE p.category IS NOT NULL GROUP BY top ORDER BY n DESC, "
        "top" + limit,
        "SELECT " + std::string(kTop) + " AS top, count(*) AS n FROM products p WHERE p.category "
        "IS NOT NULL GROUP BY top ORDER BY n DESC, top" + limit}) {
    ASSIGN_OR_RETURN(SqliteStmt stmt, db_->Prepare(sql));
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
      const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));
      summary.top_categories.emplace_back(name != nullptr ? name : "",
                                          sqlite3_column_int64(stmt.get(), 1));
    }
    if (!summary.top_categories.empty()) break;
  }
  return summary;
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  ASSIGN_OR_RETURN(auto store, SqliteStore::Open(location));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace mercato
