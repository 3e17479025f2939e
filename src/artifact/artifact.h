// Versioned, immutable model artifacts: one file per model kind holding the format version, the
// model kind, its config, the seed, a fingerprint of the data it was trained on, the creation
// time and the model bytes. Written atomically, loaded read-only; any model area can use it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace mercato {

struct Snapshot;

/// What data a model saw: sizes, time range and a hash of the interactions and order lines.
struct DataFingerprint {
  int64_t customers = 0;
  int64_t items = 0;
  int64_t orders = 0;
  int64_t lines = 0;
  int64_t interactions = 0;  // non-zero entries of the customer x item matrix
  std::optional<Timestamp> first_ts, last_ts;
  std::optional<Timestamp> until;  // the snapshot's cut-off, when it had one
  std::string hash;                // 16 hex digits; equal data gives an equal hash

  friend bool operator==(const DataFingerprint&, const DataFingerprint&) = default;
};

/// The fingerprint of a dataset snapshot.
DataFingerprint FingerprintOf(const Snapshot& snapshot);

/// One model artifact. `payload` is the model's own serialization; the rest describes it.
struct Artifact {
  /// The artifact file format this build writes; files with a higher version are refused.
  static constexpr uint32_t kFormatVersion = 1;

  uint32_t format_version = kFormatVersion;
  std::string kind;         // e.g. "recommend.als"; [a-z0-9_.-]+, also the file name
  std::string config_json;  // the model's configuration, a JSON object
  uint64_t seed = 0;
  DataFingerprint data;
  Timestamp created_at = 0;
  std::string payload;
};

/// `<db>.artifacts`: the default artifacts directory, next to the database file.
std::string DefaultArtifactDir(std::string_view db_path);

/// `<artifact_dir>/kept_pages`: the server's kept answers of its dashboard pages
/// (server/kept_responses.h), which hold customers' data; an erasure removes it whole.
std::string KeptPagesDir(std::string_view artifact_dir);

/// Path of the artifact of `kind` in `dir`.
std::string ArtifactPath(std::string_view dir, std::string_view kind);

/// Serializes an artifact to the file format (header, payload, SHA-256 trailer).
std::string EncodeArtifact(const Artifact& artifact);
/// Parses the file format; `source` names the file in error messages. A truncated or corrupt
/// input, or one written by a newer format version, is an error saying so.
Result<Artifact> DecodeArtifact(std::string_view bytes, std::string_view source);

/// Writes `artifact` to ArtifactPath(dir, kind) atomically (temporary file, fsync, rename, fsync
/// of the directory), creating `dir` when absent. Readers see the old file or the new one whole.
Status WriteArtifact(std::string_view dir, const Artifact& artifact);

/// Reads the artifact of `kind` from `dir`. NotFound when there is none.
Result<Artifact> ReadArtifact(std::string_view dir, std::string_view kind);

}  // namespace mercato
