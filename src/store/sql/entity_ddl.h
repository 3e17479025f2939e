// The entity tables' DDL in any SQL dialect, generated from the entity descriptors
// (domain/entity_schema.h: columns, types, keys) and the storage facts below (access-path
// indexes, parent references, key-ordered storage), so every SQL back-end creates the same tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/entity_schema.h"
#include "store/sql/sql_dialect.h"

namespace mercato {

/// How one entity's table is stored, beyond its columns and key.
struct EntityTableLayout {
  struct Index {
    std::string_view name;
    std::vector<std::string_view> columns;
  };
  /// Rows are read in key order (the dataset snapshot's merge joins): store them in that order.
  bool key_ordered = false;
  /// The column naming the parent row (deleted with it), and the parent table; empty for none.
  std::string_view parent_column, parent_table;
  /// Indexes for the models' and the API's access paths.
  std::vector<Index> indexes;
};

/// The layout of the table of `kind`.
const EntityTableLayout& TableLayout(EntityKind kind);

/// CREATE TABLE of the entity `kind`, then its CREATE INDEXes, each statement ending in ";\n".
/// Key columns are NOT NULL; a parent reference names the parent's key and cascades deletes.
std::string EntityTableDdl(const SqlDialect& dialect, EntityKind kind);

/// EntityTableDdl of every entity, parents before children.
std::string EntityTablesDdl(const SqlDialect& dialect);

}  // namespace mercato
