// Test support: a store's audit log read back, for the tests of everything that audits (access,
// the app's privacy actions, the keys and privacy commands).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/open_store.h"

namespace mercato::testing {

/// Every audit record of `store`, in order; a read error fails the test.
inline std::vector<AuditRecord> AuditLog(Store& store) {
  std::vector<AuditRecord> out;
  EXPECT_TRUE(store
                  .ScanAudit([&](const AuditRecord& r) {
                    out.push_back(r);
                    return Status::Ok();
                  })
                  .ok());
  return out;
}

/// Every audit record of the store at `db`, in order.
inline std::vector<AuditRecord> AuditOf(const std::string& db) {
  auto store = OpenStore(db).value();
  return AuditLog(*store);
}

}  // namespace mercato::testing
