// The revalidating cache's answers on disk, so that a restarted server answers its pages at once
// (as stale, revalidated in the background) instead of computing each for seconds. One artifact
// file per request key (artifact/artifact.h: written atomically, a SHA-256 trailer), in
// KeptPagesDir(<artifacts>), which an erasure removes with everything it holds.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "server/api_types.h"

namespace mercato::server {

struct KeptResponse {
  std::string key;      // the cache's key of the request (method, path, sorted query)
  std::string version;  // the data and models version it was computed at
  Timestamp computed_at = 0;
  ApiResponse response;  // a 200 answer, with the headers its route set
};

/// Writes `kept` into `dir` (created when absent), replacing the file of the same key.
Status SaveKeptResponse(const std::string& dir, const KeptResponse& kept);

/// Removes the file of `key` from `dir`; none is Ok.
Status RemoveKeptResponse(const std::string& dir, const std::string& key);

/// Removes `dir` and every kept response in it; no directory is Ok.
Status RemoveKeptResponses(const std::string& dir);

/// Every response kept in `dir`, oldest first (none when there is no directory). A file that
/// cannot be read back whole (truncated, corrupt, another format) or that another build of
/// mercato wrote (its executable's size and time differ: an upgrade may shape the answers
/// otherwise) is removed and skipped: the next computation of its request writes it again.
std::vector<KeptResponse> LoadKeptResponses(const std::string& dir);

}  // namespace mercato::server
