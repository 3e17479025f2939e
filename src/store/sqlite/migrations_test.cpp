// Tests of schema migration: fresh, older and newer databases, and schema/descriptor agreement.
#include "store/sqlite/migrations.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "store/sqlite/sqlite_store.h"
#include "store/temp_path_test_util.h"

namespace mercato {
namespace {

using ::mercato::testing::FreshPath;

// The rows of a query, one line each, columns separated by '|'.
std::string Rows(SqliteDb& db, const std::string& sql) {
  auto stmt = db.Prepare(sql);
  if (!stmt.ok()) return "error: " + stmt.status().message();
  std::string out;
  while (sqlite3_step(stmt->get()) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(stmt->get()); ++c) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt->get(), c));
      out += (c ? "|" : "") + std::string(text != nullptr ? text : "NULL");
    }
    out += "\n";
  }
  return out;
}

// What SQLite knows of every table, index and trigger: columns (name, type, NOT NULL, default,
// key), foreign keys, WITHOUT ROWID, indexes and their columns, trigger texts.
std::string DescribeSchema(SqliteDb& db) {
  std::string out;
  auto names = [&](const std::string& sql) {
    std::vector<std::string> v;
    std::istringstream lines(Rows(db, sql));
    for (std::string line; std::getline(lines, line);) v.push_back(line);
    return v;
  };
  for (const std::string& t :
       names("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
    out += "table " + t + "\n" + Rows(db, "SELECT * FROM pragma_table_info('" + t + "')") +
           Rows(db, "SELECT * FROM pragma_foreign_key_list('" + t + "')") +
           Rows(db, "SELECT wr, strict FROM pragma_table_list('" + t + "')") +
           Rows(db, "SELECT name, \"unique\", origin, partial FROM pragma_index_list('" + t +
                        "') ORDER BY name");
  }
  for (const std::string& i :
       names("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")) {
    out += "index " + i + "\n" + Rows(db, "SELECT * FROM pragma_index_xinfo('" + i + "')");
  }
  return out + Rows(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
}

// testdata/schema_v<version>.sql: the schema a new store had at that version ("" and a failed
// test when the file is missing).
std::string SchemaOfVersion(int version) {
  const std::string name = "testdata/schema_v" + std::to_string(version) + ".sql";
  std::ifstream in(std::string(MERCATO_SOURCE_DIR) + "/src/store/sqlite/" + name);
  EXPECT_TRUE(in) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A database at `path` as a store created at schema `version` was, without rows.
std::unique_ptr<SqliteDb> StoreAtVersion(const std::string& path, int version) {
  auto db = SqliteDb::Open(path).value();
  EXPECT_TRUE(db->Exec(SchemaOfVersion(version)).ok());
  EXPECT_TRUE(db->Exec("PRAGMA user_version=" + std::to_string(version)).ok());
  return db;
}

TEST(Migrations, GeneratedSchemaIsTheHandWrittenOne) {
  const std::string path = FreshPath("generated.db");
  ASSERT_TRUE(SqliteStore::Open(path).ok());
  auto generated = SqliteDb::Open(path).value();
  auto hand_written = SqliteDb::Open(FreshPath("hand_written.db")).value();
  ASSERT_TRUE(hand_written->Exec(SchemaOfVersion(StoreMigrations().back().version)).ok());
  const std::string expected = DescribeSchema(*hand_written);
  EXPECT_NE(expected.find("table order_lines\n0|order_id|TEXT|1|NULL|1\n"), std::string::npos)
      << expected;
  EXPECT_EQ(DescribeSchema(*generated), expected);
}

TEST(Migrations, VersionOneStoreIsMigratedToLatest) {
  const std::string path = FreshPath("v1.db");
  {
    auto db = SqliteDb::Open(path).value();
    ASSERT_TRUE(ApplyMigrations(*db, {StoreMigrations().front()}).ok());
    ASSERT_TRUE(db->Exec("INSERT INTO orders (id, ts) VALUES ('o1', 5)").ok());
  }
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(store.value()->SchemaVersion(), StoreMigrations().back().version);
  EXPECT_EQ(store.value()->Count(EntityKind::kOrder).value(), 1);
  EXPECT_FALSE(store.value()->AnyErased().value());
}

// A store from before the Shopify ids (version 3) ends with exactly the schema of a new store,
// its rows kept and the new columns empty.
TEST(Migrations, VersionThreeStoreGetsTheSchemaOfANewStore) {
  const std::string path = FreshPath("v3.db");
  {
    auto db = StoreAtVersion(path, 3);
    ASSERT_TRUE(db->Exec("INSERT INTO customers (id, email) VALUES ('c1', 'Ann@X.com')").ok());
    ASSERT_TRUE(db->Exec("INSERT INTO orders (id, ts) VALUES ('#1001', 5)").ok());
  }
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(store.value()->SchemaVersion(), StoreMigrations().back().version);
    EXPECT_EQ(store.value()->GetCustomer("c1").value()->shopify_id, "");
  }
  const std::string fresh = FreshPath("v4.db");
  ASSERT_TRUE(SqliteStore::Open(fresh).ok());
  auto migrated = SqliteDb::Open(path).value();
  EXPECT_EQ(DescribeSchema(*migrated), DescribeSchema(*SqliteDb::Open(fresh).value()));
  EXPECT_EQ(migrated->QueryInt("SELECT count(*) FROM orders WHERE id = '#1001'").value(), 1);
}

// A store from before the settings and the import history (version 4) ends with exactly the
// schema of a new store, its rows kept, no currency known and an empty history.
TEST(Migrations, VersionFourStoreGetsTheSchemaOfANewStore) {
  const std::string path = FreshPath("v4-old.db");
  {
    auto db = StoreAtVersion(path, 4);
    ASSERT_TRUE(db->Exec("INSERT INTO orders (id, ts, currency) VALUES ('#1001', 5, 'EUR')").ok());
  }
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(store.value()->SchemaVersion(), StoreMigrations().back().version);
    EXPECT_EQ(store.value()->GetSetting(Store::kCurrencySetting).value(), std::nullopt);
    EXPECT_TRUE(store.value()->ListImportRecords(0).value().empty());
  }
  const std::string fresh = FreshPath("v5.db");
  ASSERT_TRUE(SqliteStore::Open(fresh).ok());
  auto migrated = SqliteDb::Open(path).value();
  EXPECT_EQ(DescribeSchema(*migrated), DescribeSchema(*SqliteDb::Open(fresh).value()));
  EXPECT_EQ(migrated->QueryInt("SELECT count(*) FROM orders WHERE id = '#1001'").value(), 1);
}

// A store from before the experiments (version 5) ends with exactly the schema of a new store,
// its rows kept and no experiments.
TEST(Migrations, VersionFiveStoreGetsTheSchemaOfANewStore) {
  const std::string path = FreshPath("v5-old.db");
  {
    auto db = StoreAtVersion(path, 5);
    ASSERT_TRUE(db->Exec("INSERT INTO orders (id, ts) VALUES ('#1001', 5)").ok());
  }
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(store.value()->SchemaVersion(), StoreMigrations().back().version);
    EXPECT_TRUE(store.value()->ListExperiments().value().empty());
  }
  const std::string fresh = FreshPath("v6.db");
  ASSERT_TRUE(SqliteStore::Open(fresh).ok());
  auto migrated = SqliteDb::Open(path).value();
  EXPECT_EQ(DescribeSchema(*migrated), DescribeSchema(*SqliteDb::Open(fresh).value()));
  EXPECT_EQ(migrated->QueryInt("SELECT count(*) FROM orders WHERE id = '#1001'").value(), 1);
}

// A store from before the outbox (version 6) ends with exactly the schema of a new store, its
// rows kept and an empty outbox.
TEST(Migrations, VersionSixStoreGetsTheSchemaOfANewStore) {
  const std::string path = FreshPath("v6-old.db");
  {
    auto db = StoreAtVersion(path, 6);
    ASSERT_TRUE(db->Exec("INSERT INTO orders (id, ts) VALUES ('#1001', 5)").ok());
  }
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(store.value()->SchemaVersion(), StoreMigrations().back().version);
    EXPECT_TRUE(store.value()->ListOutbox("cart_recovery", 0).value().empty());
  }
  const std::string fresh = FreshPath("v7.db");
  ASSERT_TRUE(SqliteStore::Open(fresh).ok());
  auto migrated = SqliteDb::Open(path).value();
  EXPECT_EQ(DescribeSchema(*migrated), DescribeSchema(*SqliteDb::Open(fresh).value()));
  EXPECT_EQ(migrated->QueryInt("SELECT count(*) FROM orders WHERE id = '#1001'").value(), 1);
}

// A store from before the journey log (version 7) ends with exactly the schema of a new store,
// its rows kept and an empty journey log.
TEST(Migrations, VersionSevenStoreGetsTheSchemaOfANewStore) {
  const std::string path = FreshPath("v7-old.db");
  {
    auto db = StoreAtVersion(path, 7);
    ASSERT_TRUE(db->Exec("INSERT INTO orders (id, ts) VALUES ('#1001', 5)").ok());
  }
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(store.value()->SchemaVersion(), StoreMigrations().back().version);
    int64_t rows = 0;
    ASSERT_TRUE(store.value()
                    ->ForEachJourneyLog([&](const JourneyLogRecord&) {
                      ++rows;
                      return Status::Ok();
                    })
                    .ok());
    EXPECT_EQ(rows, 0);
  }
  const std::string fresh = FreshPath("v8.db");
  ASSERT_TRUE(SqliteStore::Open(fresh).ok());
  auto migrated = SqliteDb::Open(path).value();
  EXPECT_EQ(DescribeSchema(*migrated), DescribeSchema(*SqliteDb::Open(fresh).value()));
  EXPECT_EQ(migrated->QueryInt("SELECT count(*) FROM orders WHERE id = '#1001'").value(), 1);
}

// A store from before the events' session index was dropped (version 8) ends with exactly the
// schema of a new store: no events_session_ts, its events kept.
TEST(Migrations, VersionEightStoreLosesTheEventsSessionIndex) {
  const std::string path = FreshPath("v8-old.db");
  {
    auto db = StoreAtVersion(path, 8);
    ASSERT_TRUE(
        db->Exec("INSERT INTO events (id, ts, type, session_id) VALUES ('e1', 5, 'view', 's1')")
            .ok());
    ASSERT_EQ(
        db->QueryInt("SELECT count(*) FROM sqlite_master WHERE name = 'events_session_ts'").value(),
        1);
  }
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(store.value()->SchemaVersion(), 9);
    EXPECT_EQ(store.value()->Count(EntityKind::kEvent).value(), 1);
  }
  const std::string fresh = FreshPath("v9.db");
  ASSERT_TRUE(SqliteStore::Open(fresh).ok());
  auto migrated = SqliteDb::Open(path).value();
  EXPECT_EQ(
      migrated->QueryInt("SELECT count(*) FROM sqlite_master WHERE name = 'events_session_ts'")
          .value(),
      0);
  EXPECT_EQ(DescribeSchema(*migrated), DescribeSchema(*SqliteDb::Open(fresh).value()));
}

TEST(Migrations, FreshDatabaseReachesLatestVersion) {
  auto store = SqliteStore::Open(FreshPath("fresh.db"));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(store.value()->SchemaVersion(), StoreMigrations().back().version);
}

TEST(Migrations, OlderDatabaseIsMigratedInOrder) {
  const std::string path = FreshPath("older.db");
  auto db = SqliteDb::Open(path).value();
  const std::vector<Migration> v1{{1, "t", "CREATE TABLE t (a INTEGER);"}};
  ASSERT_TRUE(ApplyMigrations(*db, v1).ok());
  ASSERT_TRUE(db->Exec("INSERT INTO t VALUES (7)").ok());
  const std::vector<Migration> v2{v1[0], {2, "t.b", "ALTER TABLE t ADD COLUMN b TEXT;"}};
  ASSERT_TRUE(ApplyMigrations(*db, v2).ok());
  EXPECT_EQ(db->QueryInt("PRAGMA user_version").value(), 2);
  EXPECT_EQ(db->QueryInt("SELECT a FROM t WHERE b IS NULL").value(), 7);  // data kept
}

TEST(Migrations, FailedMigrationLeavesVersionUnchanged) {
  auto db = SqliteDb::Open(FreshPath("failed.db")).value();
  const std::vector<Migration> bad{{1, "ok", "CREATE TABLE t (a INTEGER);"},
                                   {2, "broken", "CREATE TABLE t (a INTEGER);"}};
  Status s = ApplyMigrations(*db, bad);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("schema version 2"), std::string::npos);
  EXPECT_EQ(db->QueryInt("PRAGMA user_version").value(), 1);
}

TEST(Migrations, NewerDatabaseIsRefused) {
  const std::string path = FreshPath("newer.db");
  {
    auto db = SqliteDb::Open(path).value();
    ASSERT_TRUE(db->Exec("PRAGMA user_version=999").ok());
  }
  auto store = SqliteStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("upgrade mercato"), std::string::npos);
}

TEST(Migrations, NonDatabaseFileIsAClearError) {
  const std::string path = FreshPath("garbage.db");
  std::ofstream(path) << "this is not a database, just text that is long enough to be read";
  auto store = SqliteStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("not a usable mercato database"), std::string::npos);
}

TEST(Migrations, TablesMatchEntityDescriptors) {
  const std::string path = FreshPath("schema.db");
  ASSERT_TRUE(SqliteStore::Open(path).ok());
  auto db = SqliteDb::Open(path).value();
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    auto stmt = db->Prepare("SELECT name FROM pragma_table_info('" +
                            std::string(EntityTraits<T>::kName) + "') ORDER BY cid")
                    .value();
    std::vector<std::string> columns;
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
      columns.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0)));
    }
    std::vector<std::string> fields;
    for (const auto& f : EntityTraits<T>::Fields()) fields.emplace_back(f.name);
    EXPECT_EQ(columns, fields) << EntityTraits<T>::kName;
  });
}

TEST(Migrations, AuditLogRefusesUpdatesAndDeletes) {
  auto store = SqliteStore::Open(FreshPath("audit.db")).value();
  AuditRecord r;
  r.ts = 1;
  r.actor = "cli";
  r.action = "export";
  ASSERT_TRUE(store->AppendAudit(r).ok());
  auto db = SqliteDb::Open(::testing::TempDir() + "/audit.db").value();
  Status del = db->Exec("DELETE FROM audit_log");
  EXPECT_NE(del.message().find("append-only"), std::string::npos) << del.ToString();
  Status upd = db->Exec("UPDATE audit_log SET actor = 'x'");
  EXPECT_NE(upd.message().find("append-only"), std::string::npos) << upd.ToString();
  EXPECT_EQ(db->QueryInt("SELECT count(*) FROM audit_log WHERE actor = 'cli'").value(), 1);
}

}  // namespace
}  // namespace mercato
