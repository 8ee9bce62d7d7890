#include "reconcile/sessions.hpp"

#include <algorithm>

#include "tableau/site_groups.hpp"
#include "util/url.hpp"

namespace tabhook::reconcile {

namespace {

tableau::ApiError no_session(const std::string& detail) {
    tableau::ApiError e;
    e.kind = tableau::ApiError::Kind::refused;
    e.detail = detail;
    return e;
}

std::string origin_of(const std::string& server) {
    const auto url = util::parse_url(server);
    return url ? url->origin() : server;
}

} // namespace

ConnectedSessions::ConnectedSessions(const std::vector<model::Site>& sites, tableau::ClientOptions options,
                                     Access access, Note note)
    : options_(std::move(options)), access_(access), note_(std::move(note)) {
    const auto groups = tableau::session_groups(sites);
    slots_.resize(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g) {
        for (const auto i : groups[g]) entries_[sites[i].name].slot = g;
        slots_[g].last = sites[groups[g].back()].name;
    }
}

bool ConnectedSessions::may_switch(const model::Site& from, const model::Site& to) const {
    // One group shares the server and the token's name; a switch also keeps the secret the session signed
    // in with and its API version, so a site that declares others signs in with its own.
    if (from.auth.secret != to.auth.secret || from.rest_api_version != to.rest_api_version) return false;
    const std::lock_guard lock(no_switch_mutex_);
    return no_switch_.count(origin_of(to.server)) == 0;
}

void ConnectedSessions::switch_refused(const model::Site& site, const tableau::ApiError& error) {
    const std::lock_guard lock(no_switch_mutex_);
    if (!no_switch_.insert(origin_of(site.server)).second || !note_) return;
    note_(origin_of(site.server) + " does not offer Switch Site (" + error.message() +
          "): sites that share a personal access token sign in one after another for the rest of this run");
}

tableau::ApiResult<ConnectedSessions::Slot*> ConnectedSessions::move_to(const model::Site& site) {
    Slot& slot = slots_[entries_.at(site.name).slot];
    if (auto* client = slot.client()) {
        if (slot.on.name == site.name) return &slot;
        if (may_switch(slot.on, site)) {
            auto moved = client->switch_site(site);
            if (moved) {
                slot.on = site;
                return &slot;
            }
            using Kind = tableau::ApiError::Kind;
            if (moved.error().kind == Kind::unsupported) switch_refused(site, moved.error());
            // Nothing known of the server (a timeout, a reset): a sign-in would wait as long again.
            if (moved.error().kind == Kind::transport || moved.error().kind == Kind::outcome_unknown)
                return tl::unexpected(std::move(moved.error()));
        }
    }
    // Signs out first: a sign-in with the same token would end the session anyway.
    slot.sign_out();
    if (access_ == Access::read_only) {
        auto client = tableau::connect_read_only(site, options_, deps_);
        if (!client) return tl::unexpected(std::move(client.error()));
        slot.reader = std::move(*client);
    } else {
        auto client = tableau::connect(site, options_, deps_);
        if (!client) return tl::unexpected(std::move(client.error()));
        slot.writer = std::move(*client);
    }
    slot.on = site;
    return &slot;
}

tableau::ApiResult<tableau::ReadClient*> ConnectedSessions::reader(const model::Site& site) {
    auto slot = move_to(site);
    if (!slot) return tl::unexpected(std::move(slot.error()));
    return (*slot)->client();
}

tableau::ApiResult<tableau::WriteClient*> ConnectedSessions::writer(const model::Site& site) {
    if (access_ != Access::write || !entries_.at(site.name).writable)
        return tl::unexpected(no_session("the site was not signed in"));
    auto slot = move_to(site);
    if (!slot) return tl::unexpected(std::move(slot.error()));
    return (*slot)->writer.get();
}

void ConnectedSessions::done_listing(const model::Site& site, bool ok) {
    auto& e = entries_.at(site.name);
    if (access_ == Access::write) {
        e.writable = ok;
        return;
    }
    // A read-only run is done with the group once its last site asked for the list: sign out.
    Slot& slot = slots_[e.slot];
    if (site.name == slot.last) slot.sign_out();
}

void ConnectedSessions::drop(const model::Site& site) {
    auto& e = entries_.at(site.name);
    e.writable = false;
    for (const auto& [name, other] : entries_)
        if (other.slot == e.slot && other.writable) return;
    slots_[e.slot].sign_out(); // no site of the group will be written to
}

bool ConnectedSessions::current(const model::Site& site) const {
    const Slot& slot = slots_[entries_.at(site.name).slot];
    return slot.client() != nullptr && slot.on.name == site.name;
}

} // namespace tabhook::reconcile
