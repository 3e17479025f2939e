// Error paths of the model byte reader.
#include "recommend/bytes.h"

namespace mercato::recommend {

Status ByteReader::ExpectEnd() const {
  if (pos_ == in_.size()) return Status::Ok();
  return InvalidArgument("model bytes have " + std::to_string(in_.size() - pos_) +
                         " unexpected trailing bytes (written by a newer mercato?)");
}

Status ByteReader::Truncated() {
  return InvalidArgument("model bytes are truncated or not a mercato recommendation model");
}

}  // namespace mercato::recommend
