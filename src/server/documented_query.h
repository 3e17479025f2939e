// Query parameters from an action's option descriptions (app/option_doc.h): the server-side
// twin of cli/documented_options.h, so a route reads the same names, types and defaults as the
// CLI's flags.
#pragma once

#include <span>
#include <string>
#include <variant>
#include <vector>

#include "app/option_doc.h"
#include "common/status.h"
#include "server/api_types.h"

namespace mercato::server {

/// Sets each described field of `options` that the query names (a list from every occurrence,
/// repeated or comma-separated); fields the query does not name keep their values. A value that
/// does not parse is an InvalidArgument naming the parameter.
template <class Options>
Status ReadDocumentedQuery(const ApiRequest& r, Options& options,
                           std::span<const app::OptionDoc<Options>> docs) {
  for (const app::OptionDoc<Options>& doc : docs) {
    if (auto* list = std::get_if<std::vector<std::string> Options::*>(&doc.field)) {
      if (r.Query(doc.name)) options.*(*list) = r.QueryAll(doc.name);
    } else if (auto text = r.Query(doc.name)) {
      RETURN_IF_ERROR(app::SetOption(options, doc, *text));
    }
  }
  return Status::Ok();
}

}  // namespace mercato::server
