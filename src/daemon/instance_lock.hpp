#pragma once
// One daemon per set of manifests: an flock'd file in tabhook's lock directory (util/file_lock.hpp:
// $RUNTIME_DIRECTORY under systemd, else $XDG_RUNTIME_DIR, else a private state directory; never /tmp),
// named from a hash of the absolute manifest paths. The lock goes with the process, so a crash never
// leaves a stale lock behind.
#include <optional>
#include <string>
#include <vector>

#include "util/file_lock.hpp"
#include "util/result.hpp"

namespace tabhook::daemon {

using util::EnvLookup;
using util::process_env;

// "tabhook-run-<8 hex>.lock": the same for the same paths in any order or spelling.
std::string lock_file_name(const std::vector<std::string>& paths);

class InstanceLock {
  public:
    // Fails (with a message naming the lock file and the holder's pid) when another process holds it,
    // or when the lock directory or file is not safe to use.
    static Result<InstanceLock> acquire(const std::vector<std::string>& paths, const EnvLookup& env);
    const std::string& path() const { return lock_.path(); }

  private:
    explicit InstanceLock(util::FileLock lock) : lock_(std::move(lock)) {}
    util::FileLock lock_;
};

} // namespace tabhook::daemon
