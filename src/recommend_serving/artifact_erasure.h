// Erasure of one customer from trained recommendation artifacts, without retraining: the
// customer's factors, history rows and orders leave every model and the serving index.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "recommend_serving/serving_index.h"

namespace mercato::serving {

/// Rewrites the serving index and every model artifact in `artifact_dir` without the customer:
/// user factors, user rows and purchase history dropped, the customer and their orders removed
/// from the id maps, later dense ids moved down (recommend::RowErasure). Each file is replaced
/// atomically; models are rewritten before the index, and a run interrupted between files is
/// completed by running it again. A customer the artifacts do not know, or a directory without
/// artifacts, is Ok (nothing to do). Models that disagree with the index are FailedPrecondition.
/// A model artifact that cannot be decoded (corrupt) is removed: it cannot serve, cannot be
/// rewritten without the customer, and may still hold them; the next training writes it again.
/// Popularity counts keep the customer's contribution as an anonymous count.
Status ForgetCustomer(const std::string& artifact_dir, std::string_view customer_id);

/// Removes `customer` (a dense id of index.customers) and their orders from `index`.
void EraseFromServingIndex(ServingIndex& index, int32_t customer);

}  // namespace mercato::serving
