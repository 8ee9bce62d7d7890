#include "report/validate_render.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/json_text.hpp"

namespace tabhook::report {

namespace {

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::string skipped_lines(const manifest::LoadResult& r, bool verbose) {
    std::string out;
    if (verbose)
        for (const auto& s : r.skipped) out += "skipped " + s + "\n";
    return out;
}

} // namespace

std::string validate_summary(const manifest::LoadResult& r) {
    return fmt::format("{}, {} in {}: {}", plural(r.state.sites.size(), "site"),
                       plural(r.state.webhooks.size(), "webhook"), plural(r.files.size(), "file"),
                       r.ok() ? "valid" : plural(r.errors.size(), "error"));
}

ValidateText render_validate_text(const manifest::LoadResult& r, bool verbose) {
    ValidateText out{skipped_lines(r, verbose), validate_summary(r) + "\n"};
    for (const auto& d : r.errors) out.diagnostics += manifest::to_string(d.location) + ": error: " + d.message + "\n";
    return out;
}

std::string render_validate_github(const manifest::LoadResult& r, bool verbose) {
    std::string out = skipped_lines(r, verbose);
    for (const auto& d : r.errors) out += manifest::to_github_annotation(d) + "\n";
    return out + validate_summary(r) + "\n";
}

std::string render_validate_json(const manifest::LoadResult& r) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& d : r.errors)
        errors.push_back({{"file", d.location.file},
                          {"line", d.location.line},
                          {"column", d.location.column},
                          {"rule", d.rule},
                          {"message", d.message}});
    const nlohmann::json doc{{"format_version", "1"},
                             {"valid", r.ok()},
                             {"errors", errors},
                             {"skipped", r.skipped},
                             {"summary",
                              {{"files", r.files.size()},
                               {"sites", r.state.sites.size()},
                               {"webhooks", r.state.webhooks.size()},
                               {"errors", r.errors.size()}}}};
    // File names need not be UTF-8; replace what is not rather than fail.
    return json_text(doc, 2) + "\n";
}

} // namespace tabhook::report
