#pragma once
// `tabhook doctor`'s report: one section per site, each check ok/warn/fail with what to do about it, the
// canary's steps and the server profile it learned. Pure renderers: text (server-supplied text escaped for
// the terminal) and JSON ({"sites": [{"site", ..., "profile": {row: value}}]}, the shape `fake-tableau
// --profile FILE` loads).
#include <string>
#include <utility>
#include <vector>

namespace tabhook::report {

enum class CheckStatus { ok, warn, fail };
const char* to_string(CheckStatus s);

struct DoctorCheck {
    std::string name; // "tls", "sign-in", "destination gitops-a", ...
    CheckStatus status = CheckStatus::ok;
    std::string message; // already redacted; escaped here for the terminal
    std::string fix;     // "" when there is nothing to do
};

struct DoctorProfileRow {
    std::string row;
    std::string value; // a fake-tableau spelling, or "unknown"
    std::string evidence;
};

struct DoctorSite {
    std::string site;   // metadata.name
    std::string server; // origin
    std::string content_url;
    std::vector<DoctorCheck> checks;
    bool canary = false;
    std::vector<DoctorCheck> canary_checks;
    std::vector<DoctorProfileRow> profile; // only with the canary
};

struct DoctorReport {
    std::vector<DoctorSite> sites;
};

struct DoctorCounts {
    int ok = 0;
    int warn = 0;
    int fail = 0;
};
DoctorCounts count_checks(const DoctorReport& report);

std::string render_doctor_text(const DoctorReport& report);
std::string render_doctor_json(const DoctorReport& report);

} // namespace tabhook::report
