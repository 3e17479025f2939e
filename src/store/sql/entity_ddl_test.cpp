// Tests of the generated entity DDL: the PostgreSQL text, and layouts that name real columns.
#include "store/sql/entity_ddl.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace mercato {
namespace {

TEST(EntityDdl, PostgresqlTablesWithCompoundKeysAndParents) {
  EXPECT_EQ(EntityTableDdl(kPostgresDialect, EntityKind::kOrderLine),
            "CREATE TABLE \"order_lines\" (\n"
            "  \"order_id\" TEXT NOT NULL REFERENCES \"orders\"(\"id\") ON DELETE CASCADE,\n"
            "  \"line_no\" BIGINT NOT NULL,\n"
            "  \"sku\" TEXT,\n"
            "  \"title\" TEXT,\n"
            "  \"quantity\" BIGINT,\n"
            "  \"unit_price\" DOUBLE PRECISION,\n"
            "  \"discount\" DOUBLE PRECISION,\n"
            "  PRIMARY KEY (\"order_id\", \"line_no\"));\n");
  EXPECT_EQ(EntityTableDdl(kPostgresDialect, EntityKind::kConsent),
            "CREATE TABLE \"consents\" (\n"
            "  \"customer_id\" TEXT NOT NULL,\n"
            "  \"purpose\" TEXT NOT NULL,\n"
            "  \"granted\" BOOLEAN,\n"
            "  \"ts\" BIGINT NOT NULL,\n"
            "  \"source\" TEXT,\n"
            "  PRIMARY KEY (\"customer_id\", \"purpose\", \"ts\"));\n");
}

TEST(EntityDdl, SqliteKeyOrderedTablesAndIndexes) {
  const std::string orders = EntityTableDdl(kSqliteDialect, EntityKind::kOrder);
  EXPECT_EQ(orders.substr(0, orders.find(",\n")),
            "CREATE TABLE \"orders\" (\n  \"id\" TEXT NOT NULL PRIMARY KEY");
  EXPECT_NE(orders.find("\"shopify_id\" TEXT) WITHOUT ROWID;\n"), std::string::npos) << orders;
  EXPECT_NE(orders.find("CREATE INDEX \"orders_customer_ts\" ON \"orders\" (\"customer_id\", "
                        "\"ts\");\nCREATE INDEX \"orders_ts\" ON \"orders\" (\"ts\");\n"),
            std::string::npos)
      << orders;
  const std::string promotions = EntityTableDdl(kPostgresDialect, EntityKind::kPromotion);
  EXPECT_NE(promotions.find("\"end\" BIGINT"), std::string::npos);  // a reserved word, quoted
}

TEST(EntityDdl, EveryEntityHasATableAndLayoutsNameItsColumns) {
  const std::string all = EntityTablesDdl(kPostgresDialect);
  size_t at = 0;
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    const std::string create = "CREATE TABLE \"" + std::string(EntityTraits<T>::kName) + "\"";
    const size_t found = all.find(create);
    ASSERT_NE(found, std::string::npos) << create;
    EXPECT_GE(found, at) << create << " comes after its parents";
    at = found;
    std::vector<std::string_view> fields;
    for (const auto& f : EntityTraits<T>::Fields()) fields.push_back(f.name);
    auto has = [&](std::string_view c) {
      return std::find(fields.begin(), fields.end(), c) != fields.end();
    };
    const EntityTableLayout& layout = TableLayout(EntityTraits<T>::kKind);
    for (const auto& index : layout.indexes) {
      EXPECT_TRUE(index.name.starts_with(EntityTraits<T>::kName)) << index.name;
      for (std::string_view c : index.columns) EXPECT_TRUE(has(c)) << index.name << "." << c;
    }
    if (!layout.parent_column.empty()) {
      EXPECT_TRUE(has(layout.parent_column)) << EntityTraits<T>::kName;
      EXPECT_LT(all.find("CREATE TABLE \"" + std::string(layout.parent_table) + "\""), found);
    }
  });
}

TEST(SqlDialect, QuotesIdentifiers) {
  EXPECT_EQ(QuoteIdentifier("end"), "\"end\"");
  EXPECT_EQ(QuoteIdentifier("a\"b"), "\"a\"\"b\"");
}

}  // namespace
}  // namespace mercato
