#pragma once
// Machine-local locks between tabhook processes: the daemon's one-instance lock and the per-site lock
// that `apply` and `run --mode enforce` hold while they write to a site.
//
// Lock files live in a directory only this user can write to: $RUNTIME_DIRECTORY (systemd; its first
// entry), else $XDG_RUNTIME_DIR, else tabhook's own state directory ($XDG_STATE_HOME/tabhook, else
// ~/.local/state/tabhook, created 0700). Never /tmp or another shared, predictable path: a directory
// that is not owned by this user, or that group or others can write to, is refused. Lock files are
// opened without following a symlink, created 0600, and written (the holder's pid) only once locked.
// flock(2) locks go with the process, so a crash leaves no stale lock; the files are never unlinked
// (that would race a new owner).
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "util/result.hpp"
#include "util/stop_token.hpp"

namespace tabhook::util {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment as an EnvLookup.
EnvLookup process_env();

struct LockDirectoryChoice {
    std::string path;
    std::string source;  // "$RUNTIME_DIRECTORY", "$XDG_RUNTIME_DIR", "$XDG_STATE_HOME", "$HOME"
    bool create = false; // tabhook's own directory: created 0700 when missing
};

// Which directory holds the locks, from the environment alone (no filesystem access).
Result<LockDirectoryChoice> choose_lock_directory(const EnvLookup& env);

// The chosen directory, created if it is tabhook's own and checked: a directory (not a symlink, for
// tabhook's own), owned by this user, not writable by group or others.
Result<std::string> lock_directory(const EnvLookup& env);

// "tabhook-site-<hex>.lock", from the server's origin (scheme and host case, default port) and the
// contentUrl, case-insensitive as Tableau matches it: one lock per Tableau site whatever the spelling.
std::string site_lock_name(const std::string& server, const std::string& content_url);

struct LockWait {
    std::chrono::milliseconds timeout{0}; // 0: one try
    StopToken stop{};                     // a stop requested: stop waiting
    // Called once, when the lock is found held: "waiting for <what> held by pid N (...); up to 60s".
    std::function<void(const std::string&)> on_wait;
};

class FileLock {
  public:
    // Opens `path` safely (see above) without locking it.
    static Result<FileLock> open(const std::string& path);
    // Takes the lock without waiting; once held, records "<pid> <note>" in the file. False: held elsewhere.
    Result<bool> try_lock(const std::string& note);
    // "pid 123 (tabhook apply, site marketing)" as the holder recorded it, or "another process".
    std::string holder() const;
    const std::string& path() const { return path_; }

    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&&) = delete;
    FileLock(const FileLock&) = delete;
    ~FileLock();

  private:
    FileLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    int fd_ = -1;
    std::string path_;
};

// Opens and locks `path`, waiting up to `wait.timeout`. `what` names the lock in messages ("the lock
// on site marketing"); `note` is recorded for whoever waits on it. The error of a timeout names the
// holder's pid and the lock file.
Result<FileLock> acquire_lock(const std::string& path, const std::string& what, const std::string& note,
                              const LockWait& wait);

// The per-site lock that `apply` and `run --mode enforce` hold from before they read a site until they are
// done writing to it: `dir`/site_lock_name(server, content_url), named "the lock on site <site_name>".
Result<FileLock> lock_site(const std::string& dir, const std::string& site_name, const std::string& server,
                           const std::string& content_url, const std::string& note, const LockWait& wait);

} // namespace tabhook::util
