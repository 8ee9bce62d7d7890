#pragma once
// Replaces a file's content atomically: a reader sees the old content or the new, never half of it.
#include <string>

namespace tabhook::util {

// Writes a temporary file next to `path`, fsyncs it and renames it over `path`. False on any failure
// (the temporary file is removed).
bool replace_file(const std::string& path, const std::string& text, unsigned mode = 0644);

} // namespace tabhook::util
