// Reads a byte stream line by line (LF or CRLF), with a bound on line length.
#pragma once

#include <memory>
#include <string>

#include "common/byte_source.h"

namespace mercato {

class LineReader {
 public:
  LineReader(std::unique_ptr<ByteSource> source, size_t max_line_bytes);

  /// Advances to the next line; false at the end. A line longer than the bound is an error for
  /// that line (it is consumed, and reading can continue). Input that cannot be read (a read
  /// error, corrupt or truncated compressed data, a UTF-16 file) is an error too, and then
  /// failed() is true and the input has ended.
  Result<bool> Next();
  /// Whether the input itself failed: the error Next() returned was not about one line.
  bool failed() const { return failed_; }
  const std::string& line() const { return line_; }
  /// 1-based number of the current line.
  uint64_t number() const { return number_; }
  uint64_t InputPosition() const { return source_->InputPosition(); }
  uint64_t InputSize() const { return source_->InputSize(); }

 private:
  std::unique_ptr<ByteSource> source_;
  size_t max_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false, first_ = true, failed_ = false;
  std::string line_;
  uint64_t number_ = 0;
};

}  // namespace mercato
