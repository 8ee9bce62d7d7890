#include "daemon/instance_lock.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/url.hpp"

namespace tabhook::daemon {

EnvLookup process_env() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (!v) return std::nullopt;
        return std::string(v);
    };
}

std::string lock_directory(const EnvLookup& env) {
    for (const char* name : {"RUNTIME_DIRECTORY", "XDG_RUNTIME_DIR"}) {
        auto v = env(name);
        if (!v || v->empty()) continue;
        // systemd may list several runtime directories, separated by ':'.
        const std::string first = v->substr(0, v->find(':'));
        if (!first.empty()) return first;
    }
    return "/tmp";
}

std::string lock_file_name(const std::vector<std::string>& paths) {
    std::vector<std::string> absolute;
    for (const auto& p : paths) {
        std::error_code ec;
        auto a = std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
        std::string s = a.lexically_normal().string();
        while (s.size() > 1 && s.back() == '/') s.pop_back();
        absolute.push_back(s);
    }
    std::sort(absolute.begin(), absolute.end());
    absolute.erase(std::unique(absolute.begin(), absolute.end()), absolute.end());
    std::string joined;
    for (const auto& a : absolute) joined += a + '\n';
    return "tabhook-run-" + util::fingerprint(joined) + ".lock";
}

Result<InstanceLock> InstanceLock::acquire(const std::vector<std::string>& paths, const EnvLookup& env) {
    const std::string path = lock_directory(env) + "/" + lock_file_name(paths);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return fail(fmt::format("cannot open the lock file {}: {}", path, std::strerror(errno)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        char buf[32] = {};
        const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
        ::close(fd);
        std::string holder;
        if (n > 0) {
            std::string pid(buf, static_cast<std::size_t>(n));
            while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
            if (!pid.empty()) holder = fmt::format(" (pid {})", pid);
        }
        if (err == EWOULDBLOCK)
            return fail(
                fmt::format("another tabhook run{} is already running on these manifests; lock file {}", holder, path));
        return fail(fmt::format("cannot lock {}: {}", path, std::strerror(err)));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) == 0) {
        [[maybe_unused]] const ssize_t w = ::pwrite(fd, pid.data(), pid.size(), 0);
    }
    return InstanceLock(fd, path);
}

InstanceLock::InstanceLock(InstanceLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
    other.fd_ = -1;
}

InstanceLock::~InstanceLock() {
    if (fd_ >= 0) ::close(fd_); // releases the flock; the file stays (unlinking it would race a new owner)
}

} // namespace tabhook::daemon
