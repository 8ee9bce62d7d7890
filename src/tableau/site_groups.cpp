#include "tableau/site_groups.hpp"

#include <string>
#include <thread>

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

} // namespace

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

void for_each_site(const std::vector<model::Site>& sites, const std::function<void(std::size_t)>& fn) {
    const auto groups = session_groups(sites);
    const auto run_group = [&fn](const std::vector<std::size_t>& group) {
        for (const auto i : group) fn(i);
    };
    std::vector<std::thread> threads;
    for (std::size_t g = 1; g < groups.size(); ++g) threads.emplace_back(run_group, std::cref(groups[g]));
    if (!groups.empty()) run_group(groups.front());
    for (auto& t : threads) t.join();
}

} // namespace tabhook::tableau
