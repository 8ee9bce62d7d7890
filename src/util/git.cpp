#include "util/git.hpp"

#include <filesystem>

#include "util/strings.hpp"

namespace tabhook::util {

std::string checkout_dir(const std::vector<std::string>& paths) {
    if (paths.empty()) return ".";
    std::error_code ec;
    const auto p = std::filesystem::absolute(paths.front(), ec);
    if (ec) return paths.front();
    return std::filesystem::is_directory(p, ec) ? p.string() : p.parent_path().string();
}

ProcessOutcome git_pull(const std::string& dir, std::chrono::milliseconds timeout, StopToken stop) {
    return run_process({"git", "-C", dir, "pull", "--ff-only", "--quiet"}, {timeout, stop, true});
}

// Only stdout is read: a warning git prints on stderr is neither part of the commit nor a change.
std::optional<std::string> git_commit(const std::string& dir) {
    const auto head = run_process({"git", "-C", dir, "rev-parse", "--short=12", "HEAD"});
    if (head.exit_status != 0) return std::nullopt;
    std::string commit(trim(head.out));
    if (commit.empty()) return std::nullopt;
    const auto status = run_process({"git", "-C", dir, "status", "--porcelain", "--untracked-files=no", "--", "."});
    if (status.exit_status == 0 && !trim(status.out).empty()) commit += "+dirty";
    return commit;
}

std::optional<std::string> git_commit_of(const std::vector<std::string>& paths) {
    if (paths.empty()) return std::nullopt;
    return git_commit(checkout_dir(paths));
}

} // namespace tabhook::util
