// Appending delivered messages to CSV or JSONL files, exactly one line per message id.
#include "delivery/file_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "common/csv_reader.h"
#include "common/csv_writer.h"

namespace mercato::delivery {
namespace {

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// `text` with CR and LF as spaces, so that a record stays on one physical line.
std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

class FileSink final : public Sink {
 public:
  FileSink(int fd, std::string path, FileFormat format, SenderIdentity sender,
           std::unordered_set<std::string> written)
      : fd_(fd),
        path_(std::move(path)),
        format_(format),
        sender_(std::move(sender)),
        written_(std::move(written)) {}
  ~FileSink() override { ::close(fd_); }

  std::vector<SendResult> Send(std::span<const Envelope> batch, Timestamp /*now*/) override {
    std::string lines;
    std::vector<const std::string*> new_ids;
    std::unordered_set<std::string_view> in_batch;
    for (const Envelope& e : batch) {
      const std::string& id = e.message->id;
      if (written_.count(id) > 0 || !in_batch.insert(id).second) continue;
      AppendRecord(lines, e);
      new_ids.push_back(&id);
    }
    const Status s = Append(lines);
    std::vector<SendResult> results;
    results.reserve(batch.size());
    for (const Envelope& e : batch) {
      const bool already = written_.count(e.message->id) > 0;
      if (already || s.ok()) {
        results.push_back({SendOutcome::kDelivered, ""});
      } else {
        results.push_back({SendOutcome::kRetry, s.message()});
      }
    }
    if (s.ok()) {
      for (const std::string* id : new_ids) written_.insert(*id);
    }
    return results;
  }

 private:
  void AppendRecord(std::string& out, const Envelope& e) const {
    if (format_ == FileFormat::kJsonl) {
      out += DeliveryDocument(e, sender_).dump();
      out += '\n';
      return;
    }
    const OutboxMessage& m = *e.message;
    const std::string fields[] = {m.id,
                                  m.journey_id,
                                  m.step_id,
                                  m.customer_id,
                                  e.email,
                                  e.name,
                                  m.purpose,
                                  FormatTimestamp(m.created_at),
                                  sender_.name,
                                  sender_.email,
                                  sender_.postal_address,
                                  e.unsubscribe_url,
                                  e.payload.dump()};
    bool first = true;
    for (const std::string& f : fields) {
      if (!first) out += ',';
      first = false;
      AppendCsvField(out, OneLine(f));
    }
    out += '\n';
  }

  // Writes `bytes` at the end and syncs; on failure cuts the file back to where it was.
  Status Append(const std::string& bytes) {
    if (bytes.empty()) return Status::Ok();
    const off_t before = ::lseek(fd_, 0, SEEK_END);
    if (before < 0) return IoError(Errno("cannot seek in", path_));
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const Status s = IoError(Errno("cannot write to", path_));
        (void)::ftruncate(fd_, before);
        return s;
      }
      done += static_cast<size_t>(n);
    }
    if (::fsync(fd_) != 0) {
      const Status s = IoError(Errno("cannot flush", path_));
      (void)::ftruncate(fd_, before);
      return s;
    }
    return Status::Ok();
  }

  int fd_;
  std::string path_;
  FileFormat format_;
  SenderIdentity sender_;
  std::unordered_set<std::string> written_;
};

// Removes a last line that has no line end: a write a crash cut short.
Status CutTornLine(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError(Errno("cannot stat", path));
  off_t end = st.st_size;
  char c = '\n';
  while (end > 0) {
    if (::pread(fd, &c, 1, end - 1) != 1) return IoError(Errno("cannot read", path));
    if (c == '\n') break;
    --end;
  }
  if (end == st.st_size) return Status::Ok();
  if (::ftruncate(fd, end) != 0) return IoError(Errno("cannot repair", path));
  return Status::Ok();
}

// The message ids the file holds already (the file may be new and empty).
Result<std::unordered_set<std::string>> ReadWrittenIds(const std::string& path, FileFormat format,
                                                       bool& has_header) {
  std::unordered_set<std::string> ids;
  has_header = false;
  if (format == FileFormat::kJsonl) {
    std::ifstream in(path);
    int line_no = 0;
    for (std::string line; std::getline(in, line);) {
      ++line_no;
      if (line.empty()) continue;
      const auto doc = nlohmann::json::parse(line, nullptr, false);
      if (!doc.is_object() || !doc.contains("id") || !doc["id"].is_string()) {
        return InvalidArgument(path + " line " + std::to_string(line_no) +
                               ": not a delivered message (a JSON object with an \"id\"); deliver "
                               "to another file");
      }
      ids.insert(doc["id"].get<std::string>());
    }
    return ids;
  }
  ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  for (;;) {
    ASSIGN_OR_RETURN(bool more, reader->Next());
    if (!more) return ids;
    const auto& fields = reader->fields();
    if (!has_header) {
      std::vector<std::string_view> expected(std::begin(kOutboxCsvColumns),
                                             std::end(kOutboxCsvColumns));
      if (fields != expected) {
        return InvalidArgument(path +
                               " has another header than the outbox's CSV (id, journey_id, "
                               "...); deliver to another file");
      }
      has_header = true;
      continue;
    }
    if (!fields.empty()) ids.emplace(fields[0]);
  }
}

}  // namespace

Result<std::unique_ptr<Sink>> OpenFileSink(const std::string& path, FileFormat format,
                                           SenderIdentity sender) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(Errno("cannot open", path));
  Status s = CutTornLine(fd, path);
  bool has_header = false;
  Result<std::unordered_set<std::string>> ids = std::unordered_set<std::string>();
  if (s.ok()) {
    ids = ReadWrittenIds(path, format, has_header);
    if (!ids.ok()) s = ids.status();
  }
  if (s.ok() && format == FileFormat::kCsv && !has_header) {
    std::string header;
    for (std::string_view column : kOutboxCsvColumns) {
      if (!header.empty()) header += ',';
      header += column;
    }
    header += '\n';
    if (::write(fd, header.data(), header.size()) != static_cast<ssize_t>(header.size()) ||
        ::fsync(fd) != 0) {
      s = IoError(Errno("cannot write to", path));
    }
  }
  if (!s.ok()) {
    ::close(fd);
    return s;
  }
  return std::unique_ptr<Sink>(
      new FileSink(fd, path, format, std::move(sender), std::move(ids).value()));
}

}  // namespace mercato::delivery
