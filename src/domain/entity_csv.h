// Writes entities as generic-format CSV: a header of field names, then one row per entity.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/csv_writer.h"
#include "domain/entity_schema.h"

namespace mercato {

template <class T>
class EntityCsvWriter {
 public:
  /// Creates `path` and writes the header.
  static Result<std::unique_ptr<EntityCsvWriter>> Create(const std::string& path) {
    ASSIGN_OR_RETURN(auto csv, CsvWriter::Create(path));
    std::vector<std::string> header;
    for (const auto& f : EntityTraits<T>::Fields()) header.emplace_back(f.name);
    csv->WriteRow(header);
    return std::unique_ptr<EntityCsvWriter>(new EntityCsvWriter(std::move(csv)));
  }

  void Write(const T& entity) {
    row_.clear();
    for (const auto& f : EntityTraits<T>::Fields()) row_.push_back(FieldToText(f, entity));
    csv_->WriteRow(row_);
  }

  Status Close() { return csv_->Close(); }

 private:
  explicit EntityCsvWriter(std::unique_ptr<CsvWriter> csv) : csv_(std::move(csv)) {}
  std::unique_ptr<CsvWriter> csv_;
  std::vector<std::string> row_;
};

}  // namespace mercato
