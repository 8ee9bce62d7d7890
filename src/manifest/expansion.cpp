#include "manifest/expansion.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <tuple>

#include <fmt/format.h>

#include "manifest/reference.hpp"
#include "manifest/url_rules.hpp"
#include "util/strings.hpp"

namespace tabhook::manifest {

namespace {

std::string hint_among(std::string_view word, const std::vector<std::string>& candidates) {
    if (word.size() > 100) return "";
    const auto match = util::closest_match(word, candidates);
    return match ? fmt::format("; did you mean '{}'?", *match) : "";
}

std::string list_text(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

class Expander {
  public:
    Expander(const std::vector<const SiteDeclaration*>& sites, bool all_read, Diagnostics& diagnostics)
        : sites_(sites), all_read_(all_read), diags_(diagnostics) {
        for (const auto* site : sites) names_.push_back(site->site.name);
    }

    void expand(const WebhookDeclaration& decl, std::vector<ExpandedWebhook>& out, std::vector<Expansion>& expansions) {
        if (!decl.has_site) {
            out.push_back({decl.webhook, &decl, nullptr});
            return;
        }
        switch (decl.selection.kind) {
        case SiteSelection::Kind::site: {
            const SiteDeclaration* site = find(decl.webhook.site);
            if (!site) undefined(decl.webhook.site, decl.site_location);
            out.push_back(for_site(decl, site));
            return;
        }
        case SiteSelection::Kind::sites: {
            std::vector<const SiteDeclaration*> selected;
            std::vector<std::string> listed;
            for (const auto& [name, at] : decl.selection.sites) {
                listed.push_back(name);
                if (const SiteDeclaration* site = find(name))
                    selected.push_back(site);
                else
                    undefined(name, at);
            }
            add(decl, selected, fmt::format("sites [{}]", list_text(listed)), out, expansions);
            return;
        }
        case SiteSelection::Kind::selector: {
            std::vector<const SiteDeclaration*> selected;
            for (const auto* site : sites_)
                if (matches(decl.selection.selector, site->site.labels)) selected.push_back(site);
            if (selected.empty()) selects_nothing(decl);
            add(decl, selected, "siteSelector " + to_string(decl.selection.selector), out, expansions);
            return;
        }
        }
    }

  private:
    const SiteDeclaration* find(const std::string& name) const {
        for (const auto* site : sites_)
            if (site->site.name == name) return site;
        return nullptr;
    }

    void undefined(const std::string& name, const model::Location& at) {
        if (!all_read_) return;
        const std::string hint = names_.empty() ? "; no Site document was found" : hint_among(name, names_);
        diags_.add(at, "undefined-site",
                   fmt::format("site {} is not declared by any Site document{}", quoted(name), hint), true);
    }

    // Names the labels the Sites have, and a close key for a key no Site has.
    void selects_nothing(const WebhookDeclaration& decl) {
        if (!all_read_) return;
        std::string detail;
        std::vector<std::string> in_use;
        std::vector<std::string> keys;
        for (const auto* site : sites_)
            for (const auto& [key, value] : site->site.labels) {
                const std::string pair = fmt::format("{}={}", key, value.empty() ? "\"\"" : value);
                if (std::find(in_use.begin(), in_use.end(), pair) == in_use.end()) in_use.push_back(pair);
                if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
            }
        std::sort(in_use.begin(), in_use.end());
        if (sites_.empty())
            detail = "no Site document was found";
        else if (in_use.empty())
            detail = "no Site has labels (metadata.labels)";
        else
            detail = "the labels in use are " + list_text(in_use);
        for (const auto& r : decl.selection.selector.requirements)
            if (std::find(keys.begin(), keys.end(), r.key) == keys.end() && !keys.empty())
                if (const std::string hint = hint_among(r.key, keys); !hint.empty())
                    detail += fmt::format("; no Site has the label {}{}", quoted(r.key), hint);
        diags_.add(
            decl.site_location, "empty-selection",
            fmt::format("metadata.siteSelector ({}) selects no site: {}", to_string(decl.selection.selector), detail),
            true);
    }

    void add(const WebhookDeclaration& decl, const std::vector<const SiteDeclaration*>& selected, std::string selection,
             std::vector<ExpandedWebhook>& out, std::vector<Expansion>& expansions) {
        Expansion expansion{decl.webhook.name, decl.webhook.location, std::move(selection), {}};
        for (const auto* site : selected) {
            out.push_back(for_site(decl, site));
            expansion.sites.push_back(site->site.name);
        }
        if (decl.has_name) expansions.push_back(std::move(expansion));
    }

    // The declaration's Webhook on one site, its url's ${site.…} substituted and checked.
    ExpandedWebhook for_site(const WebhookDeclaration& decl, const SiteDeclaration* site) {
        ExpandedWebhook w{decl.webhook, &decl, site};
        if (site) w.webhook.site = site->site.name;
        if (!decl.url_per_site || !site) return w;
        const TemplateField& url = *decl.url_per_site;
        auto substituted = substitute_site(url.per_site, site->site);
        if (!substituted) {
            std::vector<std::string> keys;
            for (const auto& [key, value] : site->site.labels) keys.push_back(key);
            const std::string missing = first_missing_label(url.per_site, site->site);
            diags_.add(url.location, "missing-site-label",
                       fmt::format("url: ${{site.label:{}}}: site {} (at {}) has no label {}{}", missing,
                                   quoted(site->site.name), to_string(site->site.location), quoted(missing),
                                   hint_among(missing, keys)),
                       true);
            return w;
        }
        TemplateField field = url;
        field.value = substituted->unresolved();
        field.resolved = field.resolved || !substituted->has_references();
        // One problem of the written url would show once per site: report it once.
        Diagnostics found;
        check_url(field, "url", found);
        for (auto& d : found.items())
            if (reported_.insert(std::tuple(d.location.file, d.location.line, d.location.column, d.message)).second)
                diags_.items().push_back(std::move(d));
        w.webhook.url = field.value;
        return w;
    }

    static std::string first_missing_label(const Template& t, const model::Site& site) {
        for (const auto& part : t.parts)
            if (part.reference && part.reference->source == Reference::Source::site &&
                part.reference->argument.starts_with("label:") &&
                !site.labels.contains(part.reference->argument.substr(6)))
                return part.reference->argument.substr(6);
        return "";
    }

    const std::vector<const SiteDeclaration*>& sites_;
    bool all_read_;
    Diagnostics& diags_;
    std::vector<std::string> names_;
    std::set<std::tuple<std::string, int, int, std::string>> reported_;
};

} // namespace

std::vector<ExpandedWebhook> expand_webhooks(const Declarations& declarations,
                                             const std::vector<const SiteDeclaration*>& sites, bool all_read,
                                             Diagnostics& diagnostics, std::vector<Expansion>& expansions) {
    Expander expander(sites, all_read, diagnostics);
    std::vector<ExpandedWebhook> out;
    out.reserve(declarations.webhooks.size());
    for (const auto& decl : declarations.webhooks) expander.expand(decl, out, expansions);
    return out;
}

} // namespace tabhook::manifest
