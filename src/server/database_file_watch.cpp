// inotify on the database's folder, read without blocking.
#include "server/database_file_watch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <string_view>

namespace mercato::server {
namespace {

// The SQLite file a location names, or "" when it names none (memory, another back-end).
std::string SqlitePath(const std::string& location) {
  std::string_view path = location;
  if (path.starts_with("sqlite:")) path.remove_prefix(7);
  if (path.empty() || path == ":memory:" || path.find("://") != std::string_view::npos) return "";
  return std::string(path);
}

}  // namespace

DatabaseFileWatch::DatabaseFileWatch(const std::string& location) {
  const std::string path = SqlitePath(location);
  if (path.empty()) return;
  const std::filesystem::path file = std::filesystem::absolute(path);
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) return;
  const std::string folder = file.parent_path().string();
  if (inotify_add_watch(fd_, folder.c_str(),
                        IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                            IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF) < 0) {
    close(fd_);
    fd_ = -1;
    return;
  }
  name_ = file.filename().string();
}

DatabaseFileWatch::~DatabaseFileWatch() {
  if (fd_ >= 0) close(fd_);
}

bool DatabaseFileWatch::Changed() {
  if (fd_ < 0) return true;
  bool changed = first_;
  first_ = false;
  alignas(inotify_event) std::array<char, 4096> buffer;
  for (;;) {
    const ssize_t n = read(fd_, buffer.data(), buffer.size());
    if (n <= 0) break;  // EAGAIN: nothing more queued
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
      const std::string_view name(event->name,
                                  event->len > 0 ? strnlen(event->name, event->len) : 0);
      // The database file, "-wal", "-journal" (and "-shm", harmlessly); the folder itself going
      // away (no name) or a lost queue (IN_Q_OVERFLOW) counts too.
      if (name.empty() || name.starts_with(name_)) changed = true;
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
    }
  }
  return changed;
}

}  // namespace mercato::server
