// Kept answers on disk: each an artifact whose payload is the body and whose config is the rest.
#include "server/kept_responses.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "artifact/artifact.h"
#include "common/text.h"

namespace mercato::server {
namespace {

constexpr std::string_view kKindPrefix = "page.";

// Which build of mercato wrote a file: its executable's size and modification time. A new build
// may shape its answers otherwise (a page's script reads the new shape), so it reads back none of
// an older build's.
// Never destroyed: a cache's background thread may still write a page while the process exits
// (its exit handlers ran the destructor under a writing thread: ASan's heap-use-after-free in the
// api_request fuzz replay).
const std::string& BuildIdentity() {
  static const std::string& identity = *new std::string([] {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return std::string();
    const auto size = std::filesystem::file_size(exe, ec);
    const auto mtime = std::filesystem::last_write_time(exe, ec).time_since_epoch().count();
    return ec ? std::string() : std::to_string(size) + ":" + std::to_string(mtime);
  }());
  return identity;
}

// The artifact kind of a key: file names take [a-z0-9_.-] only, keys take anything.
std::string KindOf(const std::string& key) {
  return std::string(kKindPrefix) + Sha256Hex(key).substr(0, 32);
}

Result<KeptResponse> Decode(const Artifact& a) {
  KeptResponse kept;
  const nlohmann::json meta = nlohmann::json::parse(a.config_json, nullptr, false);
  if (!meta.is_object() || !meta.contains("key") || !meta["key"].is_string() ||
      !meta.contains("version") || !meta["version"].is_string() || !meta.contains("status") ||
      !meta["status"].is_number_integer() || !meta.contains("content_type") ||
      !meta["content_type"].is_string() || !meta.contains("headers") ||
      !meta["headers"].is_array()) {
    return InvalidArgument(a.kind + ": not a kept response");
  }
  if (!meta.contains("build") || meta["build"] != BuildIdentity()) {
    return InvalidArgument(a.kind + ": written by another build of mercato");
  }
  kept.key = meta["key"].get<std::string>();
  if (KindOf(kept.key) != a.kind) return InvalidArgument(a.kind + ": names another request");
  kept.version = meta["version"].get<std::string>();
  kept.computed_at = a.created_at;
  kept.response.status = meta["status"].get<int>();
  kept.response.content_type = meta["content_type"].get<std::string>();
  for (const nlohmann::json& h : meta["headers"]) {
    if (!h.is_array() || h.size() != 2 || !h[0].is_string() || !h[1].is_string()) {
      return InvalidArgument(a.kind + ": a header is not a [name, value] pair");
    }
    kept.response.headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
  }
  kept.response.body = a.payload;
  return kept;
}

}  // namespace

Status SaveKeptResponse(const std::string& dir, const KeptResponse& kept) {
  Artifact a;
  a.kind = KindOf(kept.key);
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [name, value] : kept.response.headers) headers.push_back({name, value});
  a.config_json = nlohmann::json{{"build", BuildIdentity()},
                                 {"key", kept.key},
                                 {"version", kept.version},
                                 {"status", kept.response.status},
                                 {"content_type", kept.response.content_type},
                                 {"headers", std::move(headers)}}
                      .dump();
  a.created_at = kept.computed_at;
  a.payload = kept.response.body;
  return WriteArtifact(dir, a);
}

Status RemoveKeptResponse(const std::string& dir, const std::string& key) {
  std::error_code ec;
  const std::string path = ArtifactPath(dir, KindOf(key));
  std::filesystem::remove(path, ec);
  if (ec) return IoError("cannot remove " + path + ": " + ec.message());
  return Status::Ok();
}

Status RemoveKeptResponses(const std::string& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (ec) return IoError("cannot remove " + dir + ": " + ec.message());
  return Status::Ok();
}

std::vector<KeptResponse> LoadKeptResponses(const std::string& dir) {
  std::vector<KeptResponse> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file(ec) || !name.starts_with(kKindPrefix)) continue;
    const std::string kind = entry.path().stem().string();
    Result<Artifact> artifact = ReadArtifact(dir, kind);
    Result<KeptResponse> kept = artifact.ok() ? Decode(*artifact) : artifact.status();
    if (kept.ok()) {
      out.push_back(std::move(*kept));
    } else {
      std::filesystem::remove(entry.path(), ec);
    }
  }
  std::sort(out.begin(), out.end(), [](const KeptResponse& a, const KeptResponse& b) {
    return a.computed_at < b.computed_at;
  });
  return out;
}

}  // namespace mercato::server
