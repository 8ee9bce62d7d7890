#include "reconcile/sessions.hpp"

#include <algorithm>

#include "tableau/site_groups.hpp"

namespace tabhook::reconcile {

namespace {

tableau::ApiError no_session(const std::string& detail) {
    tableau::ApiError e;
    e.kind = tableau::ApiError::Kind::refused;
    e.detail = detail;
    return e;
}

} // namespace

ConnectedSessions::ConnectedSessions(const std::vector<model::Site>& sites, tableau::ClientOptions options,
                                     Access access)
    : options_(std::move(options)), access_(access) {
    // Among the sites that will sign in (apply and test never sign in to a suspended one).
    const auto signs_in = [&](std::size_t i) { return access == Access::read_only || !sites[i].suspend; };
    for (const auto& s : sites) entries_[s.name];
    for (const auto& group : tableau::session_groups(sites))
        if (std::count_if(group.begin(), group.end(), signs_in) > 1)
            for (const auto i : group) entries_[sites[i].name].shares_token = true;
}

tableau::ApiResult<tableau::ReadClient*> ConnectedSessions::reader(const model::Site& site) {
    auto& e = entries_.at(site.name);
    if (access_ == Access::read_only) {
        if (!e.reader) {
            auto client = tableau::connect_read_only(site, options_);
            if (!client) return tl::unexpected(std::move(client.error()));
            e.reader = std::move(*client);
        }
        return e.reader.get();
    }
    if (!e.writer) {
        auto client = tableau::connect(site, options_);
        if (!client) return tl::unexpected(std::move(client.error()));
        e.writer = std::move(*client);
    }
    return e.writer.get();
}

tableau::ApiResult<tableau::WriteClient*> ConnectedSessions::writer(const model::Site& site) {
    auto& e = entries_.at(site.name);
    if (!e.writer && e.reconnect) {
        e.reconnect = false;
        auto client = tableau::connect(site, options_);
        if (!client) return tl::unexpected(std::move(client.error()));
        e.writer = std::move(*client);
    }
    if (!e.writer) return tl::unexpected(no_session("the site was not signed in"));
    return e.writer.get();
}

void ConnectedSessions::done_listing(const model::Site& site, bool ok) {
    auto& e = entries_.at(site.name);
    if (access_ == Access::read_only) {
        e.reader.reset(); // signs out: a read-only run is done with the site once it asked for the list
        return;
    }
    if (!ok || !e.shares_token || !e.writer) return;
    e.writer.reset(); // signs out
    e.reconnect = true;
}

void ConnectedSessions::drop(const model::Site& site) {
    auto& e = entries_.at(site.name);
    e.reader.reset();
    e.writer.reset();
    e.reconnect = false;
}

} // namespace tabhook::reconcile
