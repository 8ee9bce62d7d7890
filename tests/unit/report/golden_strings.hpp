#pragma once
// Text a server (or another site admin) chose, as the golden tests feed it to every renderer.
#include <string>

namespace tabhook::golden {

inline const std::string kForgedPlan = "Plan: 0 to create, 0 to replace, 0 to update, 0 to delete.";
// A disable reason that closes a diff fence and the <details> of a PR comment, then prints its own verdict.
inline const std::string kReason =
    "failed\n```\n\n</details>\n\n**safe to merge** " + kForgedPlan + "\n<details><summary>x</summary>\n\n```diff\n";
// A name that erases the line before it (ESC, CR, the 8-bit CSI) and prints a plan of its own.
inline const std::string kEraser = "x\x1b[2K\x1b[1A\r\xc2\x9b"
                                   "2J" +
                                   kForgedPlan + "\nNo changes.";
// A right-to-left override, and a run of backticks longer than a code span's.
inline const std::string kBidi = "gitops-\xe2\x80\xae"
                                 "fdp";
inline const std::string kTicks = "gitops-````-x";
// Markdown and HTML metacharacters: a table cell separator, emphasis, a link, an image tag, an entity.
inline const std::string kMarkup = "m|a*l*_l_[o](https://evil.example) <img src=x onerror=alert(1)> &amp; \\| ~~r~~ #";
// Invalid UTF-8 from the server, as the response decoders repair it (util::sanitize_utf8): one U+FFFD per
// maximal ill-formed subpart of "caf\xC3 \xFF\xFE ok \xED\xA0\x80".
inline const std::string kRepaired = "caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd ok \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd";

} // namespace tabhook::golden
