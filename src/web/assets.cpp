// The embedded assets by name, built once from the generated table.
#include "web/assets.h"

#include <algorithm>
#include <vector>

#include "web/embedded_files.h"

namespace mercato::web {
namespace {

std::string_view Bytes(const unsigned char* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

const std::vector<Asset>& AssetTable() {
  static const std::vector<Asset> table = [] {
    std::vector<Asset> assets;
    for (size_t i = 0; i < kEmbeddedFileCount; ++i) {
      const EmbeddedFile& f = kEmbeddedFiles[i];
      assets.push_back({f.name, ContentTypeFor(f.name), Bytes(f.body, f.body_size),
                        Bytes(f.gzip_body, f.gzip_size), f.etag});
    }
    return assets;
  }();
  return table;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (name.size() > extension.size() && name.ends_with(extension)) return type;
  }
  return "application/octet-stream";
}

const Asset* FindAsset(std::string_view name) {
  const std::vector<Asset>& assets = AssetTable();
  const auto it =
      std::find_if(assets.begin(), assets.end(), [&](const Asset& a) { return a.name == name; });
  return it == assets.end() ? nullptr : &*it;
}

}  // namespace mercato::web
