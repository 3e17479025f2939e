// Whether the SQLite database behind a location may have been written since the last ask, told
// by the kernel (inotify on its folder) instead of a read transaction: asking is one
// non-blocking read, where `PRAGMA data_version` takes the database's shared lock.
#pragma once

#include <string>

namespace mercato::server {

class DatabaseFileWatch {
 public:
  /// Watches the files of the SQLite database at `location` (`sqlite:PATH` or a plain path: the
  /// database file and its -wal and -journal companions). Any other location, or a kernel that
  /// refuses the watch, gives a watch that always answers true.
  explicit DatabaseFileWatch(const std::string& location);
  ~DatabaseFileWatch();
  DatabaseFileWatch(const DatabaseFileWatch&) = delete;
  DatabaseFileWatch& operator=(const DatabaseFileWatch&) = delete;

  /// True when one of the database's files was modified, created, removed or renamed since the
  /// previous call (and on the first call). A write by any process that returned before this
  /// call is seen by it: the kernel queues the event inside the writer's system call. A false
  /// answer is never wrong; a true one may be (the caller then checks the store itself).
  bool Changed();

 private:
  int fd_ = -1;
  std::string name_;  // the database file's name inside the watched folder
  bool first_ = true;
};

}  // namespace mercato::server
