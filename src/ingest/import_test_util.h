// Helpers for importer tests: temporary files and stores, and one-call imports.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "ingest/importer.h"
#include "store/store.h"

namespace mercato::testing {

/// A fresh directory under the test temp dir, unique to the running test.
std::string FreshDir();
/// Writes `content` to `dir/name` and returns the path.
std::string WriteFile(const std::string& dir, const std::string& name, const std::string& content);
/// A fresh SQLite store in `dir`.
std::unique_ptr<Store> FreshStore(const std::string& dir);
/// Runs an import of `paths` in `format`.
ImportReport Import(Store& store, const std::string& format, const std::vector<std::string>& paths,
                    bool strict = false);
/// Every stored T, in key order.
template <class T>
std::vector<T> All(Store& store) {
  std::vector<T> out;
  EXPECT_TRUE(ScanAll<T>(store, [&](const T& e) {
                out.push_back(e);
                return Status::Ok();
              }).ok());
  return out;
}
/// Rows of `kind` in `store`.
int64_t CountOf(Store& store, EntityKind kind);
/// SHA-256 over every stored row of every entity, in key order: equal fingerprints mean equal
/// stores.
std::string StoreFingerprint(Store& store);
/// Path of a file in ../shared/data, or "" when absent (the test should skip, saying so).
std::string SharedData(const std::string& relative);

}  // namespace mercato::testing
