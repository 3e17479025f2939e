// The SQLite and PostgreSQL dialects.
#include "store/sql/sql_dialect.h"

namespace mercato {

const SqlDialect kSqliteDialect{"sqlite",  "TEXT",    "INTEGER",       "REAL",
                                "INTEGER", "INTEGER", " WITHOUT ROWID"};
const SqlDialect kPostgresDialect{"postgresql", "TEXT",    "BIGINT", "DOUBLE PRECISION",
                                  "BIGINT",     "BOOLEAN", ""};

std::string_view SqlDialect::ColumnType(FieldType type) const {
  switch (type) {
    case FieldType::kText:
      return text;
    case FieldType::kInt:
      return integer;
    case FieldType::kReal:
      return real;
    case FieldType::kTime:
      return time;
    case FieldType::kBool:
      return boolean;
  }
  return text;
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

}  // namespace mercato
