// Test support for the access CLI tests: the audit log of a store, read back.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/open_store.h"

namespace mercato::testing {

/// Every audit record of the store at `db`, in order.
inline std::vector<AuditRecord> AuditOf(const std::string& db) {
  auto store = OpenStore(db).value();
  std::vector<AuditRecord> out;
  EXPECT_TRUE(store
                  ->ScanAudit([&](const AuditRecord& r) {
                    out.push_back(r);
                    return Status::Ok();
                  })
                  .ok());
  return out;
}

}  // namespace mercato::testing
