// A tiny store for the dashboard tests, small enough that every figure the dashboard shows can be
// worked out by hand (the derivations are in the tests).
#pragma once

#include <string>

namespace mercato::app::testing {

/// Writes the store below to `<fresh dir>/store.db` and returns its path.
///   Products: MUG-R "Mug - Red" (product mug, price 10, cost 4), MUG-B "Mug - Blue" (product
///   mug, price 10, no cost), TEE "Tee" (no product id, price 20, cost 8).
///   Customers ann, bob, cat. Orders (quantity × unit price):
///     O1 ann 2024-05-28 MUG-R 1×10                 = 10
///     O2 ann 2024-06-04 TEE 1×20                   = 20
///     O3 bob 2024-06-05 MUG-B 2×10                 = 20
///     O4 ann 2024-06-10 MUG-R 1×10 + TEE 2×20      = 50
///     O5 cat 2024-06-11 MUG-B 3×10                 = 30
///     O6 guest 2024-06-12 GHOST (not in catalog) 1×5 = 5
///     O7 bob 2024-06-13 MUG-R 1×10                 = 10
///   Events (all 2024-06-10 … 06-12): session s1 view + purchase; session s2 view by cat;
///   session s3 anonymous view; bob's view without a session; one event with neither.
///   Carts: ann's abandoned 2024-06-11 (18.00), bob's abandoned 2024-05-01 (7.00).
std::string WriteDashboardStore();

}  // namespace mercato::app::testing
