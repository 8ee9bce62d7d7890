#pragma once
// Lines of an environment file (`export --secrets-out`) that read back byte for byte both in a POSIX
// shell (`set -a; . FILE`) and through systemd's EnvironmentFile=, whatever the value holds: another
// admin's URL like `https://x.example.com/$(touch${IFS}/tmp/pwned)` must stay text.
//
// A value without a single quote is written in single quotes, inside which neither reader treats
// anything specially. A value with a single quote is written in double quotes with `\`, `"`, `$` and
// a backquote escaped by a backslash (the format systemd's own write_env_file uses). The shell idiom
// 'it'\''s' is NOT used: systemd is not a shell, and after a closing quote it takes a backslash and
// everything up to the end of the line literally, so it reads 'it'\''s' as it''s'.
//
// The value must be valid UTF-8 (systemd ignores a line that is not) without NUL; a line break is
// kept by both readers inside the quotes, but export leaves such values out before they get here.
#include <string>
#include <string_view>

namespace tabhook::report {

// NAME='value' or NAME="va\$lue": `name` must be a valid variable name (letters, digits, '_').
std::string env_file_line(std::string_view name, std::string_view value);

} // namespace tabhook::report
