#include "daemon/instance_lock.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "util/url.hpp"

namespace tabhook::daemon {

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
    const auto dir = util::lock_directory(env);
    if (!dir) return tl::unexpected(dir.error());
    auto lock = util::FileLock::open(*dir + "/" + lock_file_name(paths));
    if (!lock) return tl::unexpected(lock.error());
    auto got = lock->try_lock("");
    if (!got) return tl::unexpected(got.error());
    if (!*got)
        return fail(fmt::format("another tabhook run ({}) is already running on these manifests; lock file {}",
                                lock->holder(), lock->path()));
    return InstanceLock(std::move(*lock));
}

} // namespace tabhook::daemon
