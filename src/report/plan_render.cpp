#include "report/plan_render.hpp"

#include <cstddef>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/colour.hpp"
#include "util/escape.hpp"
#include "util/url.hpp"

namespace tabhook::report {

namespace {

using nlohmann::json;

struct Palette : util::Colours {
    std::string action(plan::Action a, std::string_view text) const {
        switch (a) {
        case plan::Action::create: return green(text);
        case plan::Action::remove: return red(text);
        case plan::Action::replace: return magenta(text);
        default: return yellow(text);
        }
    }
};

// `unread`: sites that could not be read, whose changes are unknown, so "No changes." would be untrue.
std::string summary_line(const Counts& c, int unread = 0) {
    if (c.total() == 0) return unread ? "Nothing to change in the sites read." : "No changes.";
    std::vector<std::string> parts;
    parts.push_back(fmt::format("{} to create", c.create));
    parts.push_back(fmt::format("{} to replace", c.replace));
    parts.push_back(fmt::format("{} to update", c.update));
    if (c.reenable) parts.push_back(fmt::format("{} to re-enable", c.reenable));
    parts.push_back(fmt::format("{} to delete", c.remove));
    return fmt::format("Plan: {}.", fmt::join(parts, ", "));
}

// Plain text: the caller escapes it for where it goes.
std::string site_title(const plan::SitePlan& s) {
    return fmt::format("site {} ({}, contentUrl \"{}\")", s.site, s.server, s.content_url);
}

// Every destination (scheme://host[:port]) some webhook on the site sends to now: managed or not,
// changed or not, about to be deleted or not.
std::set<std::string> live_origins(const plan::SitePlan& s) {
    std::set<std::string> out;
    const auto add = [&](const model::LiveWebhook& l) {
        if (const auto u = util::parse_url(l.url)) out.insert(u->origin());
    };
    for (const auto& l : s.unchanged) add(l);
    for (const auto& l : s.unmanaged) add(l);
    for (const auto& l : s.owned_undeclared) add(l);
    for (const auto& c : s.changes)
        if (c.live) add(*c.live);
    return out;
}

// Where a change sends events: the declared webhook's destination, or for a delete the live one's.
struct Destination {
    std::string event;
    std::string url;  // redacted: https://host/…#fingerprint
    std::string host; // scheme://host[:port], "" when the URL does not parse
    bool new_host = false;
};

Destination destination(const plan::Change& c, const std::set<std::string>& origins) {
    Destination d;
    const std::string& url = c.desired ? c.desired->url : c.live ? c.live->url : d.url;
    d.event = c.desired ? c.desired->event.str() : c.live ? c.live->event.str() : "";
    d.url = util::redact_url(url);
    if (const auto u = util::parse_url(url)) d.host = u->origin();
    // A URL that does not parse is never a host the site already uses.
    d.new_host = c.desired && (d.host.empty() || !origins.count(d.host));
    return d;
}

json live_json(const model::LiveWebhook& l) {
    return json{{"id", l.id},
                {"name", l.name},
                {"event", l.event},
                {"url", util::redact_url(l.url)},
                {"enabled", l.enabled},
                {"status_change_reason", l.status_change_reason},
                {"owner", {{"id", l.owner_id}, {"name", l.owner_name}}}};
}

json desired_json(const model::Webhook& d) {
    return json{{"name", d.name},
                {"event", d.event},
                {"url", util::redact_url(d.url)},
                {"enabled", d.enabled},
                {"test", model::to_string(d.test)}};
}

json counts_json(const Counts& c) {
    return json{{"create", c.create},     {"replace", c.replace}, {"update", c.update},
                {"reenable", c.reenable}, {"delete", c.remove},   {"takeovers", c.takeovers}};
}

json drift_json(const std::vector<plan::Drift>& drift) {
    json out = json::array();
    for (const auto d : drift) out.push_back(plan::to_string(d));
    return out;
}

std::string owner_of(const model::LiveWebhook& l) { return l.owner_name.empty() ? l.owner_id : l.owner_name; }

} // namespace

Counts count_changes(const plan::SitePlan& site) {
    Counts c;
    for (const auto& ch : site.changes) {
        switch (ch.action) {
        case plan::Action::create: ++c.create; break;
        case plan::Action::replace: ++c.replace; break;
        case plan::Action::update: ++c.update; break;
        case plan::Action::reenable: ++c.reenable; break;
        case plan::Action::remove: ++c.remove; break;
        }
        if (ch.takes_over) ++c.takeovers;
    }
    return c;
}

// " 1 site(s) could not be read: this plan is incomplete." when some site failed, else "".
std::string unread_note(const plan::Plan& p) {
    return p.unread() ? fmt::format(" {} site(s) could not be read: this plan is incomplete.", p.unread()) : "";
}

// The whole plan's counts: what apply would do, so suspended sites (shown, never applied) are left out.
Counts plan_total(const plan::Plan& p) {
    Counts total;
    for (const auto& s : p.sites)
        if (!s.suspended) total += count_changes(s);
    return total;
}

std::string render_plan_text(const plan::Plan& p, const TextOptions& options) {
    const Palette pal{{options.color}};
    using util::for_terminal;
    std::string out;
    for (const auto& s : p.sites) {
        out +=
            pal.bold(for_terminal(site_title(s))) + (s.suspended ? "  [suspended: apply leaves it alone]" : "") + "\n";
        if (!s.error.empty()) {
            out += pal.red(fmt::format("  error: {}", for_terminal(s.error))) +
                   "\n  not planned: its changes are unknown\n\n";
            continue;
        }
        const auto origins = live_origins(s);
        for (const auto& c : s.changes) {
            std::string head =
                fmt::format("  {} {}", pal.action(c.action, plan::symbol(c.action)), for_terminal(c.name));
            if (c.action == plan::Action::reenable)
                head += c.in_place ? " (re-enable in place)" : " (re-enable by replacing)";
            if (c.action == plan::Action::update) head += " (in place)";
            if (c.live) head += fmt::format("  id {}", for_terminal(c.live->id));
            if (c.takes_over) head += fmt::format("  takes over a webhook owned by {}", for_terminal(*c.takes_over));
            out += head + "\n";
            const Destination d = destination(c, origins);
            out += fmt::format("      event:   {}\n      url:     {}{}\n", for_terminal(d.event), for_terminal(d.url),
                               d.new_host ? "  " + pal.yellow("(new destination host)") : "");
            if (c.desired && c.action == plan::Action::create)
                out += fmt::format("      enabled: {}\n", c.desired->enabled);
            if (c.desired && !c.desired->location.file.empty())
                out += fmt::format("      from:    {}:{}:{}\n", for_terminal(c.desired->location.file),
                                   c.desired->location.line, c.desired->location.column);
            for (const auto& r : c.reasons) out += fmt::format("      # {}\n", for_terminal(r));
        }
        for (const auto& l : s.owned_undeclared)
            out += fmt::format("  = {}  id {}  owned, not declared; kept (prune: none)\n", for_terminal(l.name),
                               for_terminal(l.id));
        if (!s.unmanaged.empty()) {
            out += fmt::format("  unmanaged (never touched): {}\n", s.unmanaged.size());
            for (const auto& l : s.unmanaged)
                out += fmt::format("    {}  id {}  owner {}  {}  {}\n", for_terminal(l.name), for_terminal(l.id),
                                   for_terminal(owner_of(l)), for_terminal(l.event),
                                   for_terminal(util::redact_url(l.url)));
        }
        for (const auto& n : s.notes) out += fmt::format("  note: {}\n", for_terminal(n));
        for (const auto& b : s.brakes) {
            if (!b.triggered) continue;
            out += b.overridden
                       ? fmt::format("  ! safety brake {} overridden: {}\n", b.rule, for_terminal(b.message))
                       : pal.red(fmt::format("  ! refused by safety brake {}: {}", b.rule, for_terminal(b.message))) +
                             "\n";
        }
        // "No changes." is said of a whole plan only, so no line of a plan with an unread site says it.
        const Counts c = count_changes(s);
        out += fmt::format("  {} ({} unchanged)\n\n", c.total() ? summary_line(c) : "Nothing to change.",
                           s.unchanged.size());
    }
    const bool suspended_changes =
        std::any_of(p.sites.begin(), p.sites.end(), [](const auto& s) { return s.suspended && s.has_changes(); });
    out += pal.bold(fmt::format("{} site(s). {}{}{}", p.sites.size(), summary_line(plan_total(p), p.unread()),
                                suspended_changes ? " Suspended sites are not counted." : "", unread_note(p))) +
           "\n";
    return out;
}

json plan_to_json(const plan::Plan& p) {
    json sites = json::array();
    for (const auto& s : p.sites) {
        json changes = json::array();
        const auto origins = live_origins(s);
        for (const auto& c : s.changes) {
            const Destination d = destination(c, origins);
            changes.push_back(json{{"action", plan::to_string(c.action)},
                                   {"name", c.name},
                                   {"in_place", c.in_place},
                                   {"before", c.live ? live_json(*c.live) : json(nullptr)},
                                   {"after", c.desired ? desired_json(*c.desired) : json(nullptr)},
                                   {"reasons", c.reasons},
                                   {"drift", drift_json(c.drift)},
                                   {"takes_over", c.takes_over ? json(*c.takes_over) : json(nullptr)},
                                   {"destination_host", d.host.empty() ? json(nullptr) : json(d.host)},
                                   {"new_destination_host", d.new_host}});
        }
        json unmanaged = json::array(), owned = json::array(), unchanged = json::array(), brakes = json::array();
        for (const auto& l : s.unmanaged) unmanaged.push_back(live_json(l));
        for (const auto& l : s.owned_undeclared) owned.push_back(live_json(l));
        for (const auto& l : s.unchanged) unchanged.push_back(live_json(l));
        for (const auto& b : s.brakes)
            brakes.push_back(json{
                {"rule", b.rule}, {"message", b.message}, {"triggered", b.triggered}, {"overridden", b.overridden}});
        const Counts c = count_changes(s);
        sites.push_back(json{{"site", s.site},
                             {"server", s.server},
                             {"content_url", s.content_url},
                             {"suspended", s.suspended},
                             {"error", s.error.empty() ? json(nullptr) : json(s.error)},
                             {"declared", s.declared},
                             {"summary", counts_json(c)},
                             {"refused", s.refused()},
                             {"changes", std::move(changes)},
                             {"unchanged", std::move(unchanged)},
                             {"owned_undeclared", std::move(owned)},
                             {"unmanaged", std::move(unmanaged)},
                             {"brakes", std::move(brakes)},
                             {"notes", s.notes}});
    }
    return json{{"format_version", kPlanFormatVersion},
                {"tabhook_version", TABHOOK_VERSION},
                {"has_changes", p.has_changes()},
                {"unread_sites", p.unread()},
                {"refused", p.refused()},
                {"summary", counts_json(plan_total(p))},
                {"sites", std::move(sites)}};
}

std::string render_plan_json(const plan::Plan& p) {
    return plan_to_json(p).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {

// The markdown table of every site's counts, and the destination hosts no webhook of their site sends to yet.
std::string markdown_table(const plan::Plan& p, std::vector<std::string>& new_hosts) {
    using util::markdown_code;
    std::string table = "| site | create | replace | update | re-enable | delete | takeovers | unmanaged | status |\n"
                        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n";
    for (const auto& s : p.sites) {
        const Counts c = count_changes(s);
        const std::string status = !s.error.empty() ? "**error: not read**"
                                   : s.suspended    ? "suspended"
                                   : s.refused()    ? "**refused by a safety brake**"
                                   : c.total()      ? "changes"
                                                    : "in sync";
        table += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", markdown_code(s.site), c.create,
                             c.replace, c.update, c.reenable, c.remove, c.takeovers, s.unmanaged.size(), status);
        const auto origins = live_origins(s);
        for (const auto& ch : s.changes)
            if (const Destination d = destination(ch, origins); d.new_host)
                new_hosts.push_back(fmt::format("{} ({} on site {})", markdown_code(d.host.empty() ? d.url : d.host),
                                                markdown_code(ch.name), markdown_code(s.site)));
    }
    return table;
}

// The alerts above the table: deletions and takeovers, new destination hosts, a refusal, unread sites.
std::string markdown_alerts(const plan::Plan& p, const Counts& total, const std::vector<std::string>& new_hosts) {
    std::string head;
    if (total.remove > 0 || total.takeovers > 0 || total.replace > 0) {
        head += fmt::format(
            "> [!WARNING]\n> **This plan deletes {} webhook(s){}.** Review the changes below before merging.\n\n",
            total.remove + total.replace,
            total.takeovers ? fmt::format(" and takes over {} owned by other accounts", total.takeovers) : "");
    }
    if (!new_hosts.empty()) {
        constexpr std::size_t shown = 10;
        head += fmt::format(
            "> [!WARNING]\n> **{} webhook(s) would send events to a new destination host**, one that "
            "no webhook of its site sends to yet: {}{}.\n\n",
            new_hosts.size(),
            fmt::join(new_hosts.begin(),
                      new_hosts.begin() + static_cast<std::ptrdiff_t>(std::min(shown, new_hosts.size())), ", "),
            new_hosts.size() > shown ? fmt::format(" and {} more", new_hosts.size() - shown) : "");
    }
    if (p.refused())
        head += "> [!CAUTION]\n> **A safety brake refuses this plan: `apply` will exit 3 and change nothing.**\n\n";
    if (p.unread())
        head += fmt::format("> [!CAUTION]\n> **{} site(s) could not be read: this plan is incomplete.** See the "
                            "job's log for the error.\n\n",
                            p.unread());
    return head;
}

// One change as the lines of a diff block: each escaped to one line, so none can start with a fence.
std::string change_lines(const plan::Change& c, const std::set<std::string>& origins) {
    using util::for_terminal;
    const char* sign = c.action == plan::Action::create ? "+" : c.action == plan::Action::remove ? "-" : "!";
    std::string lines = fmt::format(
        "{} {} {}{}\n", sign, plan::to_string(c.action), for_terminal(c.name),
        c.takes_over ? fmt::format("  (takes over a webhook owned by {})", for_terminal(*c.takes_over)) : "");
    const Destination d = destination(c, origins);
    lines += fmt::format("#   event {}, sent to {}{}\n", for_terminal(d.event), for_terminal(d.url),
                         d.new_host ? "  (new destination host)" : "");
    for (const auto& r : c.reasons) lines += fmt::format("#   {}\n", for_terminal(r));
    return lines;
}

// Appends a site's <details> block to `details` with as many of its changes as keep it within `budget`;
// false when something did not fit (the block is then left out, or holds the changes that fitted).
bool append_site_details(std::string& details, const plan::SitePlan& s, std::size_t budget) {
    using util::markdown_inline;
    // Inside <summary> is HTML, not markdown.
    std::string block =
        fmt::format("<details><summary>{}</summary>\n\n", util::html_escape(util::for_terminal(site_title(s))));
    for (const auto& b : s.brakes)
        if (b.triggered) block += fmt::format("- **safety brake `{}`**: {}\n", b.rule, markdown_inline(b.message));
    for (const auto& n : s.notes) block += fmt::format("- note: {}\n", markdown_inline(n));
    block += "\n";
    // The fence is longer than any run of backticks inside.
    std::string body, fence = util::markdown_fence("");
    if (details.size() + block.size() + 2 * fence.size() + 10 > budget) return false;
    const auto origins = live_origins(s);
    bool fits = true;
    for (const auto& c : s.changes) {
        const std::string lines = change_lines(c, origins);
        const std::string longer = util::markdown_fence(lines);
        const std::size_t fence_size = std::max(fence.size(), longer.size());
        if (details.size() + block.size() + body.size() + lines.size() + 2 * fence_size + 10 > budget) {
            fits = false;
            break;
        }
        fence = longer.size() > fence.size() ? longer : fence;
        body += lines;
    }
    details += block + fence + "diff\n" + body + fence + "\n\n</details>\n\n";
    return fits;
}

} // namespace

std::string render_plan_markdown(const plan::Plan& p, std::size_t max_chars) {
    const Counts total = plan_total(p);
    std::vector<std::string> new_hosts; // "`https://host` (`name` on site `s`)"
    const std::string table = markdown_table(p, new_hosts);
    const std::string head = "### tabhook plan\n\n" + markdown_alerts(p, total, new_hosts) + table + "\n" +
                             summary_line(total, p.unread()) + "\n\n";

    const std::string footer = "<sub>tabhook " TABHOOK_VERSION ": URLs are shown as host and fingerprint.</sub>\n";
    const std::string cut = "_Details truncated to fit a comment; run `tabhook plan` for the full plan._\n\n";
    // Room for the details, keeping space to close an open block and say that the rest was cut.
    const std::size_t fixed = head.size() + footer.size() + cut.size() + 64;
    const std::size_t budget = max_chars > fixed ? max_chars - fixed : 0;
    std::string details;
    for (const auto& s : p.sites) {
        if (s.changes.empty() && s.brakes.empty() && s.notes.empty()) continue;
        if (!append_site_details(details, s, budget)) {
            details += cut;
            break;
        }
    }
    return head + details + footer;
}

} // namespace tabhook::report
