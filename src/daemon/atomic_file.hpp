#pragma once
// Replaces a file's content atomically: a reader sees the old report or the new one, never half of one.
#include <string>

namespace tabhook::daemon {

// Writes a temporary file next to `path`, fsyncs it and renames it over `path`. False on any failure
// (the temporary file is removed).
bool replace_file(const std::string& path, const std::string& text, unsigned mode = 0644);

} // namespace tabhook::daemon
