// What differs between the SQL databases the store runs on: column types and identifier quoting.
#pragma once

#include <string>
#include <string_view>

#include "domain/entity_schema.h"

namespace mercato {

struct SqlDialect {
  std::string_view name;
  // Column type of each FieldType. Times are seconds since the Unix epoch in every dialect.
  std::string_view text, integer, real, time, boolean;
  /// Appended to the CREATE TABLE of a table whose rows are stored in key order ("" when the
  /// dialect has no such option).
  std::string_view key_ordered_suffix;

  std::string_view ColumnType(FieldType type) const;
};

/// SQLite: type affinities; key-ordered tables are WITHOUT ROWID.
extern const SqlDialect kSqliteDialect;
/// PostgreSQL: 64-bit integers, double precision, real booleans.
extern const SqlDialect kPostgresDialect;

/// `name` quoted as an identifier ("end" -> "\"end\""), the same in both dialects.
std::string QuoteIdentifier(std::string_view name);

}  // namespace mercato
