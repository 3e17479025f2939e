// SQLite store: what the retention journeys keep (issue 18) — the journey log, and the outbox:
// enqueueing, claiming under a lease, recording outcomes and counting by status.
#include <map>
#include <string>

#include "store/sqlite/sqlite_columns.h"
#include "store/sqlite/sqlite_store.h"

namespace mercato {

Result<int64_t> SqliteStore::AppendJourneyLog(std::span<const JourneyLogRecord> records) {
  int64_t written = 0;
  RETURN_IF_ERROR(AllOrNothing("append_journey_log", [&]() -> Status {
    ASSIGN_OR_RETURN(SqliteStmt stmt,
                     db_->Prepare("INSERT OR IGNORE INTO journey_log (journey_id, customer_id, "
                                  "entry_id, step, at, holdout, detail) VALUES (?1, ?2, ?3, ?4, "
                                  "?5, ?6, ?7)"));
    sqlite3_stmt* s = stmt.get();
    for (const JourneyLogRecord& r : records) {
      BindText(s, 1, r.journey_id);
      BindText(s, 2, r.customer_id);
      BindText(s, 3, r.entry_id);
      sqlite3_bind_int(s, 4, r.step);
      sqlite3_bind_int64(s, 5, r.at);
      sqlite3_bind_int(s, 6, r.holdout ? 1 : 0);
      BindText(s, 7, r.detail);
      const int rc = sqlite3_step(s);
      sqlite3_reset(s);
      if (rc != SQLITE_DONE) return db_->Error("appending to the journey log");
      written += sqlite3_changes(db_->handle());
    }
    return Status::Ok();
  }));
  return written;
}

namespace {

constexpr std::string_view kJourneyLogColumns =
    "journey_id, customer_id, entry_id, step, at, holdout, detail";

// A row of kJourneyLogColumns into `r` (assign() keeps the strings' capacity when `r` is reused).
void ReadJourneyLogRow(sqlite3_stmt* s, JourneyLogRecord& r) {
  r.journey_id.assign(ColumnView(s, 0));
  r.customer_id.assign(ColumnView(s, 1));
  r.entry_id.assign(ColumnView(s, 2));
  r.step = sqlite3_column_int(s, 3);
  r.at = sqlite3_column_int64(s, 4);
  r.holdout = sqlite3_column_int(s, 5) != 0;
  r.detail.assign(ColumnView(s, 6));
}

}  // namespace

Status SqliteStore::ForEachJourneyLog(const std::function<Status(const JourneyLogRecord&)>& fn) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT " + std::string(kJourneyLogColumns) +
                                " FROM journey_log ORDER BY journey_id, customer_id, "
                                "entry_id, step"));
  sqlite3_stmt* s = stmt.get();
  JourneyLogRecord r;  // reused, as ForEachExposure's row
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return db_->Error("reading the journey log");
    ReadJourneyLogRow(s, r);
    RETURN_IF_ERROR(fn(r));
  }
}

namespace {

// The columns of an outbox row, in the order ReadOutboxRow reads them.
constexpr std::string_view kOutboxColumns =
    "id, journey_id, step_id, customer_id, channel, purpose, payload_json, created_at, "
    "send_after, status, attempts, next_attempt_at, delivered_at, last_error";

OutboxMessage ReadOutboxRow(sqlite3_stmt* s) {
  OutboxMessage m;
  m.id = ColumnText(s, 0);
  m.journey_id = ColumnText(s, 1);
  m.step_id = ColumnText(s, 2);
  m.customer_id = ColumnText(s, 3);
  m.channel = ColumnText(s, 4);
  m.purpose = ColumnText(s, 5);
  m.payload_json = ColumnText(s, 6);
  m.created_at = sqlite3_column_int64(s, 7);
  m.send_after = sqlite3_column_int64(s, 8);
  m.status = ColumnText(s, 9);
  m.attempts = sqlite3_column_int(s, 10);
  m.next_attempt_at = sqlite3_column_int64(s, 11);
  if (sqlite3_column_type(s, 12) != SQLITE_NULL) m.delivered_at = sqlite3_column_int64(s, 12);
  m.last_error = ColumnText(s, 13);
  return m;
}

}  // namespace

Status SqliteStore::InsertOutbox(std::span<const OutboxMessage> messages, int64_t& written) {
  for (const OutboxMessage& m : messages) RETURN_IF_ERROR(CheckOutboxMessage(m));
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("INSERT OR IGNORE INTO outbox (" + std::string(kOutboxColumns) +
                                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending', 0, ?9, "
                                "NULL, '')"));
  sqlite3_stmt* s = stmt.get();
  for (const OutboxMessage& m : messages) {
    BindText(s, 1, m.id);
    BindText(s, 2, m.journey_id);
    BindText(s, 3, m.step_id);
    BindText(s, 4, m.customer_id);
    BindText(s, 5, m.channel);
    BindText(s, 6, m.purpose);
    BindText(s, 7, m.payload_json);
    sqlite3_bind_int64(s, 8, m.created_at);
    sqlite3_bind_int64(s, 9, m.send_after);
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return db_->Error("writing to the outbox");
    written += sqlite3_changes(db_->handle());
  }
  return Status::Ok();
}

Result<int64_t> SqliteStore::EnqueueOutbox(std::span<const OutboxMessage> messages) {
  int64_t written = 0;
  RETURN_IF_ERROR(AllOrNothing("enqueue_outbox", [&] { return InsertOutbox(messages, written); }));
  return written;
}

Result<std::vector<OutboxMessage>> SqliteStore::ListOutbox(std::string_view journey_id, int limit) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT " + std::string(kOutboxColumns) +
                                " FROM outbox WHERE journey_id = ?1 ORDER BY created_at DESC, id "
                                "LIMIT ?2"));
  sqlite3_stmt* s = stmt.get();
  BindText(s, 1, journey_id);
  sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);  // a negative LIMIT is no limit
  std::vector<OutboxMessage> out;
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return out;
    if (rc != SQLITE_ROW) return db_->Error("reading the outbox");
    out.push_back(ReadOutboxRow(s));
  }
}

Status SqliteStore::ReadJourneyRecordsOf(std::string_view customer_id, CustomerRecords& out) {
  ASSIGN_OR_RETURN(SqliteStmt log,
                   db_->Prepare("SELECT " + std::string(kJourneyLogColumns) +
                                " FROM journey_log WHERE customer_id = ?1 ORDER BY journey_id, "
                                "entry_id, step"));
  BindText(log.get(), 1, customer_id);
  for (;;) {
    const int rc = sqlite3_step(log.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return db_->Error("reading a customer's journey log");
    ReadJourneyLogRow(log.get(), out.journey_log.emplace_back());
  }
  ASSIGN_OR_RETURN(SqliteStmt outbox,
                   db_->Prepare("SELECT " + std::string(kOutboxColumns) +
                                " FROM outbox WHERE customer_id = ?1 ORDER BY created_at, id"));
  BindText(outbox.get(), 1, customer_id);
  for (;;) {
    const int rc = sqlite3_step(outbox.get());
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return db_->Error("reading a customer's outbox messages");
    out.outbox.push_back(ReadOutboxRow(outbox.get()));
  }
}

Status SqliteStore::InOwnTransaction(std::string_view what, const std::function<Status()>& body) {
  if (sqlite3_get_autocommit(db_->handle()) == 0) {
    return FailedPrecondition(std::string(what) +
                              " runs in a transaction of its own; call it "
                              "with no transaction open");
  }
  RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  Status s = body();
  if (s.ok()) s = db_->Exec("COMMIT");
  if (!s.ok()) (void)db_->Exec("ROLLBACK");
  return s;
}

Status SqliteStore::ClaimOutboxRows(Timestamp now, int64_t lease_seconds, int limit,
                                    std::vector<OutboxMessage>& claimed) {
  // BEGIN IMMEDIATE holds the write lock from the select to the update: no other connection
  // claims the same rows in between. The partial index outbox_due serves the select.
  ASSIGN_OR_RETURN(SqliteStmt select,
                   db_->Prepare("SELECT " + std::string(kOutboxColumns) +
                                " FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?1 "
                                "ORDER BY next_attempt_at, id LIMIT ?2"));
  sqlite3_stmt* s = select.get();
  sqlite3_bind_int64(s, 1, now);
  sqlite3_bind_int64(s, 2, limit);
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return db_->Error("reading due outbox messages");
    claimed.push_back(ReadOutboxRow(s));
  }
  ASSIGN_OR_RETURN(SqliteStmt update,
                   db_->Prepare("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2 "
                                "WHERE id = ?1"));
  sqlite3_stmt* u = update.get();
  for (OutboxMessage& m : claimed) {
    m.attempts += 1;
    m.next_attempt_at = now + lease_seconds;
    BindText(u, 1, m.id);
    sqlite3_bind_int64(u, 2, m.next_attempt_at);
    const int rc = sqlite3_step(u);
    sqlite3_reset(u);
    if (rc != SQLITE_DONE) return db_->Error("claiming outbox messages");
  }
  return Status::Ok();
}

Result<std::vector<OutboxMessage>> SqliteStore::ClaimOutbox(Timestamp now, int64_t lease_seconds,
                                                            int limit) {
  std::vector<OutboxMessage> claimed;
  if (limit <= 0) return claimed;
  RETURN_IF_ERROR(InOwnTransaction("claiming outbox messages", [&] {
    claimed.clear();
    return ClaimOutboxRows(now, lease_seconds, limit, claimed);
  }));
  return claimed;
}

Status SqliteStore::UpdateOutboxRows(std::span<const OutboxOutcome> outcomes, int64_t& changed) {
  // ?2 status, ?3 at (delivered_at when delivered), ?4 next_attempt_at (kept unless pending),
  // ?5 last_error.
  ASSIGN_OR_RETURN(
      SqliteStmt stmt,
      db_->Prepare("UPDATE outbox SET status = ?2, "
                   "delivered_at = CASE WHEN ?2 = 'delivered' THEN ?3 ELSE delivered_at END, "
                   "next_attempt_at = CASE WHEN ?2 = 'pending' THEN ?4 ELSE next_attempt_at END, "
                   "last_error = ?5 WHERE id = ?1 AND status = 'pending'"));
  sqlite3_stmt* s = stmt.get();
  for (const OutboxOutcome& o : outcomes) {
    BindText(s, 1, o.id);
    BindText(s, 2, o.status);
    sqlite3_bind_int64(s, 3, o.at);
    sqlite3_bind_int64(s, 4, o.next_attempt_at);
    BindText(s, 5, o.error);
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return db_->Error("recording outbox outcomes");
    changed += sqlite3_changes(db_->handle());
  }
  return Status::Ok();
}

Result<int64_t> SqliteStore::RecordOutboxOutcomes(std::span<const OutboxOutcome> outcomes) {
  for (const OutboxOutcome& o : outcomes) {
    if (o.status != kOutboxDelivered && o.status != kOutboxPending && o.status != kOutboxDead &&
        o.status != kOutboxSuppressed) {
      return InvalidArgument("outbox message '" + o.id + "': unknown status '" + o.status +
                             "' (expected delivered, pending, dead or suppressed)");
    }
  }
  int64_t changed = 0;
  RETURN_IF_ERROR(InOwnTransaction("recording outbox outcomes", [&] {
    changed = 0;
    return UpdateOutboxRows(outcomes, changed);
  }));
  return changed;
}

Result<std::map<std::string, int64_t>> SqliteStore::CountOutboxByStatus() {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT status, count(*) FROM outbox GROUP BY status"));
  std::map<std::string, int64_t> counts;
  for (;;) {
    const int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return counts;
    if (rc != SQLITE_ROW) return db_->Error("counting outbox messages");
    counts[ColumnText(stmt.get(), 0)] = sqlite3_column_int64(stmt.get(), 1);
  }
}

}  // namespace mercato
