#include "cli/planning.hpp"

#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "report/result_render.hpp"
#include "tableau/site_groups.hpp"
#include "util/escape.hpp"

namespace tabhook::cli {

namespace {

template <typename Client> bool list_and_plan(PlannedSite& s, Client& client, const plan::PlanOptions& options) {
    s.site_id = client.session().site_id; // kept: a site sharing its PAT signs out once listed
    auto live = client.list_webhooks();
    if (!live) {
        s.error = live.error().message();
        return false;
    }
    s.live = std::move(*live);
    const auto& session = client.session();
    s.plan =
        plan::plan_site(*s.site, *s.declared, s.live, plan::SiteContext{session.user_id, session.api_version}, options);
    return true;
}

// Two sites that signed in to one Tableau site would each plan against the other's webhooks: both are
// refused (an error, so plan and drift show them unread too) before anything is written to either.
void refuse_shared_sites(std::vector<PlannedSite>& sites, const std::vector<model::Site>& declared) {
    std::vector<std::string> site_ids;
    for (const auto& s : sites) site_ids.push_back(s.ok() ? s.site_id : "");
    const auto errors = tableau::shared_site_errors(declared, site_ids);
    for (std::size_t i = 0; i < sites.size(); ++i) {
        if (errors[i].empty()) continue;
        sites[i].error = errors[i];
        sites[i].writer.reset();
        sites[i].reconnect = false;
    }
}

} // namespace

std::vector<PlannedSite> plan_sites(const Desired& desired, const tableau::ClientOptions& client_options,
                                    const plan::PlanOptions& plan_options, Access access) {
    std::vector<PlannedSite> out(desired.sites.size());
    // Among the sites that will sign in (apply and test never sign in to a suspended one).
    const auto signs_in = [&](std::size_t i) { return access == Access::read_only || !desired.sites[i].suspend; };
    std::vector<bool> shares_token(desired.sites.size(), false);
    for (const auto& group : tableau::session_groups(desired.sites))
        if (std::count_if(group.begin(), group.end(), signs_in) > 1)
            for (const auto i : group) shares_token[i] = true;
    tableau::for_each_site(desired.sites, [&](std::size_t i) {
        PlannedSite& s = out[i];
        s.site = &desired.sites[i];
        s.declared = &desired.webhooks[i];
        s.plan.site = s.site->name;
        if (access == Access::write && s.site->suspend) {
            // apply and the daemon leave a suspended site alone: not even a sign-in.
            s.plan = plan::site_header(*s.site, *s.declared);
            return;
        }
        if (access == Access::write) {
            auto client = tableau::connect(*s.site, client_options);
            if (!client) {
                s.error = client.error().message();
                return;
            }
            s.writer = std::move(*client);
            if (list_and_plan(s, *s.writer, plan_options) && shares_token[i]) {
                s.writer.reset(); // signs out
                s.reconnect = true;
            }
        } else {
            auto client = tableau::connect_read_only(*s.site, client_options);
            if (!client) {
                s.error = client.error().message();
                return;
            }
            list_and_plan(s, **client, plan_options);
        } // the read-only client signs out here
    });
    refuse_shared_sites(out, desired.sites);
    return out;
}

tableau::WriteClient* writer(PlannedSite& s, const tableau::ClientOptions& client_options) {
    if (!s.writer && s.reconnect && s.ok()) {
        s.reconnect = false;
        auto client = tableau::connect(*s.site, client_options);
        if (!client)
            s.error = client.error().message();
        else
            s.writer = std::move(*client);
    }
    return s.writer.get();
}

plan::Plan collect_plan(const std::vector<PlannedSite>& sites) {
    plan::Plan p;
    for (const auto& s : sites) {
        if (s.ok()) {
            p.sites.push_back(s.plan);
            continue;
        }
        // Shown as unread, so no output of a failed run reads as "no changes" for it.
        plan::SitePlan unread = plan::site_header(*s.site, *s.declared);
        unread.error = s.error;
        p.sites.push_back(std::move(unread));
    }
    return p;
}

void print_result(const plan::Result& result, const CommonOptions& options) {
    if (options.format == Format::json)
        std::cout << report::render_result_json(result);
    else if (options.format == Format::markdown)
        std::cout << report::render_result_markdown(result);
    else
        std::cout << report::render_result_text(result, {use_color(options)});
}

void report_site_error(const PlannedSite& s) {
    std::cerr << fmt::format("error: site {}: {}\n", util::for_terminal(s.site ? s.site->name : "?"),
                             util::for_terminal(s.error));
}

bool report_site_errors(const std::vector<PlannedSite>& sites) {
    bool any = false;
    for (const auto& s : sites) {
        if (s.ok()) continue;
        report_site_error(s);
        any = true;
    }
    return any;
}

} // namespace tabhook::cli
