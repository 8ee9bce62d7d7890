#pragma once
// Replaces a file's content atomically: a reader sees the old content or the new, never half of it.
//
// The temporary file is created next to `path` under an unpredictable name, with O_EXCL and
// O_NOFOLLOW, so nothing planted in a shared directory beforehand (a symlink to a victim file, or a
// file another user created and can still read) is ever written into or followed. Its mode is set at
// creation and again with fchmod, so the umask can neither widen nor narrow it.
//
// If `path` itself is a symbolic link, rename(2) replaces the link with a regular file; the file the
// link pointed to is left untouched. That is deliberate: following it would let whoever can write the
// directory choose which file tabhook overwrites.
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace tabhook::util {

// Writes `text` to a new temporary file in `path`'s directory with mode `mode`, fsyncs it, renames it
// over `path` and fsyncs the directory. On failure the temporary file is removed and the error says
// which step failed and why ("cannot write FILE: creating a temporary file in DIR: Permission denied").
Result<void> replace_file(const std::string& path, std::string_view text, unsigned mode);

// The mode of every file that can hold a URL, a plan or a secret.
inline constexpr unsigned kPrivateFileMode = 0600;

} // namespace tabhook::util
