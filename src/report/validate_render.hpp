#pragma once
// `tabhook validate`'s report of a load: every diagnostic and a summary line, as text (diagnostics meant for
// stderr: `file:line:col: error: message`), GitHub workflow annotations, or JSON.
#include <string>

#include "manifest/loader.hpp"

namespace tabhook::report {

// "2 sites, 14 webhooks in 5 files: valid" or "...: 3 errors".
std::string validate_summary(const manifest::LoadResult& r);

struct ValidateText {
    std::string diagnostics; // for stderr: the skipped documents (verbose) and the errors
    std::string summary;     // for stdout: the expansions (verbose), validate_summary and a newline
};
ValidateText render_validate_text(const manifest::LoadResult& r, bool verbose);

// Everything for stdout: "skipped ..." lines (verbose), one `::error` annotation per diagnostic, the
// expansions (verbose: "expanded webhook 'x' at f:l:c (sites [a, b]) to 2 sites: a, b"), the summary.
std::string render_validate_github(const manifest::LoadResult& r, bool verbose);

// {"format_version": "1", "valid", "errors": [{file, line, column, rule, message}], "skipped",
//  "expansions": [{name, file, line, column, selection, sites}], "summary"}.
std::string render_validate_json(const manifest::LoadResult& r);

} // namespace tabhook::report
