// Test support: CDNOW loading and buy-till-you-die simulators with fixed seeds.
#include "customers/cdnow_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace mercato::customers::testing {

std::string CdnowPath(const std::string& name) {
  return std::string(MERCATO_SHARED_DATA_DIR) + "/cdnow/" + name;
}

std::optional<SummaryTable> LoadCdnow() {
  const std::string path = CdnowPath("cdnow_customers_summary_with_transactions.csv");
  if (!std::filesystem::exists(path)) return std::nullopt;
  auto table = ReadSummaryCsv(path);
  if (!table.ok()) {
    ADD_FAILURE() << table.status().ToString();
    return std::nullopt;
  }
  return std::move(table).value();
}

}  // namespace mercato::customers::testing
