#include "tableau/site_groups.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <thread>

#include <fmt/format.h>

#include "model/site_conflicts.hpp"
#include "util/url.hpp"

namespace tabhook::tableau {

namespace {

std::string server_key(const std::string& server) {
    const auto url = util::parse_url(server);
    return url ? url->origin() : server;
}

bool share_token(const model::Site& a, const model::Site& b) {
    using Kind = model::Auth::Kind;
    return a.auth.kind == Kind::personal_access_token && b.auth.kind == Kind::personal_access_token &&
           a.auth.name == b.auth.name && server_key(a.server) == server_key(b.server);
}

// A site id is the server's text: shown only when it looks like one (a LUID), never raw.
std::string printable_site_id(std::string_view id) {
    const bool plain =
        !id.empty() && id.size() <= 64 && id.find_first_not_of("0123456789abcdefABCDEF-") == std::string_view::npos;
    return plain ? std::string(id) : std::string("(an id not shown: not a LUID)");
}

std::string describe(const model::Site& site) {
    const auto url = util::parse_url(site.server);
    std::string where = url ? url->origin() : std::string("?");
    where += site.content_url.empty() ? ", the default site" : ", contentUrl '" + site.content_url + "'";
    if (!site.location.file.empty())
        where += fmt::format(", {}:{}:{}", site.location.file, site.location.line, site.location.column);
    return where;
}

} // namespace

std::vector<std::string> shared_site_errors(const std::vector<model::Site>& sites,
                                            const std::vector<std::string>& site_ids) {
    std::vector<model::SiteTarget> targets;
    targets.reserve(sites.size());
    for (std::size_t i = 0; i < sites.size(); ++i)
        targets.push_back({&sites[i], false, i < site_ids.size() ? site_ids[i] : std::string()});
    const auto partners = model::site_conflicts(targets);
    std::vector<std::string> errors(sites.size());
    for (std::size_t i = 0; i < sites.size(); ++i) {
        if (!partners[i]) continue;
        const auto& a = sites[std::min(i, *partners[i])];
        const auto& b = sites[std::max(i, *partners[i])];
        errors[i] =
            fmt::format("sites {} and {} both sign in to Tableau site {} ({}: {}; {}: {}): refusing to "
                        "write to either, as each would manage, and with prune delete, the other's webhooks; {}",
                        a.name, b.name, printable_site_id(site_ids[i]), a.name, describe(a), b.name, describe(b),
                        model::kSiteConflictFix);
    }
    return errors;
}

std::vector<std::vector<std::size_t>> session_groups(const std::vector<model::Site>& sites) {
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        bool placed = false;
        for (auto& g : groups)
            if (share_token(sites[g.front()], sites[i])) {
                g.push_back(i);
                placed = true;
                break;
            }
        if (!placed) groups.push_back({i});
    }
    return groups;
}

void for_each_group(const std::vector<model::Site>& sites,
                    const std::function<void(const std::vector<std::size_t>& group)>& fn) {
    const auto groups = session_groups(sites);
    const auto& run_group = fn;
    std::vector<std::thread> threads;
    for (std::size_t g = 1; g < groups.size(); ++g) threads.emplace_back(run_group, std::cref(groups[g]));
    if (!groups.empty()) run_group(groups.front());
    for (auto& t : threads) t.join();
}

void for_each_site(const std::vector<model::Site>& sites, const std::function<void(std::size_t)>& fn) {
    for_each_group(sites, [&fn](const std::vector<std::size_t>& group) {
        for (const auto i : group) fn(i);
    });
}

} // namespace tabhook::tableau
