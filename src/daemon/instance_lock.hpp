#pragma once
// One daemon per set of manifests: an flock'd file in the runtime directory ($RUNTIME_DIRECTORY under
// systemd, else $XDG_RUNTIME_DIR, else /tmp), named from a hash of the absolute manifest paths. The lock
// goes with the process, so a crash never leaves a stale lock behind.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace tabhook::daemon {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

std::string lock_directory(const EnvLookup& env);
// "tabhook-run-<8 hex>.lock": the same for the same paths in any order or spelling.
std::string lock_file_name(const std::vector<std::string>& paths);

class InstanceLock {
  public:
    // Fails (with a message naming the lock file and the holder's pid) when another process holds it.
    static Result<InstanceLock> acquire(const std::vector<std::string>& paths, const EnvLookup& env);
    InstanceLock(InstanceLock&& other) noexcept;
    InstanceLock& operator=(InstanceLock&&) = delete;
    InstanceLock(const InstanceLock&) = delete;
    ~InstanceLock();
    const std::string& path() const { return path_; }

  private:
    InstanceLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    int fd_ = -1;
    std::string path_;
};

// The process environment as an EnvLookup.
EnvLookup process_env();

} // namespace tabhook::daemon
