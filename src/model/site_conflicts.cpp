#include "model/site_conflicts.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

#include "util/strings.hpp"
#include "util/url.hpp"

namespace tabhook::model {

namespace {

// What two Sites are compared by: the site id, else the server address and the contentUrl in lower case.
std::optional<std::string> target_key(const SiteTarget& t) {
    if (!t.site_id.empty()) return "id\n" + t.site_id;
    if (!t.server_known) return std::nullopt;
    const std::string address = server_address(t.site->server);
    if (address.empty()) return std::nullopt;
    return "at\n" + address + "\n" + util::to_lower(t.site->content_url);
}

bool shares_nothing(const Site& s) { return !s.name_prefix || s.prune == Prune::all; }

// Walks the members of one Tableau site (target indices, ascending or descending) and gives each one that
// has no partner yet the first member before it in that order that it may not share the site with.
template <typename It>
void find_partners(It begin, It end, bool ascending, const std::vector<SiteTarget>& targets,
                   std::vector<std::optional<std::size_t>>& partner) {
    std::optional<std::size_t> first;                         // the first member seen
    std::optional<std::size_t> first_wide;                    // the first member that shares with nobody
    std::map<std::string, std::size_t, std::less<>> prefixes; // prefix -> the first member with it
    for (It it = begin; it != end; ++it) {
        const std::size_t j = *it;
        const Site& site = *targets[j].site;
        std::optional<std::size_t> found;
        if (shares_nothing(site)) {
            found = first;
        } else {
            found = first_wide;
            const std::string_view p = *site.name_prefix;
            const auto consider = [&](std::size_t i) {
                // The earliest in walking order: indices ascend forwards and descend backwards.
                if (!found || (ascending ? i < *found : i > *found)) found = i;
            };
            for (std::size_t n = 1; n <= p.size(); ++n) // an earlier prefix that p starts with (p itself too)
                if (const auto e = prefixes.find(p.substr(0, n)); e != prefixes.end()) consider(e->second);
            if (const auto e = prefixes.lower_bound(p); e != prefixes.end() && e->first.starts_with(p))
                consider(e->second); // an earlier prefix that starts with p
            prefixes.emplace(std::string(p), j);
        }
        if (!first) first = j;
        if (!first_wide && shares_nothing(site)) first_wide = j;
        if (found && !partner[j]) partner[j] = found;
    }
}

} // namespace

std::string server_address(const std::string& server) {
    const auto url = util::parse_url(server);
    if (!url || url->host.empty()) return "";
    const std::string origin = url->origin();
    std::string address = origin + url->target;
    while (address.size() > origin.size() && address.back() == '/') address.pop_back();
    return address;
}

bool may_share_site(const Site& a, const Site& b) {
    if (shares_nothing(a) || shares_nothing(b)) return false;
    return !a.name_prefix->starts_with(*b.name_prefix) && !b.name_prefix->starts_with(*a.name_prefix);
}

bool same_tableau_site(const SiteTarget& a, const SiteTarget& b) {
    const auto key = target_key(a);
    return key && key == target_key(b);
}

std::vector<std::optional<std::size_t>> site_conflicts(const std::vector<SiteTarget>& targets) {
    std::vector<std::optional<std::size_t>> partner(targets.size());
    std::unordered_map<std::string, std::vector<std::size_t>> by_site;
    for (std::size_t i = 0; i < targets.size(); ++i)
        if (auto key = target_key(targets[i])) by_site[std::move(*key)].push_back(i);
    for (const auto& [key, members] : by_site) {
        if (members.size() < 2) continue;
        find_partners(members.begin(), members.end(), true, targets, partner);    // an earlier partner first
        find_partners(members.rbegin(), members.rend(), false, targets, partner); // else a later one
    }
    return partner;
}

} // namespace tabhook::model
