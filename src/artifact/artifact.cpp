// The artifact file format and its atomic writes. Layout: magic line, format version (u32 LE),
// header JSON (u64 LE length + bytes), payload (u64 LE length + bytes), SHA-256 of all before.
#include "artifact/artifact.h"

#include <fcntl.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dataset/snapshot.h"

namespace mercato {
namespace {

constexpr std::string_view kMagic = "MERCATO-ARTIFACT\n";
constexpr std::string_view kSuffix = ".artifact";

// Word-wise 64-bit hash (multiply-xorshift), fast enough for millions of order lines.
class Hasher {
 public:
  void Bytes(const void* data, size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    while (n >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      Mix(w);
      p += 8;
      n -= 8;
    }
    uint64_t tail = n;
    std::memcpy(&tail, p, n);
    Mix(tail ^ (uint64_t{n} << 56));
  }
  template <class T>
  void Vector(const std::vector<T>& v) {
    Mix(v.size());
    Bytes(v.data(), v.size() * sizeof(T));
  }
  void Mix(uint64_t w) {
    h_ = (h_ ^ w) * 0x9E3779B97F4A7C15ull;
    h_ ^= h_ >> 29;
  }
  std::string Hex() const {
    uint64_t z = h_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    char buf[17];
    std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(z));
    return buf;
  }

 private:
  uint64_t h_ = 0x243F6A8885A308D3ull;
};

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void PutU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
uint64_t GetLE(std::string_view bytes, size_t at, int width) {
  uint64_t v = 0;
  for (int i = 0; i < width; ++i) {
    v |= uint64_t{static_cast<unsigned char>(bytes[at + static_cast<size_t>(i)])} << (8 * i);
  }
  return v;
}

std::string Sha256Raw(std::string_view data) {
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

nlohmann::json OptionalTime(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(*t) : nlohmann::json(nullptr);
}
std::optional<Timestamp> OptionalTimeOf(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<Timestamp>();
}

nlohmann::json HeaderJson(const Artifact& a) {
  const DataFingerprint& d = a.data;
  return {{"kind", a.kind},
          {"config", a.config_json},
          {"seed", a.seed},
          {"created_at", a.created_at},
          {"data",
           {{"customers", d.customers},
            {"items", d.items},
            {"orders", d.orders},
            {"lines", d.lines},
            {"interactions", d.interactions},
            {"first_ts", OptionalTime(d.first_ts)},
            {"last_ts", OptionalTime(d.last_ts)},
            {"until", OptionalTime(d.until)},
            {"hash", d.hash}}}};
}

Status HeaderFromJson(const nlohmann::json& j, Artifact& a) {
  try {
    a.kind = j.at("kind").get<std::string>();
    a.config_json = j.at("config").get<std::string>();
    a.seed = j.at("seed").get<uint64_t>();
    a.created_at = j.at("created_at").get<Timestamp>();
    const nlohmann::json& d = j.at("data");
    a.data.customers = d.at("customers").get<int64_t>();
    a.data.items = d.at("items").get<int64_t>();
    a.data.orders = d.at("orders").get<int64_t>();
    a.data.lines = d.at("lines").get<int64_t>();
    a.data.interactions = d.at("interactions").get<int64_t>();
    a.data.first_ts = OptionalTimeOf(d.at("first_ts"));
    a.data.last_ts = OptionalTimeOf(d.at("last_ts"));
    a.data.until = OptionalTimeOf(d.at("until"));
    a.data.hash = d.at("hash").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(std::string("header field missing or of the wrong type: ") + e.what());
  }
  return Status::Ok();
}

bool ValidKind(std::string_view kind) {
  return !kind.empty() && kind.front() != '.' && std::all_of(kind.begin(), kind.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

Status FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return IoError(Errno("cannot open", path));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return IoError(Errno("cannot fsync", path));
  return Status::Ok();
}

Status WriteWhole(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(Errno("cannot create", path));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const Status s = IoError(Errno("cannot write", path));
      ::close(fd);
      return s;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const Status s = IoError(Errno("cannot fsync", path));
    ::close(fd);
    return s;
  }
  if (::close(fd) != 0) return IoError(Errno("cannot close", path));
  return Status::Ok();
}

}  // namespace

DataFingerprint FingerprintOf(const Snapshot& s) {
  DataFingerprint d;
  d.customers = s.customers.size();
  d.items = s.items.size();
  d.orders = s.orders.size();
  d.lines = static_cast<int64_t>(s.lines.size());
  d.interactions = s.interactions.nnz();
  d.first_ts = s.first_ts;
  d.last_ts = s.last_ts;
  d.until = s.until;
  Hasher h;
  for (int32_t i = 0; i < s.items.size(); ++i)
    h.Bytes(s.items.Key(i).data(), s.items.Key(i).size());
  for (int32_t c = 0; c < s.customers.size(); ++c) {
    h.Bytes(s.customers.Key(c).data(), s.customers.Key(c).size());
  }
  h.Vector(s.lines.order);
  h.Vector(s.lines.customer);
  h.Vector(s.lines.item);
  h.Vector(s.lines.ts);
  h.Vector(s.lines.quantity);
  h.Vector(s.interactions.row_start);
  h.Vector(s.interactions.col);
  h.Vector(s.interactions.value);
  d.hash = h.Hex();
  return d;
}

std::string DefaultArtifactDir(std::string_view db_path) {
  return std::string(db_path) + ".artifacts";
}

std::string KeptPagesDir(std::string_view artifact_dir) {
  return std::string(artifact_dir) + "/kept_pages";
}

std::string ArtifactPath(std::string_view dir, std::string_view kind) {
  return std::string(dir) + "/" + std::string(kind) + std::string(kSuffix);
}

std::string EncodeArtifact(const Artifact& a) {
  const std::string header = HeaderJson(a).dump();
  std::string out;
  out.reserve(kMagic.size() + 4 + 16 + header.size() + a.payload.size() + SHA256_DIGEST_LENGTH);
  out.append(kMagic);
  PutU32(out, a.format_version);
  PutU64(out, header.size());
  out.append(header);
  PutU64(out, a.payload.size());
  out.append(a.payload);
  out.append(Sha256Raw(out));
  return out;
}

Result<Artifact> DecodeArtifact(std::string_view bytes, std::string_view source) {
  const std::string where = "artifact " + std::string(source);
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    return InvalidArgument(where + " is not a mercato artifact (bad magic)");
  }
  size_t at = kMagic.size();
  auto truncated = [&] {
    return InvalidArgument(where + " is truncated (" + std::to_string(bytes.size()) +
                           " bytes); retrain to rewrite it");
  };
  if (bytes.size() < at + 4) return truncated();
  Artifact a;
  a.format_version = static_cast<uint32_t>(GetLE(bytes, at, 4));
  at += 4;
  if (a.format_version > Artifact::kFormatVersion || a.format_version == 0) {
    return FailedPrecondition(where + " has format version " + std::to_string(a.format_version) +
                              " but this mercato reads versions up to " +
                              std::to_string(Artifact::kFormatVersion) +
                              "; upgrade mercato or retrain with this version");
  }
  if (bytes.size() < at + 8) return truncated();
  const uint64_t header_size = GetLE(bytes, at, 8);
  at += 8;
  if (header_size > bytes.size() - at) return truncated();
  const std::string_view header = bytes.substr(at, header_size);
  at += header_size;
  if (bytes.size() < at + 8) return truncated();
  const uint64_t payload_size = GetLE(bytes, at, 8);
  at += 8;
  if (payload_size > bytes.size() - at || bytes.size() - at - payload_size < SHA256_DIGEST_LENGTH) {
    return truncated();
  }
  const size_t end = at + payload_size;
  if (bytes.size() != end + SHA256_DIGEST_LENGTH) {
    return InvalidArgument(where + " has " + std::to_string(bytes.size() - end) +
                           " trailing bytes where a 32-byte checksum belongs; it is corrupt");
  }
  if (Sha256Raw(bytes.substr(0, end)) != bytes.substr(end)) {
    return InvalidArgument(where + " is corrupt (checksum mismatch); retrain to rewrite it");
  }
  const auto json = nlohmann::json::parse(header, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return InvalidArgument(where + " has an unreadable header");
  }
  const Status parsed = HeaderFromJson(json, a);
  if (!parsed.ok()) return InvalidArgument(where + ": " + parsed.message());
  a.payload.assign(bytes.substr(at, payload_size));
  return a;
}

Status WriteArtifact(std::string_view dir_view, const Artifact& a) {
  if (!ValidKind(a.kind)) {
    return InvalidArgument("artifact kind '" + a.kind + "' must be [a-z0-9_.-]+");
  }
  const auto config = nlohmann::json::parse(a.config_json, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    return InvalidArgument("artifact " + a.kind + ": config must be a JSON object");
  }
  const std::string dir(dir_view);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return IoError("cannot create artifacts directory " + dir + ": " + ec.message());
  const std::string path = ArtifactPath(dir, a.kind);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  Status written = WriteWhole(tmp, EncodeArtifact(a));
  if (!written.ok()) {
    std::filesystem::remove(tmp, ec);
    return written;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const Status s = IoError(Errno("cannot rename into", path));
    std::filesystem::remove(tmp, ec);
    return s;
  }
  return FsyncPath(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

Result<Artifact> ReadArtifact(std::string_view dir, std::string_view kind) {
  const std::string path = ArtifactPath(dir, kind);
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("no artifact " + std::string(kind) + " in " + std::string(dir));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return IoError(Errno("cannot read", path));
  const std::string bytes = std::move(buf).str();
  ASSIGN_OR_RETURN(Artifact a, DecodeArtifact(bytes, path));
  if (a.kind != kind) {
    return InvalidArgument("artifact " + path + " holds kind '" + a.kind + "', not '" +
                           std::string(kind) + "'");
  }
  return a;
}

}  // namespace mercato
