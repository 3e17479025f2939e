// The store's schema history and the code that applies it.
#include "store/sqlite/migrations.h"

#include <string>

#include "store/sql/entity_ddl.h"

namespace mercato {
namespace {

// Version 2: what the HTTP API needs besides the domain model. API keys keep only a salted hash;
// the audit log is append-only (triggers refuse updates and deletes; AUTOINCREMENT never reuses
// a seq); webhook deliveries are remembered by id so that duplicates are ignored.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE api_keys (
  id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, salt TEXT NOT NULL,
  hash TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, actor TEXT NOT NULL,
  action TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE webhook_deliveries (
  id TEXT NOT NULL PRIMARY KEY, topic TEXT NOT NULL, received_at INTEGER NOT NULL);
CREATE INDEX webhook_deliveries_received ON webhook_deliveries(received_at);
)sql";

// Version 3: erasures are remembered, so that a later import or webhook does not bring an erased
// customer back. Only the SHA-256 of the id is kept, as in the audit log.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE erased_customers (
  id_hash TEXT NOT NULL PRIMARY KEY, erased_at INTEGER NOT NULL) WITHOUT ROWID;
)sql";

// Adds `column` to `table` unless the table has it already (a store created at this version or
// later got it from the entity descriptors).
Status AddColumnIfMissing(SqliteDb& db, std::string_view table, std::string_view column,
                          std::string_view type) {
  ASSIGN_OR_RETURN(int64_t present,
                   db.QueryInt("SELECT count(*) FROM pragma_table_info('" + std::string(table) +
                               "') WHERE name = '" + std::string(column) + "'"));
  if (present > 0) return Status::Ok();
  return db.Exec("ALTER TABLE " + std::string(table) + " ADD COLUMN " + std::string(column) + " " +
                 std::string(type));
}

// Version 4: Shopify's own ids of customers and orders, so that a user can name them as Shopify
// does; indexed for the identity lookups, and emails indexed without regard to case.
Status AddShopifyIds(SqliteDb& db) {
  RETURN_IF_ERROR(AddColumnIfMissing(db, "customers", "shopify_id", "TEXT"));
  return AddColumnIfMissing(db, "orders", "shopify_id", "TEXT");
}

constexpr std::string_view kV4 = R"sql(
CREATE INDEX IF NOT EXISTS customers_shopify_id ON customers(shopify_id);
CREATE INDEX IF NOT EXISTS orders_shopify_id ON orders(shopify_id);
CREATE INDEX IF NOT EXISTS customers_email_nocase ON customers(email COLLATE NOCASE);
)sql";

// Version 5: store-level settings the data implies (the store's currency), and the history of
// imports (one row per `mercato import`, failed ones included; sources and per-entity counts as
// JSON text).
constexpr std::string_view kV5 = R"sql(
CREATE TABLE store_settings (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE import_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, format TEXT NOT NULL,
  sources TEXT NOT NULL, rows_read INTEGER NOT NULL, rows_imported INTEGER NOT NULL,
  rows_excluded INTEGER NOT NULL, rows_rejected INTEGER NOT NULL, written TEXT NOT NULL,
  warnings INTEGER NOT NULL, seconds REAL NOT NULL, outcome TEXT NOT NULL, error TEXT NOT NULL);
)sql";

// Version 6: experiments (issue 17). Each experiment's definition is JSON text, its unit kind
// beside it for erasure; a unit's first exposure is its only row (insert-or-ignore), keyed so
// that one experiment's exposures are read in one range scan.
constexpr std::string_view kV6 = R"sql(
CREATE TABLE experiments (
  key TEXT NOT NULL PRIMARY KEY, unit TEXT NOT NULL, definition TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE experiment_exposures (
  experiment_key TEXT NOT NULL, unit TEXT NOT NULL, variant TEXT NOT NULL,
  first_at INTEGER NOT NULL, PRIMARY KEY (experiment_key, unit)) WITHOUT ROWID;
CREATE INDEX experiment_exposures_unit ON experiment_exposures(unit);
)sql";

// Version 7: the outbox (issue 18). A journey's message and its delivery state in one row; the
// deliverer claims due pending messages by next_attempt_at (which a claim pushes out by its
// lease), so the partial index holds only what is still to send. Erasure deletes a customer's
// messages (outbox_customer); a journey's messages are listed newest first (outbox_journey).
constexpr std::string_view kV7 = R"sql(
CREATE TABLE outbox (
  id TEXT NOT NULL PRIMARY KEY, journey_id TEXT NOT NULL, step_id TEXT NOT NULL,
  customer_id TEXT NOT NULL, channel TEXT NOT NULL, purpose TEXT NOT NULL,
  payload_json TEXT NOT NULL, created_at INTEGER NOT NULL, send_after INTEGER NOT NULL,
  status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL,
  delivered_at INTEGER, last_error TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_customer ON outbox(customer_id);
CREATE INDEX outbox_journey ON outbox(journey_id, created_at);
)sql";

// Version 8: the journey log (issue 18): one row per entry, step and exit of a customer's way
// through a journey, written once (insert-or-ignore by its key), so a re-run decision writes
// nothing twice; indexed by customer for erasure.
constexpr std::string_view kV8 = R"sql(
CREATE TABLE journey_log (
  journey_id TEXT NOT NULL, customer_id TEXT NOT NULL, entry_id TEXT NOT NULL,
  step INTEGER NOT NULL, at INTEGER NOT NULL, holdout INTEGER NOT NULL, detail TEXT NOT NULL,
  PRIMARY KEY (journey_id, customer_id, entry_id, step)) WITHOUT ROWID;
CREATE INDEX journey_log_customer ON journey_log(customer_id);
)sql";

// Version 9: events lose their (session_id, ts) index. No query reads events by session (the
// session experiments' erasure finds sessions by customer), and every event written paid for it:
// dropping it cut the events route's server CPU per event by about a quarter (issue 14). New
// stores no longer create it (store/sql/entity_ddl.cpp); IF EXISTS covers them.
constexpr std::string_view kV9 = R"sql(
DROP INDEX IF EXISTS events_session_ts;
)sql";

}  // namespace

const std::vector<Migration>& StoreMigrations() {
  // Version 1: every entity of the domain model, with the indexes for the models' and the API's
  // access paths, generated from the entity descriptors (store/sql/entity_ddl.h). It is only
  // ever applied to a new, empty database, which it brings to the descriptors as they are; so a
  // change to a descriptor needs an appended migration that brings older stores to it and does
  // nothing where it is already done (a column is added only where it is missing).
  static const std::string v1 = EntityTablesDdl(kSqliteDialect);
  static const std::vector<Migration> migrations{
      {1, "domain model: every entity, keys and access-path indexes", v1},
      {2, "API keys, audit log, webhook deliveries", kV2},
      {3, "erased customers (hashed ids)", kV3},
      {4, "Shopify ids of customers and orders, case-insensitive email index", kV4, AddShopifyIds},
      {5, "store settings (currency) and import history", kV5},
      {6, "experiments and their exposures", kV6},
      {7, "the outbox of journey messages", kV7},
      {8, "the journey log", kV8},
      {9, "events without the unused session index", kV9},
  };
  return migrations;
}

Status ApplyMigrations(SqliteDb& db, const std::vector<Migration>& migrations) {
  ASSIGN_OR_RETURN(int64_t current, db.QueryInt("PRAGMA user_version"));
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    return FailedPrecondition("database " + db.path() + " has schema version " +
                              std::to_string(current) + ", newer than this mercato supports (" +
                              std::to_string(latest) + "); upgrade mercato to open it");
  }
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
    Status s = m.prepare != nullptr ? m.prepare(db) : Status::Ok();
    if (s.ok()) s = db.Exec(m.sql);
    if (s.ok()) s = db.Exec("PRAGMA user_version=" + std::to_string(m.version));
    if (s.ok()) s = db.Exec("COMMIT");
    if (!s.ok()) {
      (void)db.Exec("ROLLBACK");
      return IoError("migrating " + db.path() + " to schema version " + std::to_string(m.version) +
                     " failed: " + s.message());
    }
  }
  return Status::Ok();
}

}  // namespace mercato
