#include "util/atomic_file.hpp"

#include <cerrno>

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/fd.hpp"

namespace tabhook::util {

namespace {

// 96 bits from the kernel's CSPRNG, as hex: a name nobody can plant anything at in advance.
Result<std::string> random_suffix() {
    unsigned char bytes[12];
    std::size_t got = 0;
    while (got < sizeof bytes) {
        const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(fmt::format("getrandom: {}", errno_text(errno)));
        }
        got += static_cast<std::size_t>(n);
    }
    std::string out;
    for (unsigned char b : bytes) out += fmt::format("{:02x}", b);
    return out;
}

} // namespace

Result<void> replace_file(const std::string& path, std::string_view text, unsigned mode) {
    const auto failed = [&path](std::string_view step, int error) {
        return fail(fmt::format("cannot write {}: {}: {}", path, step, errno_text(error)));
    };
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (base.empty() || base == "." || base == "..") return failed("it names a directory", EISDIR);

    const UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_fd.get() < 0) return failed(fmt::format("opening its directory {}", dir), errno);

    const auto file_mode = static_cast<mode_t>(mode & 07777);
    std::string tmp;
    int fd = -1;
    // O_EXCL|O_NOFOLLOW: a name that exists (a file, or a symlink pointing anywhere) is never opened.
    // A collision with 96 random bits means someone is guessing: a few attempts, then give up.
    for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
        auto suffix = random_suffix();
        if (!suffix) return fail(fmt::format("cannot write {}: {}", path, suffix.error().message));
        // Hidden, and short enough for NAME_MAX whatever the target's name.
        tmp = fmt::format(".{}.tmp-{}", base.substr(0, 64), *suffix);
        fd = ::openat(dir_fd.get(), tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, file_mode);
        if (fd < 0 && errno != EEXIST) return failed(fmt::format("creating a temporary file in {}", dir), errno);
    }
    if (fd < 0) return failed(fmt::format("creating a temporary file in {}", dir), EEXIST);
    UniqueFd file(fd);
    const auto abandon = [&](std::string_view step, int error) {
        ::unlinkat(dir_fd.get(), tmp.c_str(), 0);
        return failed(step, error);
    };

    // The umask narrowed the mode given to openat; set exactly what was asked.
    if (::fchmod(file.get(), file_mode) != 0) return abandon("setting its mode", errno);
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(file.get(), text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return abandon("writing", n < 0 ? errno : EIO);
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(file.get()) != 0) return abandon("syncing", errno);
    if (file.close() != 0) return abandon("closing", errno);
    if (::renameat(dir_fd.get(), tmp.c_str(), dir_fd.get(), base.c_str()) != 0)
        return abandon("renaming the temporary file over it", errno);
    // The rename is durable only once the directory is. Some file systems cannot sync a directory
    // (EINVAL): the content is in place all the same.
    if (::fsync(dir_fd.get()) != 0 && errno != EINVAL) return failed(fmt::format("syncing {}", dir), errno);
    return {};
}

} // namespace tabhook::util
