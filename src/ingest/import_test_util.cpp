// Helpers for importer tests.
#include "ingest/import_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/text.h"
#include "store/open_store.h"

namespace mercato::testing {

std::string FreshDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string dir =
      ::testing::TempDir() + "/mercato_" + info->test_suite_name() + "_" + info->name();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string WriteFile(const std::string& dir, const std::string& name, const std::string& content) {
  const std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::unique_ptr<Store> FreshStore(const std::string& dir) {
  std::filesystem::create_directories(dir);
  auto store = OpenStore(dir + "/store.db");
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return std::move(store).value();
}

ImportReport Import(Store& store, const std::string& format, const std::vector<std::string>& paths,
                    bool strict) {
  ImportOptions options;
  options.strict = strict;
  return RunImport(store, format, paths, options);
}

int64_t CountOf(Store& store, EntityKind kind) { return store.Count(kind).value(); }

std::string StoreFingerprint(Store& store) {
  std::string all;
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    all += std::string(EntityTraits<T>::kName) + "\n";
    EXPECT_TRUE(ScanAll<T>(store, [&](const T& e) {
                  for (const auto& f : EntityTraits<T>::Fields()) all += FieldToText(f, e) + '\x1f';
                  all += '\n';
                  return Status::Ok();
                }).ok());
  });
  return Sha256Hex(all);
}

std::string SharedData(const std::string& relative) {
  const std::string path = std::string(MERCATO_SHARED_DATA_DIR) + "/" + relative;
  return std::filesystem::exists(path) ? path : std::string();
}

}  // namespace mercato::testing
