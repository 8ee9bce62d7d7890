#include "daemon/sessions.hpp"

#include <algorithm>

#include "tableau/site_groups.hpp"

namespace tabhook::daemon {

bool same_session(const model::Site& a, const model::Site& b) {
    return a.server == b.server && a.content_url == b.content_url && a.rest_api_version == b.rest_api_version &&
           a.auth == b.auth;
}

std::vector<SharedToken> shared_tokens(const std::vector<model::Site>& sites) {
    std::vector<SharedToken> out;
    for (const auto& group : tableau::session_groups(sites)) {
        if (group.size() < 2) continue;
        SharedToken shared{sites[group.front()].auth.name, {}};
        for (const auto i : group) shared.sites.push_back(sites[i].name);
        out.push_back(std::move(shared));
    }
    return out;
}

void SessionPool::retain(const std::vector<model::Site>& sites) {
    for (auto it = entries_.begin(); it != entries_.end();) {
        const auto match = std::find_if(sites.begin(), sites.end(), [&](const model::Site& s) {
            return s.name == it->first && same_session(s, it->second.site);
        });
        it = match == sites.end() ? entries_.erase(it) : std::next(it);
    }
    for (const auto& s : sites) {
        auto& e = entries_[s.name];
        e.site = s;
    }
}

tableau::ApiResult<tableau::ReadClient*> SessionPool::reader(const model::Site& site) {
    auto& e = entries_.at(site.name);
    if (!e.client) {
        if (write_) {
            auto c = connector_.connect(site);
            if (!c) return tl::unexpected(c.error());
            e.writer = c->get();
            e.client = std::move(*c);
        } else {
            auto c = connector_.connect_read_only(site);
            if (!c) return tl::unexpected(c.error());
            e.client = std::move(*c);
        }
        connects_.fetch_add(1);
    }
    return e.client.get();
}

tableau::ApiResult<tableau::WriteClient*> SessionPool::writer(const model::Site& site) {
    const auto it = entries_.find(site.name);
    if (it == entries_.end() || !it->second.writer) {
        tableau::ApiError e;
        e.kind = tableau::ApiError::Kind::refused;
        e.detail = "no write session";
        return tl::unexpected(std::move(e));
    }
    return it->second.writer;
}

std::size_t SessionPool::size() const {
    std::size_t n = 0;
    for (const auto& [_, e] : entries_) n += e.client ? 1 : 0;
    return n;
}

} // namespace tabhook::daemon
