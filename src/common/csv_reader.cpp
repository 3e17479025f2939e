// Streaming CSV parsing as a small state machine over a refillable buffer.
#include "common/csv_reader.h"

#include "common/text_encoding.h"

namespace mercato {

CsvReader::CsvReader(std::unique_ptr<ByteSource> source, CsvOptions options)
    : source_(std::move(source)), options_(options), buf_(1 << 18) {}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path, CsvOptions options) {
  ASSIGN_OR_RETURN(auto source, OpenByteSource(path));
  return std::make_unique<CsvReader>(std::move(source), options);
}

Result<int> CsvReader::Get() {
  if (pending_ != -2) {
    const int c = pending_;
    pending_ = -2;
    return c;
  }
  if (pos_ == len_) {
    if (eof_) return -1;
    auto got = source_->Read(buf_.data(), buf_.size());
    pos_ = len_ = 0;
    if (!got.ok()) {
      eof_ = failed_ = true;  // a broken stream ends the input: the error is reported once
      return got.status();
    }
    len_ = got.value();
    if (len_ == 0) {
      eof_ = true;
      return -1;
    }
    if (at_start_) {
      at_start_ = false;
      while (len_ < 3) {  // a BOM may come over several reads (e.g. split across zstd frames)
        auto more = source_->Read(buf_.data() + len_, buf_.size() - len_);
        if (!more.ok()) {
          len_ = 0;
          eof_ = failed_ = true;
          return more.status();
        }
        if (more.value() == 0) break;
        len_ += more.value();
      }
      if (Status utf16 = RefuseUtf16(std::string_view(buf_.data(), len_)); !utf16.ok()) {
        len_ = 0;
        eof_ = failed_ = true;
        return utf16;
      }
      if (len_ >= 3 && buf_[0] == '\xEF' && buf_[1] == '\xBB' && buf_[2] == '\xBF') pos_ = 3;
      if (pos_ == len_) return Get();
    }
  }
  return static_cast<unsigned char>(buf_[pos_++]);
}

Result<bool> CsvReader::Next() {
  const char delim = options_.delimiter;
  for (;;) {
    record_.clear();
    ends_.clear();
    fields_.clear();
    record_line_ = line_;
    std::string error;
    size_t field_start = 0;
    bool in_quotes = false, field_quoted = false, any = false;
    for (;;) {
      int c;
      if (pending_ == -2 && pos_ < len_) {
        c = static_cast<unsigned char>(buf_[pos_++]);  // fast path
      } else {
        ASSIGN_OR_RETURN(c, Get());
      }
      if (c == -1) {
        if (in_quotes && error.empty()) error = "unterminated quoted field (missing closing \")";
        break;
      }
      any = true;
      if (in_quotes) {
        if (c == '"') {
          ASSIGN_OR_RETURN(int next, Get());
          if (next == '"') {
            c = '"';
          } else {
            in_quotes = false;
            Unget(next);
            continue;
          }
        } else if (c == '\n') {
          ++line_;
        }
      } else if (c == '"' && record_.size() == field_start && !field_quoted) {
        in_quotes = field_quoted = true;
        continue;
      } else if (c == delim) {
        if (error.empty()) ends_.push_back(record_.size());
        field_start = record_.size();
        field_quoted = false;
        if (ends_.size() >= options_.max_fields && error.empty()) {
          error = "record has more than " + std::to_string(options_.max_fields) + " fields";
        }
        continue;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r') {
          ASSIGN_OR_RETURN(int next, Get());
          if (next != '\n') Unget(next);
        }
        ++line_;
        break;
      }
      if (record_.size() - field_start >= options_.max_field_bytes) {
        if (error.empty()) {
          error = "field " + std::to_string(ends_.size() + 1) + " is longer than " +
                  std::to_string(options_.max_field_bytes) + " bytes";
        }
        continue;  // keep consuming the record without storing it
      }
      if (error.empty()) record_.push_back(static_cast<char>(c));
    }
    if (!any) return false;
    if (!error.empty()) return InvalidArgument(error);
    ends_.push_back(record_.size());
    if (ends_.size() == 1 && record_.empty() && !field_quoted) continue;  // blank line
    size_t start = 0;
    for (size_t end : ends_) {
      fields_.emplace_back(record_.data() + start, end - start);
      start = end;
    }
    return true;
  }
}

}  // namespace mercato
