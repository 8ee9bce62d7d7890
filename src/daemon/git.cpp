#include "daemon/git.hpp"

#include <cerrno>
#include <csignal>
#include <filesystem>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/strings.hpp"

extern char** environ;

namespace tabhook::daemon {

CommandOutcome run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                           const std::atomic<bool>* stop) {
    CommandOutcome out;
    int pipefd[2];
    if (::pipe2(pipefd, O_CLOEXEC) != 0) return out;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipefd[1]);
    if (rc != 0) {
        ::close(pipefd[0]);
        out.output = "cannot run " + argv[0];
        return out;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool open = true;
    while (open) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0 || (stop && stop->load())) {
            out.timed_out = true;
            ::kill(pid, SIGKILL);
            break;
        }
        pollfd p{pipefd[0], POLLIN, 0};
        const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 100)));
        if (n < 0 && errno != EINTR) break;
        if (n <= 0) continue;
        char buf[4096];
        const ssize_t got = ::read(pipefd[0], buf, sizeof buf);
        if (got <= 0) {
            open = false;
        } else if (out.output.size() < 64 * 1024) {
            out.output.append(buf, static_cast<std::size_t>(got));
        }
    }
    ::close(pipefd[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!out.timed_out && WIFEXITED(status)) out.exit_status = WEXITSTATUS(status);
    return out;
}

std::string checkout_dir(const std::vector<std::string>& paths) {
    if (paths.empty()) return ".";
    std::error_code ec;
    const auto p = std::filesystem::absolute(paths.front(), ec);
    if (ec) return paths.front();
    return std::filesystem::is_directory(p, ec) ? p.string() : p.parent_path().string();
}

CommandOutcome git_pull(const std::string& dir, std::chrono::milliseconds timeout, const std::atomic<bool>* stop) {
    return run_command({"git", "-C", dir, "pull", "--ff-only", "--quiet"}, timeout, stop);
}

std::optional<std::string> git_commit(const std::string& dir) {
    const auto head = run_command({"git", "-C", dir, "rev-parse", "--short=12", "HEAD"}, std::chrono::seconds(10));
    if (head.exit_status != 0) return std::nullopt;
    std::string commit(util::trim(head.output));
    if (commit.empty()) return std::nullopt;
    const auto status = run_command({"git", "-C", dir, "status", "--porcelain", "--untracked-files=no", "--", "."},
                                    std::chrono::seconds(10));
    if (status.exit_status == 0 && !util::trim(status.output).empty()) commit += "+dirty";
    return commit;
}

} // namespace tabhook::daemon
