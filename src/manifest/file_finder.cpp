#include "manifest/file_finder.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

#include <sys/stat.h>

namespace tabhook::manifest {

namespace fs = std::filesystem;

namespace {

bool hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.' && name != "." && name != "..";
}

bool manifest_extension(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".yaml" || ext == ".yml";
}

std::string shown(const fs::path& p) {
    std::string s = p.lexically_normal().generic_string();
    return s.empty() ? "." : s;
}

void error(FoundFiles& out, const std::string& path, std::string rule, std::string message) {
    out.errors.push_back(Diagnostic{model::Location{path, 0, 0}, std::move(message), std::move(rule), false});
}

} // namespace

FoundFiles find_manifest_files(const std::vector<std::string>& paths) {
    FoundFiles out;
    std::vector<fs::path> found;
    for (const auto& arg : paths) {
        std::error_code ec;
        const fs::path root(arg);
        const auto status = fs::status(root, ec);
        if (ec || !fs::exists(status)) {
            error(out, arg, "file-not-found", "no such file or directory");
            continue;
        }
        if (!fs::is_directory(status)) {
            found.push_back(root); // named explicitly: read whatever its extension
            continue;
        }
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
        if (ec) {
            error(out, arg, "file-unreadable", "cannot list directory: " + ec.message());
            continue;
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                error(out, shown(it->path()), "file-unreadable", "cannot list directory: " + ec.message());
                break;
            }
            const fs::path& p = it->path();
            if (hidden(p)) {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (manifest_extension(p) && it->is_regular_file(ec)) found.push_back(p);
        }
    }
    // One entry per file, however it was named (through a symlink, `..`, a hard link): a file is its
    // device and inode. One stat a file, where resolving each name's every component would take several:
    // the daemon looks for its files every cycle. The first name in sorted order stands for the file,
    // whatever order directories list in.
    std::vector<std::pair<std::string, const fs::path*>> named;
    named.reserve(found.size());
    for (const auto& p : found) named.emplace_back(shown(p), &p);
    std::sort(named.begin(), named.end());
    std::set<std::pair<dev_t, ino_t>> inodes;
    for (std::size_t i = 0; i < named.size(); ++i) {
        const auto& [name, path] = named[i];
        if (i > 0 && named[i - 1].first == name) continue;
        struct stat st {};
        FileStat found_stat;
        // A file that cannot be stat'ed is left to the reader, which reports it.
        if (::stat(path->c_str(), &st) == 0) {
            if (!inodes.emplace(st.st_dev, st.st_ino).second) continue;
            found_stat.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
            found_stat.size = static_cast<long long>(st.st_size);
        }
        out.files.push_back(name);
        out.stats.push_back(found_stat);
    }
    return out;
}

} // namespace tabhook::manifest
