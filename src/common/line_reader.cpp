// Line splitting over a refillable buffer.
#include "common/line_reader.h"

#include "common/text_encoding.h"

namespace mercato {

LineReader::LineReader(std::unique_ptr<ByteSource> source, size_t max_line_bytes)
    : source_(std::move(source)), max_(max_line_bytes) {}

Result<bool> LineReader::Next() {
  line_.clear();
  bool too_long = false, any = false;
  for (;;) {
    if (pos_ == buf_.size()) {
      if (eof_) break;
      buf_.resize(1 << 16);
      auto read = source_->Read(buf_.data(), buf_.size());
      pos_ = 0;
      Status broken = read.status();
      if (read.ok()) {
        buf_.resize(read.value());
        if (buf_.empty()) {
          eof_ = true;
          break;
        }
        if (first_) broken = RefuseUtf16(buf_);
      }
      if (!broken.ok()) {
        buf_.clear();
        eof_ = failed_ = true;  // a broken stream ends the input: the error is reported once
        ++number_;              // on the line being read
        return broken;
      }
      const size_t got = buf_.size();
      if (first_ && got >= 3 && buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
      first_ = false;
      continue;
    }
    any = true;
    const size_t nl = buf_.find('\n', pos_);
    const size_t end = nl == std::string::npos ? buf_.size() : nl;
    if (!too_long) {
      line_.append(buf_, pos_, end - pos_);
      if (line_.size() > max_) {
        too_long = true;
        line_.clear();
      }
    }
    pos_ = nl == std::string::npos ? end : end + 1;
    if (nl != std::string::npos) break;
  }
  if (!any) return false;
  ++number_;
  if (too_long) return InvalidArgument("line is longer than " + std::to_string(max_) + " bytes");
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  return true;
}

}  // namespace mercato
