// Small text utilities: trimming, case, strict number parsing, UTF-8 repair, hashing to hex.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace mercato {

std::string_view Trim(std::string_view s);
std::string ToLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWith(std::string_view s, std::string_view prefix);
std::vector<std::string_view> Split(std::string_view s, char sep);
/// The parts with `separator` between them ("a, b, c").
std::string Join(const std::vector<std::string>& parts, std::string_view separator);

/// Whole-string integer, e.g. "-12"; a trailing ".0" is accepted ("17850.0").
Result<int64_t> ParseInt(std::string_view s);
/// Whole-string finite decimal number, e.g. "2.55", "-1e3"; rejects nan/inf.
Result<double> ParseReal(std::string_view s);
/// true/false, yes/no, 1/0, y/n (case-insensitive).
Result<bool> ParseBool(std::string_view s);

/// Returns `s` with every invalid UTF-8 sequence replaced by U+FFFD and NUL bytes dropped.
std::string RepairUtf8(std::string_view s);
/// True when `s` is valid UTF-8 without NUL bytes.
bool IsCleanUtf8(std::string_view s);

/// Shortest text that reads back as the same number ("2.55", "1e-07"); float keeps float digits.
std::string FormatReal(double v);
std::string FormatReal(float v);

/// An amount of money rounded to cents (half away from zero): 1013.3999938964844 -> 1013.4.
double RoundToCents(double v);
/// An amount of money as text with two decimals: 52.8 -> "52.80", 1013.3999938964844 ->
/// "1013.40".
std::string FormatMoney(double v);

/// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

/// Shortens `s` to at most `max` bytes for an error message, marking the cut.
std::string Excerpt(std::string_view s, size_t max = 40);

}  // namespace mercato
