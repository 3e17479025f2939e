// Checks that docs/import-formats-generic.md is the generated reference, so docs and code agree.
#include "ingest/generic_format_doc.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/entity_schema.h"

namespace mercato {
namespace {

TEST(GenericFormatDoc, CommittedDocMatchesDescriptors) {
  std::ifstream in(std::string(MERCATO_SOURCE_DIR) + "/docs/import-formats-generic.md");
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(committed.str(), GenericFormatMarkdown())
      << "regenerate with: mercato formats generic > docs/import-formats-generic.md";
}

TEST(GenericFormatDoc, DocumentsEveryEntityAndKey) {
  const std::string md = GenericFormatMarkdown();
  for (auto name : EntityNames()) {
    EXPECT_NE(md.find("## " + std::string(name) + ".csv"), std::string::npos) << name;
  }
  EXPECT_NE(md.find("| `order_id` | text | yes |"), std::string::npos);
}

}  // namespace
}  // namespace mercato
