// The "shopify" import format: Shopify's products, orders and customers exports, given as files
// or folders in any order and under any names, each recognised by its header and imported by
// its own importer in dependency order.
#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

#include "ingest/formats.h"
#include "ingest/shopify_export_kind.h"

namespace mercato {

namespace {

bool LooksLikeCsv(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  for (const std::string_view suffix : {".gz", ".zst"}) {
    if (name.ends_with(suffix)) name.resize(name.size() - suffix.size());
  }
  return name.ends_with(".csv") || name.ends_with(".CSV");
}

class ShopifyImporter final : public Importer {
 public:
  // Only notes the files: they are written in Finish, once every path is known.
  Status Import(const std::string& path, ImportContext& ctx) override {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
      auto kind = shopify::DetectExportFile(path);
      if (!kind.ok()) {
        ctx.BeginFile(path);
        return ctx.FileError(kind.status().message());
      }
      files_.push_back({*kind, path});
      return Status::Ok();
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
      if (entry.is_regular_file() && LooksLikeCsv(entry.path())) found.push_back(entry.path());
    }
    if (ec) return IoError("cannot list " + path + ": " + ec.message());
    std::sort(found.begin(), found.end());
    size_t exports = 0;
    for (const std::string& file : found) {
      auto kind = shopify::DetectExportFile(file);
      if (kind.ok()) {
        files_.push_back({*kind, file});
        ++exports;
      } else {
        ctx.Warn("ignored file " + file + ": " + kind.status().message());
      }
    }
    if (exports == 0) {
      ctx.BeginFile(path);
      return ctx.FileError(
          "no Shopify export in this folder: expected the products, orders or customers export "
          "(.csv, also .gz/.zst compressed)");
    }
    return Status::Ok();
  }

  Status Finish(ImportContext& ctx) override {
    std::stable_sort(files_.begin(), files_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::filesystem::path> done;  // a file named twice (alone and in its folder)
    for (const auto& [kind, path] : files_) {
      std::error_code ec;
      const auto canonical = std::filesystem::weakly_canonical(path, ec);
      if (std::find(done.begin(), done.end(), canonical) != done.end()) continue;
      done.push_back(canonical);
      ASSIGN_OR_RETURN(auto importer, MakeImporter(shopify::ImportFormatOf(kind)));
      const Status s = importer->Import(path, ctx);
      ctx.EndFile();
      RETURN_IF_ERROR(s);
    }
    return Status::Ok();
  }

 private:
  std::vector<std::pair<shopify::ExportKind, std::string>> files_;
};

}  // namespace

std::unique_ptr<Importer> MakeShopifyImporter() { return std::make_unique<ShopifyImporter>(); }

}  // namespace mercato
