// The synthetic store's output files: one EntityCsvWriter per entity, with row counts.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/entity_csv.h"

namespace mercato::synth {

namespace output_detail {
template <class T>
struct Slot {
  std::unique_ptr<EntityCsvWriter<T>> writer;
  int64_t rows = 0;
};
template <class L>
struct SlotsOf;
template <class... Ts>
struct SlotsOf<TypeList<Ts...>> {
  using type = std::tuple<Slot<Ts>...>;
};
}  // namespace output_detail

class Sinks {
 public:
  /// Creates <dir>/<entity name>.csv for every entity and writes the headers.
  static Result<std::unique_ptr<Sinks>> Open(const std::string& dir);

  template <class T>
  void Write(const T& row) {
    auto& slot = std::get<Slot<T>>(slots_);
    slot.writer->Write(row);
    ++slot.rows;
  }

  /// Closes every file; reports the first write error.
  Status Close();
  /// (file name, data rows) per entity, in dependency order.
  std::vector<std::pair<std::string, int64_t>> RowCounts() const;

 private:
  template <class T>
  using Slot = output_detail::Slot<T>;

  Sinks() = default;
  output_detail::SlotsOf<AllEntities>::type slots_;
};

}  // namespace mercato::synth
