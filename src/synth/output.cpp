// Opens and closes the per-entity CSV files of the synthetic store.
#include "synth/output.h"

namespace mercato::synth {

Result<std::unique_ptr<Sinks>> Sinks::Open(const std::string& dir) {
  std::unique_ptr<Sinks> sinks(new Sinks());
  Status status;
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    if (!status.ok()) return;
    auto writer =
        EntityCsvWriter<T>::Create(dir + "/" + std::string(EntityTraits<T>::kName) + ".csv");
    if (!writer.ok()) {
      status = writer.status();
      return;
    }
    std::get<Slot<T>>(sinks->slots_).writer = std::move(writer).value();
  });
  RETURN_IF_ERROR(status);
  return sinks;
}

Status Sinks::Close() {
  Status first;
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    Status s = std::get<Slot<T>>(slots_).writer->Close();
    if (first.ok() && !s.ok()) first = s;
  });
  return first;
}

std::vector<std::pair<std::string, int64_t>> Sinks::RowCounts() const {
  std::vector<std::pair<std::string, int64_t>> out;
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    out.emplace_back(std::string(EntityTraits<T>::kName) + ".csv", std::get<Slot<T>>(slots_).rows);
  });
  return out;
}

}  // namespace mercato::synth
