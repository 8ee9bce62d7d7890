#include "report/plan_render.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/url.hpp"

namespace tabhook::report {

namespace {

using nlohmann::json;

struct Palette {
    bool on;
    std::string paint(std::string_view code, std::string_view text) const {
        return on ? fmt::format("\033[{}m{}\033[0m", code, text) : std::string(text);
    }
    std::string action(plan::Action a, std::string_view text) const {
        switch (a) {
        case plan::Action::create: return paint("32", text);
        case plan::Action::remove: return paint("31", text);
        case plan::Action::replace: return paint("35", text);
        default: return paint("33", text);
        }
    }
    std::string bold(std::string_view text) const { return paint("1", text); }
};

std::string summary_line(const Counts& c) {
    if (c.total() == 0) return "No changes.";
    std::vector<std::string> parts;
    parts.push_back(fmt::format("{} to create", c.create));
    parts.push_back(fmt::format("{} to replace", c.replace));
    parts.push_back(fmt::format("{} to update", c.update));
    if (c.reenable) parts.push_back(fmt::format("{} to re-enable", c.reenable));
    parts.push_back(fmt::format("{} to delete", c.remove));
    return fmt::format("Plan: {}.", fmt::join(parts, ", "));
}

std::string site_title(const plan::SitePlan& s) {
    return fmt::format("site {} ({}, contentUrl \"{}\")", s.site, s.server, s.content_url);
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
    const Palette pal{options.color};
    std::string out;
    for (const auto& s : p.sites) {
        out += pal.bold(site_title(s)) + (s.suspended ? "  [suspended: apply leaves it alone]" : "") + "\n";
        if (!s.error.empty()) {
            out +=
                pal.paint("31", fmt::format("  error: {}", s.error)) + "\n  not planned: its changes are unknown\n\n";
            continue;
        }
        for (const auto& c : s.changes) {
            std::string head = fmt::format("  {} {}", pal.action(c.action, plan::symbol(c.action)), c.name);
            if (c.action == plan::Action::reenable)
                head += c.in_place ? " (re-enable in place)" : " (re-enable by replacing)";
            if (c.action == plan::Action::update) head += " (in place)";
            if (c.live) head += fmt::format("  id {}", c.live->id);
            if (c.takes_over) head += fmt::format("  takes over a webhook owned by {}", *c.takes_over);
            out += head + "\n";
            if (c.desired && (c.action == plan::Action::create)) {
                out += fmt::format("      event:   {}\n      url:     {}\n      enabled: {}\n", c.desired->event,
                                   util::redact_url(c.desired->url), c.desired->enabled);
            }
            for (const auto& r : c.reasons) out += fmt::format("      # {}\n", r);
        }
        for (const auto& l : s.owned_undeclared)
            out += fmt::format("  = {}  id {}  owned, not declared; kept (prune: none)\n", l.name, l.id);
        if (!s.unmanaged.empty()) {
            out += fmt::format("  unmanaged (never touched): {}\n", s.unmanaged.size());
            for (const auto& l : s.unmanaged)
                out += fmt::format("    {}  id {}  owner {}  {}  {}\n", l.name, l.id, owner_of(l), l.event,
                                   util::redact_url(l.url));
        }
        for (const auto& n : s.notes) out += fmt::format("  note: {}\n", n);
        for (const auto& b : s.brakes) {
            if (!b.triggered) continue;
            out += b.overridden
                       ? fmt::format("  ! safety brake {} overridden: {}\n", b.rule, b.message)
                       : pal.paint("31", fmt::format("  ! refused by safety brake {}: {}", b.rule, b.message)) + "\n";
        }
        out += fmt::format("  {} ({} unchanged)\n\n", summary_line(count_changes(s)), s.unchanged.size());
    }
    const bool suspended_changes =
        std::any_of(p.sites.begin(), p.sites.end(), [](const auto& s) { return s.suspended && s.has_changes(); });
    out += pal.bold(fmt::format("{} site(s). {}{}{}", p.sites.size(), summary_line(plan_total(p)),
                                suspended_changes ? " Suspended sites are not counted." : "", unread_note(p))) +
           "\n";
    return out;
}

json plan_to_json(const plan::Plan& p) {
    json sites = json::array();
    for (const auto& s : p.sites) {
        json changes = json::array();
        for (const auto& c : s.changes) {
            changes.push_back(json{{"action", plan::to_string(c.action)},
                                   {"name", c.name},
                                   {"in_place", c.in_place},
                                   {"before", c.live ? live_json(*c.live) : json(nullptr)},
                                   {"after", c.desired ? desired_json(*c.desired) : json(nullptr)},
                                   {"reasons", c.reasons},
                                   {"drift", drift_json(c.drift)},
                                   {"takes_over", c.takes_over ? json(*c.takes_over) : json(nullptr)}});
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

std::string render_plan_json(const plan::Plan& p) { return plan_to_json(p).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"; }

std::string render_plan_markdown(const plan::Plan& p, std::size_t max_chars) {
    std::string head = "### tabhook plan\n\n";
    const Counts total = plan_total(p);
    std::string table = "| site | create | replace | update | re-enable | delete | takeovers | unmanaged | status |\n"
                        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n";
    for (const auto& s : p.sites) {
        const Counts c = count_changes(s);
        const std::string status = !s.error.empty() ? "**error: not read**"
                                   : s.suspended    ? "suspended"
                                   : s.refused()    ? "**refused by a safety brake**"
                                   : c.total()      ? "changes"
                                                    : "in sync";
        table += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |\n", s.site, c.create, c.replace,
                             c.update, c.reenable, c.remove, c.takeovers, s.unmanaged.size(), status);
    }
    if (total.remove > 0 || total.takeovers > 0 || total.replace > 0) {
        head += fmt::format(
            "> [!WARNING]\n> **This plan deletes {} webhook(s){}.** Review the changes below before merging.\n\n",
            total.remove + total.replace,
            total.takeovers ? fmt::format(" and takes over {} owned by other accounts", total.takeovers) : "");
    }
    if (p.refused())
        head += "> [!CAUTION]\n> **A safety brake refuses this plan: `apply` will exit 3 and change nothing.**\n\n";
    if (p.unread())
        head += fmt::format("> [!CAUTION]\n> **{} site(s) could not be read: this plan is incomplete.** See the "
                            "job's log for the error.\n\n",
                            p.unread());
    head += table + "\n" + (p.has_changes() ? summary_line(total) : std::string("No changes.")) + "\n\n";

    const std::string footer = "<sub>tabhook " TABHOOK_VERSION ": URLs are shown as host and fingerprint.</sub>\n";
    const std::string cut = "_Details truncated to fit a comment; run `tabhook plan` for the full plan._\n\n";
    // Room for the details, keeping space to close an open block and say that the rest was cut.
    const std::size_t fixed = head.size() + footer.size() + cut.size() + 64;
    const std::size_t budget = max_chars > fixed ? max_chars - fixed : 0;
    std::string details;
    bool truncated = false;
    for (const auto& s : p.sites) {
        if (truncated) break;
        if (s.changes.empty() && s.brakes.empty() && s.notes.empty()) continue;
        std::string block = fmt::format("<details><summary>{}</summary>\n\n", site_title(s));
        for (const auto& b : s.brakes)
            if (b.triggered) block += fmt::format("- **safety brake `{}`**: {}\n", b.rule, b.message);
        for (const auto& n : s.notes) block += fmt::format("- note: {}\n", n);
        block += "\n```diff\n";
        if (details.size() + block.size() > budget) {
            truncated = true;
            break;
        }
        for (const auto& c : s.changes) {
            const char* sign = c.action == plan::Action::create ? "+" : c.action == plan::Action::remove ? "-" : "!";
            std::string lines =
                fmt::format("{} {} {}{}\n", sign, plan::to_string(c.action), c.name,
                            c.takes_over ? fmt::format("  (takes over a webhook owned by {})", *c.takes_over) : "");
            for (const auto& r : c.reasons) lines += fmt::format("#   {}\n", r);
            if (details.size() + block.size() + lines.size() > budget) {
                truncated = true;
                break;
            }
            block += lines;
        }
        details += block + "```\n\n</details>\n\n";
    }
    if (truncated) details += cut;
    return head + details + footer;
}

} // namespace tabhook::report
