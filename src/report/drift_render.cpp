#include "report/drift_render.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/colour.hpp"
#include "util/escape.hpp"
#include "util/url.hpp"

namespace tabhook::report {

namespace {

using nlohmann::json;

std::string against(const DriftContext& c) {
    return c.commit ? fmt::format(" (manifests at commit {})", *c.commit) : "";
}

// "a, b": the sites that could not be read.
std::string unread_names(const plan::Plan& p) {
    std::string out;
    for (const auto& s : p.sites)
        if (!s.error.empty()) out += (out.empty() ? "" : ", ") + util::markdown_code(s.site);
    return out;
}

} // namespace

std::string drift_classes(const plan::Change& c) {
    std::vector<std::string> names;
    for (const auto d : c.drift) names.emplace_back(plan::to_string(d));
    return fmt::format("{}", fmt::join(names, "+"));
}

int count_drift(const plan::Plan& p) {
    int n = 0;
    for (const auto& s : p.sites) n += static_cast<int>(s.changes.size());
    return n;
}

json drift_to_json(const plan::Plan& p, const DriftContext& context) {
    json sites = json::array();
    for (const auto& s : p.sites) {
        json findings = json::array(), unmanaged = json::array();
        for (const auto& c : s.changes) {
            json cls = json::array();
            for (const auto d : c.drift) cls.push_back(plan::to_string(d));
            findings.push_back(json{{"name", c.name},
                                    {"id", c.live ? json(c.live->id) : json(nullptr)},
                                    {"classes", std::move(cls)},
                                    {"reasons", c.reasons},
                                    {"repair", plan::to_string(c.action)}});
        }
        for (const auto& l : s.unmanaged)
            unmanaged.push_back(json{{"name", l.name},
                                     {"id", l.id},
                                     {"owner", l.owner_name},
                                     {"event", l.event},
                                     {"url", util::redact_url(l.url)}});
        sites.push_back(json{{"site", s.site},
                             {"server", s.server},
                             {"suspended", s.suspended},
                             {"error", s.error.empty() ? json(nullptr) : json(s.error)},
                             {"in_sync", s.error.empty() && s.changes.empty()},
                             {"findings", std::move(findings)},
                             {"unmanaged", std::move(unmanaged)},
                             {"notes", s.notes}});
    }
    return json{{"format_version", kPlanFormatVersion},
                {"commit", context.commit ? json(*context.commit) : json(nullptr)},
                {"drift", count_drift(p)},
                {"unread_sites", p.unread()},
                {"sites", std::move(sites)}};
}

std::string render_drift_json(const plan::Plan& p, const DriftContext& context) {
    return drift_to_json(p, context).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_drift_text(const plan::Plan& p, const DriftContext& context, const TextOptions& options) {
    const util::Colours ink{options.color};
    using util::for_terminal;
    std::string out;
    for (const auto& s : p.sites) {
        if (!s.error.empty()) {
            out += fmt::format("site {}: {}\n", for_terminal(s.site), ink.red("error: " + for_terminal(s.error)));
            continue;
        }
        if (s.changes.empty()) {
            out += fmt::format("site {}: {}{}\n", for_terminal(s.site), ink.green("in sync"),
                               s.suspended ? " (suspended)" : "");
        } else {
            out += fmt::format("site {}: {}{}\n", for_terminal(s.site),
                               ink.yellow(fmt::format("{} drift finding(s)", s.changes.size())),
                               s.suspended ? " (suspended: reported only)" : "");
        }
        for (const auto& c : s.changes) {
            out += fmt::format("  {:<22} {}{}\n", drift_classes(c), for_terminal(c.name),
                               c.live ? fmt::format("  id {}", for_terminal(c.live->id)) : "");
            for (const auto& r : c.reasons) out += fmt::format("      # {}\n", for_terminal(r));
        }
        for (const auto& l : s.unmanaged)
            out += fmt::format("  {:<22} {}  id {}  owner {} (not drift)\n", "unmanaged", for_terminal(l.name),
                               for_terminal(l.id), for_terminal(l.owner_name.empty() ? l.owner_id : l.owner_name));
        for (const auto& n : s.notes) out += fmt::format("  note: {}\n", for_terminal(n));
    }
    const int n = count_drift(p);
    if (p.unread())
        out += fmt::format("{} of {} site(s) could not be read; {} finding(s) in the others{}.\n", p.unread(),
                           p.sites.size(), n, against(context));
    else
        out += n ? fmt::format("Drift: {} finding(s) in {} site(s){}.\n", n, p.sites.size(), against(context))
                 : fmt::format("No drift: {} site(s) match the manifests{}.\n", p.sites.size(), against(context));
    return out;
}

std::string render_drift_markdown(const plan::Plan& p, const DriftContext& context) {
    std::string out = "### tabhook drift\n\n";
    const int n = count_drift(p);
    if (p.unread())
        out += fmt::format("> [!CAUTION]\n> **{} site(s) could not be read: {}.** This report is incomplete.\n\n",
                           p.unread(), unread_names(p));
    out += n ? fmt::format("**{} drift finding(s)**{}\n\n", n, against(context))
             : fmt::format("No drift{}{}.\n\n", p.unread() ? " in the sites read" : "", against(context));
    if (n == 0) return out;
    out += "| site | webhook | class | reasons |\n| --- | --- | --- | --- |\n";
    for (const auto& s : p.sites)
        for (const auto& c : s.changes) {
            const std::string reasons = fmt::format("{}", fmt::join(c.reasons, "; "));
            out += fmt::format("| {} | {} | {} | {} |\n", util::markdown_code(s.site), util::markdown_code(c.name),
                               drift_classes(c), util::markdown_inline(reasons));
        }
    return out;
}

} // namespace tabhook::report
