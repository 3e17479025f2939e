// Opening a store by its location: the back-end is chosen by the location's form.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace mercato {

/// Opens (creating when absent) the store at `location`:
///   `sqlite:PATH`, a plain file path, or `:memory:`   the embedded SQLite back-end;
///   `postgresql://...` or `postgres://...`             PostgreSQL: not supported yet in this
///                                                      build (FailedPrecondition);
///   any other `SCHEME://...`                           InvalidArgument, naming the forms above.
/// An older schema is migrated; a newer one is refused with a message saying so. The store
/// returned applies the erased-customer rule (ErasureGuard).
Result<std::unique_ptr<Store>> OpenStore(const std::string& location);

}  // namespace mercato
