#include "manifest/url_rules.hpp"

#include <fmt/format.h>

#include "util/strings.hpp"
#include "util/url.hpp"

namespace tabhook::manifest {

// `spec.server` is the address the REST API hangs under: tabhook sends `<server>/api/…`. A path is kept
// (a reverse proxy may publish Tableau under one) and is not an error; what is certainly not such an
// address is: a query or fragment (never sent to a server; `https://10ax.online.tableau.com/#/site/x`,
// copied from a browser, is the common case), or a path that is a page of Tableau's web UI or its API
// (`/t/x`, `/site/x`, `/#/…`, `/views/…`, `/api/…`). Any other wrong path shows at the first request:
// "no Tableau REST API at …" (tableau/session.cpp).
void check_server_root(const TemplateField& field, Diagnostics& diagnostics) {
    if (field.text.has_references() && !field.resolved) return;
    const auto url = util::parse_url(field.value);
    if (!url || url->target.empty() || url->target == "/") return;
    const std::string& target = url->target;
    const std::size_t query = target.find_first_of("?#");
    const auto path_parts = [](std::string_view path) {
        if (!path.empty() && path.front() == '/') path.remove_prefix(1);
        return util::split(path, '/');
    };
    const auto segments = path_parts(std::string_view(target).substr(0, query));
    const std::string first = segments.empty() ? "" : util::to_lower(segments[0]);
    const bool ui_path = first == "t" || first == "site" || first == "views" || first == "api";
    if (query == std::string::npos && !ui_path) return;
    // The site's contentUrl, when the URL names one: `/t/x/…`, `/#/site/x/…`.
    std::string site;
    const auto parts = path_parts(target);
    for (std::size_t i = 0; i + 1 < parts.size() && site.empty(); ++i)
        if ((parts[i] == "t" || parts[i] == "site") && parts[i + 1].find_first_of("?#") == std::string::npos)
            site = parts[i + 1];
    // A value that came through references is never echoed (it may hold anything, a secret too): the fix
    // is then named, not spelled out.
    const std::string fix = field.text.has_references()
                                ? std::string("its origin (scheme://host[:port]), with the site in contentUrl")
                                : url->origin() + (site.empty() ? "" : fmt::format(" with contentUrl: \"{}\"", site));
    diagnostics.add(
        field.location, "server-not-root",
        fmt::format("server must be the server's root URL, not the address of a page ({}): use {}",
                    query == std::string::npos ? "a path of Tableau's web UI or API" : "it has a query or fragment",
                    fix));
}

namespace {

// The scheme (and, for http, the host) in the literal text before a field's first reference.
bool check_written_scheme(const TemplateField& field, const std::string& rule_text, Diagnostics& diagnostics) {
    const std::string prefix = field.text.literal_prefix();
    const std::size_t sep = prefix.find("://");
    if (prefix.empty()) return true; // starts with a reference: only the resolved value can tell
    if (sep == std::string::npos) {
        if (std::string_view("https://").starts_with(util::to_lower(prefix))) return true;
        diagnostics.add(field.location, "url-scheme", rule_text);
        return false;
    }
    const std::string scheme = util::to_lower(prefix.substr(0, sep));
    const std::string rest = prefix.substr(sep + 3);
    const std::size_t host_end = rest.find_first_of("/?#");
    if (scheme == "http") {
        const auto url = util::parse_url(prefix.substr(0, sep + 3) + rest.substr(0, host_end));
        if (host_end == std::string::npos || !url || !util::is_https_or_loopback_http(*url)) {
            diagnostics.add(field.location, "url-scheme", rule_text + "; write a loopback host literally");
            return false;
        }
    } else if (scheme != "https") {
        diagnostics.add(field.location, "url-scheme", rule_text);
        return false;
    }
    return true;
}

} // namespace

// https://, or http:// to a loopback host. Checked on what is written (the literal text before the first
// reference), and again on the value once known.
bool check_url(const TemplateField& field, std::string_view label, Diagnostics& diagnostics) {
    const std::string rule_text =
        fmt::format("{} must use https:// (http:// only for loopback hosts, for local testing)", label);
    const bool whole_literal = !field.text.has_references();
    if (!whole_literal && !check_written_scheme(field, rule_text, diagnostics)) return false;
    if (!whole_literal && !field.resolved) return false;
    const auto url = util::parse_url(field.value);
    if (!url || url->host.empty()) {
        diagnostics.add(field.location, "invalid-url",
                        fmt::format("{} is not a valid absolute URL: {}", label, util::redact_url(field.value)));
        return false;
    }
    const bool ok = util::is_https_or_loopback_http(*url);
    if (!ok)
        diagnostics.add(field.location, "url-scheme", fmt::format("{}: {}", rule_text, util::redact_url(field.value)));
    return ok;
}

} // namespace tabhook::manifest
