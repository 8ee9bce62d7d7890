#pragma once
// POSIX file descriptors: one closed when it goes out of scope, and errno as text.
#include <string>
#include <system_error>

#include <unistd.h>

namespace tabhook::util {

class UniqueFd {
  public:
    explicit UniqueFd(int fd = -1) : fd_(fd) {}
    ~UniqueFd() {
        if (fd_ >= 0) ::close(fd_);
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    // Gives the descriptor up without closing it.
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }
    // Closes now, so that close(2)'s own error (a delayed write error on NFS) can be seen.
    int close() { return fd_ < 0 ? 0 : ::close(release()); }

  private:
    int fd_;
};

// strerror(3) without its thread-safety problem: "Permission denied".
inline std::string errno_text(int error) { return std::error_code(error, std::generic_category()).message(); }

} // namespace tabhook::util
