// Streaming RFC 4180 CSV reader: quoted fields, embedded newlines, BOM, CRLF, bounded memory.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/byte_source.h"
#include "common/status.h"

namespace mercato {

struct CsvOptions {
  char delimiter = ',';
  /// A field longer than this is an error for its record (memory stays bounded).
  size_t max_field_bytes = 1 << 20;
  /// A record with more fields than this is an error.
  size_t max_fields = 4096;
};

class CsvReader {
 public:
  CsvReader(std::unique_ptr<ByteSource> source, CsvOptions options);

  /// Opens a file (plain, .zst or .gz content).
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path, CsvOptions options = {});

  /// Advances to the next record; false at the end. Blank lines are skipped. A malformed record
  /// (unterminated quote, oversized field, too many fields) returns an error naming the problem;
  /// reading may continue with the following record. Input that cannot be read (a read error,
  /// corrupt or truncated compressed data, a UTF-16 file) returns an error too, and then
  /// failed() is true and the input has ended.
  Result<bool> Next();
  /// Whether the input itself failed: the error Next() returned was not about one record.
  bool failed() const { return failed_; }

  /// Fields of the current record, valid until the next call to Next().
  const std::vector<std::string_view>& fields() const { return fields_; }
  /// 1-based physical line on which the current record starts.
  uint64_t line() const { return record_line_; }
  /// Progress in the underlying input, for progress bars.
  uint64_t InputPosition() const { return source_->InputPosition(); }
  uint64_t InputSize() const { return source_->InputSize(); }

 private:
  // Returns the next byte, or -1 at end of input.
  Result<int> Get();
  void Unget(int c) { pending_ = c; }

  std::unique_ptr<ByteSource> source_;
  CsvOptions options_;
  std::vector<char> buf_;
  size_t pos_ = 0, len_ = 0;
  int pending_ = -2;
  bool at_start_ = true, eof_ = false, failed_ = false;
  uint64_t line_ = 1, record_line_ = 0;
  std::string record_;
  std::vector<size_t> ends_;
  std::vector<std::string_view> fields_;
};

}  // namespace mercato
