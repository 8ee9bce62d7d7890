#include "util/file_lock.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/fd.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

namespace tabhook::util {

namespace {

std::string first_entry(const std::string& v) { return v.substr(0, v.find(':')); }

std::string format_wait(std::chrono::milliseconds d) {
    return d.count() % 1000 == 0 ? fmt::format("{}s", d.count() / 1000) : fmt::format("{}ms", d.count());
}

// A directory only this user can write to.
Result<void> check_private(const std::string& dir, const std::string& source, bool own) {
    struct stat st {};
    if ((own ? ::lstat(dir.c_str(), &st) : ::stat(dir.c_str(), &st)) != 0)
        return fail(fmt::format("cannot use the lock directory {} (from {}): {}", dir, source, errno_text(errno)));
    if (!S_ISDIR(st.st_mode))
        return fail(fmt::format("the lock directory {} (from {}) is not a directory{}", dir, source,
                                S_ISLNK(st.st_mode) ? " but a symbolic link" : ""));
    if (st.st_uid != ::geteuid())
        return fail(fmt::format("the lock directory {} (from {}) belongs to another user (uid {}); refusing it", dir,
                                source, st.st_uid));
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
        return fail(fmt::format("the lock directory {} (from {}) is writable by group or others (mode {:o}); "
                                "refusing it: point {} at a private directory",
                                dir, source, st.st_mode & 07777, source));
    return {};
}

// mkdir -p with 0700 for every component created; existing components are left as they are.
void make_directories(const std::string& dir) {
    for (std::size_t at = 1; at <= dir.size(); ++at) {
        if (at != dir.size() && dir[at] != '/') continue;
        ::mkdir(dir.substr(0, at).c_str(), 0700); // EEXIST and the rest: check_private decides
    }
}

std::string clean_note(std::string_view text) {
    std::string out;
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
    return out.substr(0, 200);
}

} // namespace

EnvLookup process_env() {
    return [](const std::string& name) -> std::optional<std::string> {
        // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in tabhook writes the environment (no setenv/putenv)
        const char* v = std::getenv(name.c_str());
        if (!v) return std::nullopt;
        return std::string(v);
    };
}

Result<LockDirectoryChoice> choose_lock_directory(const EnvLookup& env) {
    for (const char* name : {"RUNTIME_DIRECTORY", "XDG_RUNTIME_DIR"}) {
        const auto v = env(name);
        // systemd may list several runtime directories, separated by ':'.
        if (v && !first_entry(*v).empty()) return LockDirectoryChoice{first_entry(*v), std::string("$") + name, false};
    }
    // The XDG base directory spec ignores relative paths.
    if (const auto state = env("XDG_STATE_HOME"); state && state->starts_with('/'))
        return LockDirectoryChoice{*state + "/tabhook", "$XDG_STATE_HOME", true};
    if (const auto home = env("HOME"); home && home->starts_with('/'))
        return LockDirectoryChoice{*home + "/.local/state/tabhook", "$HOME", true};
    return fail("no directory for lock files: set XDG_RUNTIME_DIR (or XDG_STATE_HOME, or HOME)");
}

Result<std::string> lock_directory(const EnvLookup& env) {
    auto choice = choose_lock_directory(env);
    if (!choice) return tl::unexpected(choice.error());
    if (choice->create) make_directories(choice->path);
    if (auto ok = check_private(choice->path, choice->source, choice->create); !ok) return tl::unexpected(ok.error());
    return choice->path;
}

std::string site_lock_name(const std::string& server, const std::string& content_url) {
    const auto url = parse_url(server);
    const std::string origin = to_lower(url ? url->origin() : server);
    return "tabhook-site-" + fingerprint(origin + "\n" + to_lower(content_url)) + ".lock";
}

Result<FileLock> FileLock::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
    if (fd < 0) {
        const int err = errno;
        if (err == ELOOP)
            return fail(fmt::format("refusing the lock file {}: it is a symbolic link (someone else may have planted "
                                    "it; remove it)",
                                    path));
        return fail(fmt::format("cannot open the lock file {}: {}", path, errno_text(err)));
    }
    struct stat st {};
    std::string problem;
    if (::fstat(fd, &st) != 0)
        problem = errno_text(errno);
    else if (!S_ISREG(st.st_mode))
        problem = "not a regular file";
    else if (st.st_uid != ::geteuid())
        problem = fmt::format("it belongs to another user (uid {})", st.st_uid);
    else if (st.st_nlink != 1)
        problem = "it has other hard links";
    if (!problem.empty()) {
        ::close(fd);
        return fail(fmt::format("refusing the lock file {}: {}", path, problem));
    }
    return FileLock(fd, path);
}

Result<bool> FileLock::try_lock(const std::string& note) {
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) return false;
        return fail(fmt::format("cannot lock {}: {}", path_, errno_text(errno)));
    }
    // Only the holder writes, so a waiter's open never clobbers the holder's record.
    const std::string record = fmt::format("{} {}\n", ::getpid(), clean_note(note));
    if (::ftruncate(fd_, 0) == 0) {
        [[maybe_unused]] const ssize_t w = ::pwrite(fd_, record.data(), record.size(), 0);
    }
    return true;
}

std::string FileLock::holder() const {
    char buf[256] = {};
    const ssize_t n = ::pread(fd_, buf, sizeof buf - 1, 0);
    if (n <= 0) return "another process";
    const std::string text(buf, static_cast<std::size_t>(n));
    const std::string line = text.substr(0, text.find('\n'));
    std::size_t digits = 0;
    while (digits < line.size() && digits < 10 && line[digits] >= '0' && line[digits] <= '9') ++digits;
    if (digits == 0) return "another process";
    const std::string note = digits < line.size() ? clean_note(line.substr(digits + 1)) : "";
    return note.empty() ? fmt::format("pid {}", line.substr(0, digits))
                        : fmt::format("pid {} ({})", line.substr(0, digits), note);
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) { other.fd_ = -1; }

FileLock::~FileLock() {
    if (fd_ >= 0) ::close(fd_); // releases the flock
}

Result<FileLock> acquire_lock(const std::string& path, const std::string& what, const std::string& note,
                              const LockWait& wait) {
    auto lock = FileLock::open(path);
    if (!lock) return lock;
    const auto deadline = std::chrono::steady_clock::now() + wait.timeout;
    bool announced = false;
    for (;;) {
        auto got = lock->try_lock(note);
        if (!got) return tl::unexpected(got.error());
        if (*got) return lock;
        auto holder = lock->holder();
        if (holder == "another process") { // the holder may be between its flock and its write
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            holder = lock->holder();
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            return fail(fmt::format("timed out after {} waiting for {} held by {}; nothing was written (lock file {})",
                                    format_wait(wait.timeout), what, holder, path));
        if (wait.stop.stop_requested())
            return fail(fmt::format("interrupted while waiting for {} held by {}; nothing was written", what, holder));
        if (!announced && wait.on_wait) {
            wait.on_wait(fmt::format("waiting for {} held by {}, up to {}", what, holder, format_wait(wait.timeout)));
            announced = true;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
        std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(100)));
    }
}

Result<FileLock> lock_site(const std::string& dir, const std::string& site_name, const std::string& server,
                           const std::string& content_url, const std::string& note, const LockWait& wait) {
    return acquire_lock(dir + "/" + site_lock_name(server, content_url), "the lock on site " + site_name, note, wait);
}

} // namespace tabhook::util
