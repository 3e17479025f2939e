// JSON and text renderings of an import report.
#include "ingest/import_report.h"

#include <cstdio>

namespace mercato {

void ImportReport::AddError(ImportError error) {
  ++error_count;
  if (errors.size() < kMaxErrorsKept) errors.push_back(std::move(error));
}

nlohmann::json ImportReport::ToJson() const {
  nlohmann::json j;
  j["ok"] = ok();
  if (!ok()) j["aborted"] = aborted;
  j["rows_read"] = rows_read;
  j["rows_imported"] = rows_imported;
  j["rows_excluded"] = rows_excluded;
  j["rows_skipped"] = rows_skipped;
  j["error_count"] = error_count;
  j["errors"] = nlohmann::json::array();
  for (const ImportError& e : errors) {
    j["errors"].push_back(
        {{"file", e.file}, {"line", e.line}, {"column", e.column}, {"message", e.message}});
  }
  j["entities"] = entities;
  j["details"] = details;
  j["warnings"] = warnings;
  if (!currency.empty()) j["currency"] = currency;
  j["seconds"] = seconds;
  return j;
}

std::string ImportReport::ToText() const {
  std::string out;
  char buf[256];
  if (!ok()) out += "import aborted, nothing was written: " + aborted + "\n";
  std::snprintf(buf, sizeof buf,
                "rows read %lld, imported %lld, excluded by rule %lld, skipped as bad %lld "
                "(%.1f s)\n",
                static_cast<long long>(rows_read), static_cast<long long>(rows_imported),
                static_cast<long long>(rows_excluded), static_cast<long long>(rows_skipped),
                seconds);
  out += buf;
  if (ok()) {
    for (const auto& [name, n] : entities) {
      std::snprintf(buf, sizeof buf, "  %-18s %lld\n", name.c_str(), static_cast<long long>(n));
      out += buf;
    }
    if (!currency.empty()) out += "  currency: " + currency + "\n";
  }
  for (const auto& [name, n] : details) {
    std::snprintf(buf, sizeof buf, "  note: %s = %lld\n", name.c_str(), static_cast<long long>(n));
    out += buf;
  }
  for (const std::string& w : warnings) out += "  warning: " + w + "\n";
  for (const ImportError& e : errors) {
    out += "  error: " + e.file + (e.line > 0 ? ":" + std::to_string(e.line) : "") +
           (e.column.empty() ? "" : " [" + e.column + "]") + ": " + e.message + "\n";
  }
  if (error_count > static_cast<int64_t>(errors.size())) {
    out += "  ... and " + std::to_string(error_count - static_cast<int64_t>(errors.size())) +
           " more errors\n";
  }
  return out;
}

}  // namespace mercato
