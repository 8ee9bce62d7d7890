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

// "expanded webhook 'audit' at f.yaml:5:9 (siteSelector env=prod) to 2 sites: eu, us".
std::string expansion_lines(const manifest::LoadResult& r, bool verbose) {
    std::string out;
    if (!verbose) return out;
    for (const auto& e : r.expansions) {
        std::string sites;
        for (const auto& s : e.sites) sites += (sites.empty() ? "" : ", ") + s;
        out += fmt::format("expanded webhook {} at {} ({}) to {}{}\n", manifest::quoted(e.name),
                           manifest::to_string(e.location), e.selection, plural(e.sites.size(), "site"),
                           sites.empty() ? "" : ": " + sites);
    }
    return out;
}

} // namespace

std::string validate_summary(const manifest::LoadResult& r) {
    return fmt::format("{}, {} in {}: {}", plural(r.state.sites.size(), "site"),
                       plural(r.state.webhooks.size(), "webhook"), plural(r.files.size(), "file"),
                       r.ok() ? "valid" : plural(r.errors.size(), "error"));
}

ValidateText render_validate_text(const manifest::LoadResult& r, bool verbose) {
    ValidateText out{skipped_lines(r, verbose), expansion_lines(r, verbose) + validate_summary(r) + "\n"};
    for (const auto& d : r.errors) out.diagnostics += manifest::to_string(d.location) + ": error: " + d.message + "\n";
    return out;
}

std::string render_validate_github(const manifest::LoadResult& r, bool verbose) {
    std::string out = skipped_lines(r, verbose);
    for (const auto& d : r.errors) out += manifest::to_github_annotation(d) + "\n";
    return out + expansion_lines(r, verbose) + validate_summary(r) + "\n";
}

std::string render_validate_json(const manifest::LoadResult& r) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& d : r.errors)
        errors.push_back({{"file", d.location.file},
                          {"line", d.location.line},
                          {"column", d.location.column},
                          {"rule", d.rule},
                          {"message", d.message}});
    nlohmann::json expansions = nlohmann::json::array();
    for (const auto& e : r.expansions)
        expansions.push_back({{"name", e.name},
                              {"file", e.location.file},
                              {"line", e.location.line},
                              {"column", e.location.column},
                              {"selection", e.selection},
                              {"sites", e.sites}});
    const nlohmann::json doc{{"format_version", "1"},
                             {"valid", r.ok()},
                             {"errors", errors},
                             {"skipped", r.skipped},
                             {"expansions", expansions},
                             {"summary",
                              {{"files", r.files.size()},
                               {"sites", r.state.sites.size()},
                               {"webhooks", r.state.webhooks.size()},
                               {"errors", r.errors.size()}}}};
    // File names need not be UTF-8; replace what is not rather than fail.
    return json_text(doc, 2) + "\n";
}

} // namespace tabhook::report
