// Serialization of RecommendConfig inside model bytes, field by field (no padding bytes).
#pragma once

#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

void PutConfig(ByteWriter& w, const RecommendConfig& c);
Status GetConfig(ByteReader& r, RecommendConfig& c);

}  // namespace mercato::recommend
