// Country codes: normalizes what sources write in a country field (ISO codes or English names,
// including the UCI Online Retail spellings) to ISO 3166-1 alpha-2.
#pragma once

#include <string>
#include <string_view>

namespace mercato {

/// The ISO 3166-1 alpha-2 code (upper case) for an alpha-2 or alpha-3 code or a common English
/// name ("United Kingdom", "USA", "EIRE", "RSA", ...), case-insensitively; "" when unknown
/// (including "Unspecified"). "European Community" maps to "EU", which is not a country but
/// tells the consent rules which law applies.
std::string NormalizeCountry(std::string_view text);

}  // namespace mercato
