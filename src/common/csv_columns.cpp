// Case-insensitive header lookup.
#include "common/csv_columns.h"

#include <unordered_map>

#include "common/text.h"

namespace mercato {

CsvColumns::CsvColumns(const std::vector<std::string_view>& header) {
  for (std::string_view h : header) names_.push_back(ToLower(Trim(h)));
}

int CsvColumns::Find(std::initializer_list<std::string_view> names) const {
  for (std::string_view want : names) {
    const std::string lower = ToLower(want);
    for (size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == lower) return static_cast<int>(i);
    }
  }
  return -1;
}

Status CsvColumns::RefuseDuplicates() const {
  std::unordered_map<std::string_view, size_t> seen;
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i].empty()) continue;
    const auto [it, fresh] = seen.emplace(names_[i], i);
    if (!fresh) {
      return InvalidArgument("column '" + Excerpt(names_[i]) + "' appears twice in the header " +
                             "(columns " + std::to_string(it->second + 1) + " and " +
                             std::to_string(i + 1) + "); expected each column once");
    }
  }
  return Status::Ok();
}

}  // namespace mercato
