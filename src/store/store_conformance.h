// The conformance suite every store back-end must pass, as a parameterized gtest suite: a
// back-end's test instantiates it with a factory, e.g.
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(StoreFactory(...)));
// Link the mercato_store_conformance library into that test.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "store/store.h"

namespace mercato {

/// Opens a connection to the store that lives in the directory `dir` (each test has a fresh,
/// empty one; calling it again opens another connection to the same store). The store must be
/// what OpenStore returns for the back-end: the erasure tests need ErasureGuard.
using StoreFactory = std::function<Result<std::unique_ptr<Store>>(const std::string& dir)>;

class StoreConformance : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override;
  // One entity of every kind, each field set from `seed`; parents first, so children find them.
  void PutSampleOfEveryKind(int seed);
  // A customer `id` with one of everything (consent, order and line, returns, event, cart), `n`
  // telling the rows' ids apart: the erasure tests' world, beside a neighbour whose rows must
  // survive.
  static void PutCustomerWorld(Store& store, const std::string& id, int n);

  std::string dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace mercato
