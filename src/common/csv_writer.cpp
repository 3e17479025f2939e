// CSV output with minimal quoting.
#include "common/csv_writer.h"

#include <cerrno>
#include <cstring>

namespace mercato {

void AppendCsvField(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

Result<std::unique_ptr<CsvWriter>> CsvWriter::Create(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return IoError("cannot write " + path + ": " + strerror(errno));
  return std::unique_ptr<CsvWriter>(new CsvWriter(f, path));
}

CsvWriter::~CsvWriter() {
  if (f_ != nullptr) (void)Close();
}

void CsvWriter::WriteRow(const std::vector<std::string>& fields) {
  if (fields.size() == 1 && fields[0].empty()) buf_ += "\"\"";  // an empty line would be skipped
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) buf_.push_back(',');
    AppendCsvField(buf_, fields[i]);
  }
  buf_.push_back('\n');
  if (buf_.size() >= (1 << 20)) FlushBuffer();
}

void CsvWriter::FlushBuffer() {
  if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) failed_ = true;
  buf_.clear();
}

Status CsvWriter::Close() {
  if (f_ == nullptr) return Status::Ok();
  FlushBuffer();
  const bool close_failed = std::fclose(f_) != 0;
  f_ = nullptr;
  if (failed_ || close_failed) return IoError("writing " + path_ + " failed (disk full?)");
  return Status::Ok();
}

}  // namespace mercato
