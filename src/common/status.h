// Status and Result<T>: expected failures as values, each with a code that maps to an HTTP status.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace mercato {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input from a user: 400
  kNotFound,            // 404
  kAlreadyExists,       // 409
  kFailedPrecondition,  // state does not allow it (e.g. newer schema): 409
  kUnauthenticated,     // 401
  kPermissionDenied,    // 403
  kResourceExhausted,   // limits, rate: 429 / 413
  kIoError,             // file or database failure: 500
  kInternal,            // broken invariant: 500
};

/// HTTP status code that a StatusCode maps to.
int HttpStatusOf(StatusCode code);
/// Stable lower-case name of a code, e.g. "invalid_argument".
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  /// "invalid_argument: message", or "ok".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status ResourceExhausted(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

/// A value or the Status explaining why there is none.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace mercato

#define MERCATO_CONCAT_INNER(a, b) a##b
#define MERCATO_CONCAT(a, b) MERCATO_CONCAT_INNER(a, b)

/// Returns the Status from the enclosing function when `expr` is not ok.
#define RETURN_IF_ERROR(expr)                      \
  do {                                             \
    ::mercato::Status status_macro_ = (expr);      \
    if (!status_macro_.ok()) return status_macro_; \
  } while (0)

/// `ASSIGN_OR_RETURN(auto x, MakeX());` unwraps a Result or returns its Status.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(MERCATO_CONCAT(result_macro_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()
