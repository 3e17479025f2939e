// Locating named columns in a CSV header, whatever their order and case.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace mercato {

class CsvColumns {
 public:
  explicit CsvColumns(const std::vector<std::string_view>& header);

  /// Index of the first column whose name equals one of `names` (case-insensitive, trimmed),
  /// or -1 when there is none.
  int Find(std::initializer_list<std::string_view> names) const;
  int Find(std::string_view name) const { return Find({name}); }
  const std::vector<std::string>& names() const { return names_; }
  /// An error naming the first non-empty column name that the header has twice (compared as
  /// Find compares), with both 1-based positions; Ok when every name is unique.
  Status RefuseDuplicates() const;

 private:
  std::vector<std::string> names_;
};

/// Field `index` of a record; empty when index is -1 or the record is shorter.
inline std::string_view FieldAt(const std::vector<std::string_view>& fields, int index) {
  return index >= 0 && static_cast<size_t>(index) < fields.size() ? fields[index]
                                                                  : std::string_view();
}

}  // namespace mercato
