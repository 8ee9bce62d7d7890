#include "util/process.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/fd.hpp"

extern char** environ;

namespace tabhook::util {

namespace {

// Both ends of a pipe, closed when it goes out of scope; -1 for a pipe not opened.
struct Pipe {
    UniqueFd read;
    UniqueFd write;
    explicit Pipe(const int (&fds)[2]) : read(fds[0]), write(fds[1]) {}
};

// The child's pid, or -1 when it could not start. Closes the pipes' write ends.
pid_t spawn(const std::vector<std::string>& argv, Pipe& out_pipe, Pipe& err_pipe, bool merge) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe.write.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, merge ? out_pipe.write.get() : err_pipe.write.get(), 2);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    out_pipe.write.close();
    err_pipe.write.close();
    return rc == 0 ? pid : -1;
}

// Reads both pipes until they close, the deadline passes or a stop is requested; true when it ended early.
bool drain(Pipe& out_pipe, Pipe& err_pipe, ProcessOutcome& outcome, const ProcessOptions& options) {
    const auto deadline = std::chrono::steady_clock::now() + options.timeout;
    while (out_pipe.read || err_pipe.read) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0 || options.stop.stop_requested()) return true;
        pollfd fds[2] = {{out_pipe.read.get(), POLLIN, 0}, {err_pipe.read.get(), POLLIN, 0}};
        const int n = ::poll(fds, 2, static_cast<int>(std::min<long long>(left, 100)));
        if (n < 0 && errno != EINTR) return false;
        if (n <= 0) continue;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            Pipe& pipe = i == 0 ? out_pipe : err_pipe;
            std::string& sink = i == 0 ? outcome.out : outcome.err;
            char buf[4096];
            const ssize_t got = ::read(pipe.read.get(), buf, sizeof buf);
            if (got <= 0) {
                if (got < 0 && errno == EINTR) continue;
                pipe.read.close();
            } else if (sink.size() < options.max_output) {
                sink.append(buf, std::min(static_cast<std::size_t>(got), options.max_output - sink.size()));
            }
        }
    }
    return false;
}

} // namespace

ProcessOutcome run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
    ProcessOutcome outcome;
    std::string& complaint = options.merge_stderr ? outcome.out : outcome.err;
    if (argv.empty()) return outcome;
    int out_fds[2] = {-1, -1};
    int err_fds[2] = {-1, -1};
    if (::pipe2(out_fds, O_CLOEXEC) != 0) return outcome;
    Pipe out_pipe(out_fds);
    if (!options.merge_stderr && ::pipe2(err_fds, O_CLOEXEC) != 0) return outcome;
    Pipe err_pipe(err_fds);
    const pid_t pid = spawn(argv, out_pipe, err_pipe, options.merge_stderr);
    if (pid < 0) {
        complaint = "cannot run " + argv[0];
        return outcome;
    }
    outcome.timed_out = drain(out_pipe, err_pipe, outcome, options);
    if (outcome.timed_out) ::kill(pid, SIGKILL);
    out_pipe.read.close();
    err_pipe.read.close();
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!outcome.timed_out && WIFEXITED(status)) outcome.exit_status = WEXITSTATUS(status);
    return outcome;
}

} // namespace tabhook::util
