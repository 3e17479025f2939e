// SQLite store: statements generated from the entity field descriptors.
#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "common/text.h"
#include "store/sql/sql_dialect.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_columns.h"

namespace mercato {
namespace {

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
    cols += QuoteIdentifier(f.name);
  }
  return cols;
}

template <class T>
std::string KeyList() {
  std::string keys;
  for (auto k : EntityTraits<T>::Keys()) {
    if (!keys.empty()) keys += ", ";
    keys += QuoteIdentifier(k);
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
    updates += QuoteIdentifier(f.name) + " = coalesce(excluded." + QuoteIdentifier(f.name) + ", " +
               QuoteIdentifier(f.name) + ")";
  }
  return "INSERT INTO " + QuoteIdentifier(EntityTraits<T>::kName) + " (" + ColumnList<T>() +
         ") VALUES (" + placeholders + ") ON CONFLICT (" + KeyList<T>() + ") DO UPDATE SET " +
         updates;
}

// Inserts an event unless its id is stored: DO NOTHING leaves the stored row as it is.
std::string InsertEventSql() {
  std::string placeholders;
  for (size_t i = 0; i < EntityTraits<Event>::Fields().size(); ++i) {
    placeholders += i == 0 ? "?" : ", ?";
  }
  return "INSERT INTO " + QuoteIdentifier(EntityTraits<Event>::kName) + " (" + ColumnList<Event>() +
         ") VALUES (" + placeholders + ") ON CONFLICT (" + KeyList<Event>() + ") DO NOTHING";
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
Status SqliteStore::Upsert(const T& entity) {
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
  return std::visit([&](const auto* e) { return Upsert(*e); }, entity);
}

Result<std::vector<Store::EventWrite>> SqliteStore::InsertEvents(std::span<const Event> events) {
  if (insert_event_.get() == nullptr) {
    ASSIGN_OR_RETURN(insert_event_, db_->Prepare(InsertEventSql()));
  }
  sqlite3_stmt* stmt = insert_event_.get();
  std::vector<EventWrite> outcomes;
  outcomes.reserve(events.size());
  for (const Event& e : events) {
    BindFields(stmt, e);
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return db_->Error("inserting into events");
    outcomes.push_back(sqlite3_changes(db_->handle()) > 0 ? EventWrite::kWritten
                                                          : EventWrite::kDuplicate);
  }
  sqlite3_clear_bindings(stmt);
  return outcomes;
}

template <class T>
Status SqliteStore::ScanTyped(const std::function<Status(EntityRef)>& fn, std::string_view where,
                              std::string_view param) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT " + ColumnList<T>() + " FROM " +
                                QuoteIdentifier(EntityTraits<T>::kName) +
                                (where.empty() ? "" : " WHERE " + std::string(where)) +
                                " ORDER BY " + KeyList<T>()));
  if (!where.empty()) BindText(stmt.get(), 1, param);
  return ReadEntities<T>(stmt.get(), fn);
}

template <class T>
Status SqliteStore::ReadEntities(sqlite3_stmt* stmt, const std::function<Status(EntityRef)>& fn) {
  T entity;  // reused: assign() keeps the strings' capacity, so rows cost no allocation
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return db_->Error("reading " + std::string(EntityTraits<T>::kName));
    ReadFields(stmt, entity);
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

// One range scan of the index events_ts (store/sql/entity_ddl.cpp): the rows come in ts order
// and only the events of one ts are sorted by id. INDEXED BY holds the plan to it, whatever the
// table's statistics say.
Status SqliteStore::ScanEventsInRange(Timestamp from, Timestamp to,
                                      const std::function<Status(const Event&)>& fn) {
  if (to <= from) return Status::Ok();
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT " + ColumnList<Event>() +
                                " FROM events INDEXED BY events_ts WHERE ts >= ?1 AND ts < ?2 "
                                "ORDER BY ts, id"));
  sqlite3_bind_int64(stmt.get(), 1, from);
  sqlite3_bind_int64(stmt.get(), 2, to);
  return ReadEntities<Event>(stmt.get(),
                             [&](EntityRef ref) { return fn(*std::get<const Event*>(ref)); });
}

Result<int64_t> SqliteStore::Count(EntityKind kind) {
  return db_->QueryInt("SELECT count(*) FROM " + QuoteIdentifier(EntityName(kind)));
}

Result<std::optional<TimeSpan>> SqliteStore::TimeSpanOf(EntityKind kind) {
  bool has_ts = false;
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    if (EntityTraits<T>::kKind != kind) return;
    for (const auto& f : EntityTraits<T>::Fields()) {
      has_ts = has_ts || (f.name == "ts" && f.type == FieldType::kTime);
    }
  });
  if (!has_ts) {
    return InvalidArgument(std::string(EntityName(kind)) + " have no time field 'ts'");
  }
  ASSIGN_OR_RETURN(SqliteStmt stmt, db_->Prepare("SELECT min(ts), max(ts) FROM " +
                                                 QuoteIdentifier(EntityName(kind))));
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return db_->Error("reading a time span");
  if (sqlite3_column_type(stmt.get(), 0) == SQLITE_NULL) return std::optional<TimeSpan>();
  return std::optional<TimeSpan>(
      TimeSpan{sqlite3_column_int64(stmt.get(), 0), sqlite3_column_int64(stmt.get(), 1)});
}

Status SqliteStore::PutApiKey(const ApiKeyRecord& key) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("INSERT OR REPLACE INTO api_keys (id, name, scope, salt, hash, "
                                "created_at, revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  sqlite3_stmt* s = stmt.get();
  BindText(s, 1, key.id);
  BindText(s, 2, key.name);
  BindText(s, 3, KeyScopeName(key.scope));
  BindText(s, 4, key.salt);
  BindText(s, 5, key.hash);
  sqlite3_bind_int64(s, 6, key.created_at);
  BindTime(s, 7, key.revoked_at);
  return StepDone(*db_, s, "writing an API key");
}

Result<std::vector<ApiKeyRecord>> SqliteStore::ListApiKeys() {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT id, name, scope, salt, hash, created_at, revoked_at FROM "
                                "api_keys ORDER BY id"));
  std::vector<ApiKeyRecord> keys;
  sqlite3_stmt* s = stmt.get();
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return keys;
    if (rc != SQLITE_ROW) return db_->Error("reading API keys");
    ApiKeyRecord key;
    key.id = ColumnText(s, 0);
    key.name = ColumnText(s, 1);
    const std::string scope = ColumnText(s, 2);
    const std::optional<KeyScope> parsed = ParseKeyScope(scope);
    if (!parsed) return IoError("API key " + key.id + " has an unknown scope '" + scope + "'");
    key.scope = *parsed;
    key.salt = ColumnText(s, 3);
    key.hash = ColumnText(s, 4);
    key.created_at = sqlite3_column_int64(s, 5);
    if (sqlite3_column_type(s, 6) != SQLITE_NULL) key.revoked_at = sqlite3_column_int64(s, 6);
    keys.push_back(std::move(key));
  }
}

Result<bool> SqliteStore::RevokeApiKey(std::string_view id, Timestamp ts) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?2) "
                                "WHERE id = ?1"));
  BindText(stmt.get(), 1, id);
  sqlite3_bind_int64(stmt.get(), 2, ts);
  RETURN_IF_ERROR(StepDone(*db_, stmt.get(), "revoking an API key"));
  return sqlite3_changes(db_->handle()) > 0;
}

Status SqliteStore::AppendAudit(const AuditRecord& record) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("INSERT INTO audit_log (ts, actor, action, subject, detail) "
                                "VALUES (?1, ?2, ?3, ?4, ?5)"));
  sqlite3_stmt* s = stmt.get();
  sqlite3_bind_int64(s, 1, record.ts);
  BindText(s, 2, record.actor);
  BindText(s, 3, record.action);
  BindText(s, 4, record.subject);
  BindText(s, 5, record.detail);
  return StepDone(*db_, s, "appending to the audit log");
}

Status SqliteStore::ScanAudit(const std::function<Status(const AuditRecord&)>& fn) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT seq, ts, actor, action, subject, detail FROM audit_log "
                                "ORDER BY seq"));
  sqlite3_stmt* s = stmt.get();
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return db_->Error("reading the audit log");
    AuditRecord r;
    r.seq = sqlite3_column_int64(s, 0);
    r.ts = sqlite3_column_int64(s, 1);
    r.actor = ColumnText(s, 2);
    r.action = ColumnText(s, 3);
    r.subject = ColumnText(s, 4);
    r.detail = ColumnText(s, 5);
    RETURN_IF_ERROR(fn(r));
  }
}

Result<bool> SqliteStore::MarkWebhookDelivered(std::string_view delivery_id, std::string_view topic,
                                               Timestamp ts) {
  // The primary key makes the insert the atomic test-and-set, across connections too.
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("INSERT OR IGNORE INTO webhook_deliveries (id, topic, "
                                "received_at) VALUES (?1, ?2, ?3)"));
  BindText(stmt.get(), 1, delivery_id);
  BindText(stmt.get(), 2, topic);
  sqlite3_bind_int64(stmt.get(), 3, ts);
  RETURN_IF_ERROR(StepDone(*db_, stmt.get(), "recording a webhook delivery"));
  if (sqlite3_changes(db_->handle()) == 0) return false;
  ASSIGN_OR_RETURN(SqliteStmt prune,
                   db_->Prepare("DELETE FROM webhook_deliveries WHERE received_at < ?1"));
  sqlite3_bind_int64(prune.get(), 1, ts - kWebhookDeliveryMemorySeconds);
  RETURN_IF_ERROR(StepDone(*db_, prune.get(), "forgetting old webhook deliveries"));
  return true;
}

Status SqliteStore::PutSetting(std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(
      SqliteStmt stmt,
      db_->Prepare("INSERT OR REPLACE INTO store_settings (key, value) VALUES (?1, ?2)"));
  BindText(stmt.get(), 1, key);
  BindText(stmt.get(), 2, value);
  return StepDone(*db_, stmt.get(), "writing the store setting " + std::string(key));
}

Result<std::optional<std::string>> SqliteStore::GetSetting(std::string_view key) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT value FROM store_settings WHERE key = ?1"));
  BindText(stmt.get(), 1, key);
  const int rc = sqlite3_step(stmt.get());
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return db_->Error("reading the store setting " + std::string(key));
  return std::optional<std::string>(ColumnText(stmt.get(), 0));
}

Status SqliteStore::AppendImportRecord(const ImportRecord& record) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("INSERT INTO import_history (at, format, sources, rows_read, "
                                "rows_imported, rows_excluded, rows_rejected, written, warnings, "
                                "seconds, outcome, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                                "?9, ?10, ?11, ?12)"));
  sqlite3_stmt* s = stmt.get();
  const std::string sources = nlohmann::json(record.sources).dump();
  const std::string written = nlohmann::json(record.written).dump();
  sqlite3_bind_int64(s, 1, record.at);
  BindText(s, 2, record.format);
  BindText(s, 3, sources);
  sqlite3_bind_int64(s, 4, record.rows_read);
  sqlite3_bind_int64(s, 5, record.rows_imported);
  sqlite3_bind_int64(s, 6, record.rows_excluded);
  sqlite3_bind_int64(s, 7, record.rows_rejected);
  BindText(s, 8, written);
  sqlite3_bind_int64(s, 9, record.warnings);
  sqlite3_bind_double(s, 10, record.seconds);
  BindText(s, 11, record.outcome);
  BindText(s, 12, record.error);
  return StepDone(*db_, s, "appending to the import history");
}

Result<std::vector<ImportRecord>> SqliteStore::ListImportRecords(int limit) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT seq, at, format, sources, rows_read, rows_imported, "
                                "rows_excluded, rows_rejected, written, warnings, seconds, "
                                "outcome, error FROM import_history ORDER BY seq DESC LIMIT ?1"));
  sqlite3_stmt* s = stmt.get();
  sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);  // a negative LIMIT is no limit
  std::vector<ImportRecord> records;
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return records;
    if (rc != SQLITE_ROW) return db_->Error("reading the import history");
    ImportRecord r;
    r.seq = sqlite3_column_int64(s, 0);
    r.at = sqlite3_column_int64(s, 1);
    r.format = ColumnText(s, 2);
    const auto sources = nlohmann::json::parse(ColumnText(s, 3), nullptr, false);
    const auto written = nlohmann::json::parse(ColumnText(s, 8), nullptr, false);
    if (!sources.is_array() || !written.is_object()) {
      return IoError("import history record " + std::to_string(r.seq) + " of " + db_->path() +
                     " is damaged (its sources or written counts are not JSON)");
    }
    for (const auto& source : sources) {
      if (source.is_string()) r.sources.push_back(source.get<std::string>());
    }
    for (const auto& [entity, n] : written.items()) {
      if (n.is_number_integer()) r.written[entity] = n.get<int64_t>();
    }
    r.rows_read = sqlite3_column_int64(s, 4);
    r.rows_imported = sqlite3_column_int64(s, 5);
    r.rows_excluded = sqlite3_column_int64(s, 6);
    r.rows_rejected = sqlite3_column_int64(s, 7);
    r.warnings = sqlite3_column_int64(s, 9);
    r.seconds = sqlite3_column_double(s, 10);
    r.outcome = ColumnText(s, 11);
    r.error = ColumnText(s, 12);
    records.push_back(std::move(r));
  }
}

template <class T>
Result<std::vector<T>> SqliteStore::Select(std::string_view where, std::string_view param) {
  std::vector<T> out;
  RETURN_IF_ERROR(ScanTyped<T>(
      [&](EntityRef ref) {
        out.push_back(*std::get<const T*>(ref));
        return Status::Ok();
      },
      where, param));
  return out;
}

Result<std::optional<Customer>> SqliteStore::GetCustomer(std::string_view id) {
  ASSIGN_OR_RETURN(std::vector<Customer> found, Select<Customer>("id = ?1", id));
  if (found.empty()) return std::optional<Customer>();
  return std::optional<Customer>(std::move(found.front()));
}

Result<std::vector<Customer>> SqliteStore::FindCustomersByEmail(std::string_view email) {
  if (email.empty()) return std::vector<Customer>();
  return Select<Customer>("email = ?1 COLLATE NOCASE", email);  // index customers_email_nocase
}

Result<std::vector<Customer>> SqliteStore::FindCustomersByShopifyId(std::string_view shopify_id) {
  if (shopify_id.empty()) return std::vector<Customer>();
  return Select<Customer>("shopify_id = ?1", shopify_id);
}

Result<std::optional<Order>> SqliteStore::GetOrder(std::string_view id) {
  ASSIGN_OR_RETURN(std::vector<Order> found, Select<Order>("id = ?1", id));
  if (found.empty()) return std::optional<Order>();
  return std::optional<Order>(std::move(found.front()));
}

Result<std::vector<Order>> SqliteStore::FindOrdersByShopifyId(std::string_view shopify_id) {
  if (shopify_id.empty()) return std::vector<Order>();
  return Select<Order>("shopify_id = ?1", shopify_id);
}

Result<CustomerRecords> SqliteStore::GetCustomerRecords(std::string_view id) {
  CustomerRecords r;
  ASSIGN_OR_RETURN(std::optional<Customer> customer, GetCustomer(id));
  r.found = customer.has_value();
  if (customer) r.customer = std::move(*customer);
  constexpr std::string_view kOfOrders =
      "order_id IN (SELECT id FROM orders WHERE customer_id = ?1)";
  ASSIGN_OR_RETURN(r.consents, Select<Consent>("customer_id = ?1", id));
  ASSIGN_OR_RETURN(r.orders, Select<Order>("customer_id = ?1", id));
  ASSIGN_OR_RETURN(r.order_lines, Select<OrderLine>(kOfOrders, id));
  ASSIGN_OR_RETURN(r.returns, Select<Return>("customer_id = ?1 OR " + std::string(kOfOrders), id));
  ASSIGN_OR_RETURN(r.events, Select<Event>("customer_id = ?1", id));
  ASSIGN_OR_RETURN(r.carts, Select<Cart>("customer_id = ?1", id));
  ASSIGN_OR_RETURN(
      r.cart_items,
      Select<CartItem>("cart_id IN (SELECT id FROM carts WHERE customer_id = ?1)", id));
  RETURN_IF_ERROR(ReadExposuresOf(id, r.exposures));
  RETURN_IF_ERROR(ReadJourneyRecordsOf(id, r));
  return r;
}

Result<int64_t> SqliteStore::Run(std::string_view sql, std::string_view param) {
  ASSIGN_OR_RETURN(SqliteStmt stmt, db_->Prepare(sql));
  BindText(stmt.get(), 1, param);
  RETURN_IF_ERROR(StepDone(*db_, stmt.get(), "erasing a customer"));
  return static_cast<int64_t>(sqlite3_changes(db_->handle()));
}

Status SqliteStore::EraseCustomerRows(std::string_view id) {
  for (std::string_view sql : {
           "DELETE FROM experiment_exposures WHERE unit = ?1 AND experiment_key IN "
           "(SELECT key FROM experiments WHERE unit = 'customer')",
           // Sessions are known from the customer's events and carts, deleted just after.
           "DELETE FROM experiment_exposures WHERE experiment_key IN "
           "(SELECT key FROM experiments WHERE unit = 'session') AND unit IN "
           "(SELECT session_id FROM events WHERE customer_id = ?1 AND session_id IS NOT NULL "
           "UNION SELECT session_id FROM carts WHERE customer_id = ?1 AND session_id IS NOT NULL)",
           "DELETE FROM outbox WHERE customer_id = ?1",
           "DELETE FROM cart_items WHERE cart_id IN (SELECT id FROM carts WHERE customer_id = ?1)",
           "DELETE FROM carts WHERE customer_id = ?1",
           "DELETE FROM events WHERE customer_id = ?1",
           "DELETE FROM consents WHERE customer_id = ?1",
           "DELETE FROM journey_log WHERE customer_id = ?1",
           "UPDATE orders SET customer_id = NULL WHERE customer_id = ?1",
           "UPDATE returns SET customer_id = NULL WHERE customer_id = ?1",
           "DELETE FROM customers WHERE id = ?1",
       }) {
    ASSIGN_OR_RETURN(int64_t changed, Run(sql, id));
    (void)changed;
  }
  ASSIGN_OR_RETURN(int64_t remembered,
                   Run("INSERT OR IGNORE INTO erased_customers (id_hash, erased_at) "
                       "VALUES (?1, CAST(strftime('%s', 'now') AS INTEGER))",
                       ErasedCustomerHash(id)));
  (void)remembered;
  return Status::Ok();
}

// Inside the caller's transaction a savepoint makes `body` all-or-nothing without ending that
// transaction; outside, `body` is a transaction of its own.
Status SqliteStore::AllOrNothing(std::string_view savepoint, const std::function<Status()>& body) {
  const bool own = sqlite3_get_autocommit(db_->handle()) != 0;
  const std::string name(savepoint);
  RETURN_IF_ERROR(db_->Exec(own ? "BEGIN IMMEDIATE" : "SAVEPOINT " + name));
  Status s = body();
  if (s.ok()) s = db_->Exec(own ? "COMMIT" : "RELEASE " + name);
  if (!s.ok()) {
    (void)db_->Exec(own ? "ROLLBACK" : "ROLLBACK TO " + name + "; RELEASE " + name);
  }
  return s;
}

Status SqliteStore::EraseCustomer(std::string_view id) {
  return AllOrNothing("erase_customer", [&] { return EraseCustomerRows(id); });
}

// Every connection runs with secure_delete (SqliteDb::Open), so a delete zeroes the row's bytes
// in the pages it writes; those pages go to the WAL, which still holds the older copies. A
// TRUNCATE checkpoint copies the zeroed pages into the database file and empties the WAL. It
// waits (busy timeout) for readers of other connections that still need the older copies.
Status SqliteStore::PurgeDeletedData() {
  if (sqlite3_get_autocommit(db_->handle()) == 0) {
    return FailedPrecondition("deleted data can be purged only outside a transaction");
  }
  ASSIGN_OR_RETURN(SqliteStmt stmt, db_->Prepare("PRAGMA wal_checkpoint(TRUNCATE)"));
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return db_->Error("checkpointing " + db_->path());
  if (sqlite3_column_int(stmt.get(), 0) != 0) {
    return IoError("could not purge deleted data from " + db_->path() +
                   "-wal: another connection kept reading it; retry once it is done");
  }
  return Status::Ok();
}

Result<bool> SqliteStore::IsErased(std::string_view id_hash) {
  if (erased_lookup_.get() == nullptr) {
    ASSIGN_OR_RETURN(erased_lookup_,
                     db_->Prepare("SELECT 1 FROM erased_customers WHERE id_hash = ?1"));
  }
  BindText(erased_lookup_.get(), 1, id_hash);
  const int rc = sqlite3_step(erased_lookup_.get());
  sqlite3_reset(erased_lookup_.get());
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_->Error("reading erased customers");
  return rc == SQLITE_ROW;
}

Result<bool> SqliteStore::AnyErased() {
  ASSIGN_OR_RETURN(int64_t any, db_->QueryInt("SELECT EXISTS (SELECT 1 FROM erased_customers)"));
  return any != 0;
}

Result<int64_t> SqliteStore::CountWithKey(std::string_view sql, std::string_view key) {
  ASSIGN_OR_RETURN(SqliteStmt stmt, db_->Prepare(sql));
  BindText(stmt.get(), 1, key);
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return db_->Error("counting experiment rows");
  return static_cast<int64_t>(sqlite3_column_int64(stmt.get(), 0));
}

Status SqliteStore::PutExperiment(const ExperimentRecord& experiment) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("INSERT INTO experiments (key, unit, definition, created_at, "
                                "updated_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (key) DO "
                                "UPDATE SET unit = excluded.unit, definition = "
                                "excluded.definition, updated_at = excluded.updated_at"));
  sqlite3_stmt* s = stmt.get();
  BindText(s, 1, experiment.key);
  BindText(s, 2, experiment.unit);
  BindText(s, 3, experiment.definition);
  sqlite3_bind_int64(s, 4, experiment.created_at);
  sqlite3_bind_int64(s, 5, experiment.updated_at);
  return StepDone(*db_, s, "writing the experiment " + experiment.key);
}

Result<std::vector<ExperimentRecord>> SqliteStore::SelectExperiments(std::string_view where,
                                                                     std::string_view param) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT key, unit, definition, created_at, updated_at FROM "
                                "experiments " +
                                std::string(where) + " ORDER BY key"));
  sqlite3_stmt* s = stmt.get();
  if (!where.empty()) BindText(s, 1, param);
  std::vector<ExperimentRecord> out;
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return out;
    if (rc != SQLITE_ROW) return db_->Error("reading experiments");
    ExperimentRecord r;
    r.key = ColumnText(s, 0);
    r.unit = ColumnText(s, 1);
    r.definition = ColumnText(s, 2);
    r.created_at = sqlite3_column_int64(s, 3);
    r.updated_at = sqlite3_column_int64(s, 4);
    out.push_back(std::move(r));
  }
}

Result<std::optional<ExperimentRecord>> SqliteStore::GetExperiment(std::string_view key) {
  ASSIGN_OR_RETURN(std::vector<ExperimentRecord> found, SelectExperiments("WHERE key = ?1", key));
  if (found.empty()) return std::optional<ExperimentRecord>();
  return std::optional<ExperimentRecord>(std::move(found.front()));
}

Result<std::vector<ExperimentRecord>> SqliteStore::ListExperiments() {
  return SelectExperiments("", "");
}

Status SqliteStore::InsertExposures(std::string_view experiment_key,
                                    std::span<const Exposure> exposures, int64_t& written) {
  ASSIGN_OR_RETURN(int64_t known,
                   CountWithKey("SELECT count(*) FROM experiments WHERE key = ?1", experiment_key));
  if (known == 0) {
    return NotFound("no experiment has the key '" + std::string(experiment_key) +
                    "'; `mercato experiments list` shows them");
  }
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("INSERT OR IGNORE INTO experiment_exposures (experiment_key, "
                                "unit, variant, first_at) VALUES (?1, ?2, ?3, ?4)"));
  sqlite3_stmt* s = stmt.get();
  BindText(s, 1, experiment_key);
  for (const Exposure& e : exposures) {
    BindText(s, 2, e.unit);
    BindText(s, 3, e.variant);
    sqlite3_bind_int64(s, 4, e.first_at);
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return db_->Error("recording exposures");
    written += sqlite3_changes(db_->handle());
  }
  return Status::Ok();
}

Result<int64_t> SqliteStore::RecordExposures(std::string_view experiment_key,
                                             std::span<const Exposure> exposures) {
  int64_t written = 0;
  RETURN_IF_ERROR(AllOrNothing(
      "record_exposures", [&] { return InsertExposures(experiment_key, exposures, written); }));
  return written;
}

Status SqliteStore::ForEachExposure(std::string_view experiment_key,
                                    const std::function<Status(const Exposure&)>& fn) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT unit, variant, first_at FROM experiment_exposures WHERE "
                                "experiment_key = ?1 ORDER BY unit"));
  sqlite3_stmt* s = stmt.get();
  BindText(s, 1, experiment_key);
  Exposure e;  // reused: assign() keeps the strings' capacity, so rows cost no allocation
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return db_->Error("reading exposures");
    e.unit.assign(ColumnView(s, 0));
    e.variant.assign(ColumnView(s, 1));
    e.first_at = sqlite3_column_int64(s, 2);
    RETURN_IF_ERROR(fn(e));
  }
}

Status SqliteStore::ReadExposuresOf(std::string_view customer_id,
                                    std::vector<CustomerExposure>& out) {
  // The exposures EraseCustomerRows deletes: customer units that are the customer, session units
  // that are one of their sessions.
  ASSIGN_OR_RETURN(
      SqliteStmt stmt,
      db_->Prepare("SELECT experiment_key, unit, variant, first_at FROM experiment_exposures WHERE "
                   "(unit = ?1 AND experiment_key IN "
                   "(SELECT key FROM experiments WHERE unit = 'customer')) OR "
                   "(experiment_key IN (SELECT key FROM experiments WHERE unit = 'session') AND "
                   "unit IN (SELECT session_id FROM events WHERE customer_id = ?1 AND session_id "
                   "IS NOT NULL UNION SELECT session_id FROM carts WHERE customer_id = ?1 AND "
                   "session_id IS NOT NULL)) ORDER BY experiment_key, unit"));
  sqlite3_stmt* s = stmt.get();
  BindText(s, 1, customer_id);
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return db_->Error("reading a customer's exposures");
    CustomerExposure& e = out.emplace_back();
    e.experiment_key.assign(ColumnView(s, 0));
    e.exposure.unit.assign(ColumnView(s, 1));
    e.exposure.variant.assign(ColumnView(s, 2));
    e.exposure.first_at = sqlite3_column_int64(s, 3);
  }
}

Result<int64_t> SqliteStore::CountExposures(std::string_view experiment_key) {
  return CountWithKey("SELECT count(*) FROM experiment_exposures WHERE experiment_key = ?1",
                      experiment_key);
}

// A merge join of two range scans in id order, as the snapshot joins them: the lines of a
// cancelled order are stepped over. The current line row is read before the next is stepped to,
// so its text is copied into `skus` (whose strings keep their capacity across orders).
Status SqliteStore::ForEachOrderSale(const std::function<Status(const OrderSale&)>& fn) {
  ASSIGN_OR_RETURN(SqliteStmt orders,
                   db_->Prepare("SELECT id, customer_id, ts, discount_total FROM orders WHERE "
                                "cancelled_at IS NULL ORDER BY id"));
  ASSIGN_OR_RETURN(SqliteStmt lines,
                   db_->Prepare("SELECT order_id, sku, quantity, unit_price FROM order_lines "
                                "ORDER BY order_id, line_no"));
  sqlite3_stmt* o = orders.get();
  sqlite3_stmt* l = lines.get();
  int line_rc = sqlite3_step(l);
  std::vector<std::string> skus;
  std::vector<OrderSaleLine> sale_lines;
  OrderSale sale;
  for (;;) {
    const int rc = sqlite3_step(o);
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return db_->Error("reading orders");
    sale.id = ColumnView(o, 0);
    sale.customer_id = ColumnView(o, 1);
    sale.ts = sqlite3_column_int64(o, 2);
    sale.discount_total = ColumnOptionalDouble(o, 3);
    size_t n = 0;
    for (; line_rc == SQLITE_ROW; line_rc = sqlite3_step(l)) {
      const std::string_view order_id = ColumnView(l, 0);
      if (order_id > sale.id) break;
      if (order_id < sale.id) continue;  // a line of a cancelled order
      if (n == sale_lines.size()) {
        skus.emplace_back();
        sale_lines.emplace_back();
      }
      skus[n].assign(ColumnView(l, 1));
      sale_lines[n].quantity = sqlite3_column_int64(l, 2);
      sale_lines[n].unit_price = ColumnOptionalDouble(l, 3);
      ++n;
    }
    if (line_rc != SQLITE_ROW && line_rc != SQLITE_DONE) return db_->Error("reading order lines");
    for (size_t i = 0; i < n; ++i) sale_lines[i].sku = skus[i];
    sale.lines = std::span<const OrderSaleLine>(sale_lines.data(), n);
    RETURN_IF_ERROR(fn(sale));
  }
}

Result<std::vector<Consent>> SqliteStore::GetConsents(std::string_view customer_id) {
  return Select<Consent>("customer_id = ?1", customer_id);
}

// SQLite's data_version: unchanged by this connection's own commits, changed by any other's.
Result<int64_t> SqliteStore::DataVersion() { return db_->QueryInt("PRAGMA data_version"); }

}  // namespace mercato
