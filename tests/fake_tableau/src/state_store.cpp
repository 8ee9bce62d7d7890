#include "state_store.hpp"

#include "support.hpp"

#include <algorithm>

namespace fake {

namespace {

ApiError signin_error(std::string detail = "Error signing in to Tableau Server") {
    return {401, "401001", "Signin Error", std::move(detail)}; // fixture auth_sign_in_error.xml
}

// A token that is unknown, signed out, superseded or expired. Which answer a real server gives is a row of
// the assumption matrix (--expired-session): 401002 (documented for ended sessions, H-SRV), 401000 (seen
// for expired ones, KB-401), or 403 with a Tableau error body (reported in KB-401; the code is unknown:
// 403000 is assumed, the same code the fake gives a non-administrator, so a client cannot tell the two
// apart by code — the hardest case for it).
ApiError ended_session(ExpiredSession mode) {
    switch (mode) {
    case ExpiredSession::code_401002: break;
    case ExpiredSession::code_401000:
        return {401, "401000", "Unauthorized Access", "Authentication token is missing or has expired."};
    case ExpiredSession::forbidden_403: return {403, "403000", "Forbidden", "The session has ended or expired."};
    }
    return {401, "401002", "Unauthorized Access", "Invalid authentication credentials were provided."};
}

// Duplicate names: whether Tableau refuses them, and how, is UNCONFIRMED (tableau-api.md §1.5), so it is a
// row of the assumption matrix (--duplicate-names). refuse-409 answers 409 + 409050 (Tableau's
// status×1000+sub-code scheme); refuse-400 answers 400 + 400009, a code chosen because no client knows it
// (assumed). `allow` never calls this.
ApiError duplicate_name(const std::string& name, DuplicateNames mode) {
    const std::string detail = "A webhook named '" + name + "' already exists on this site.";
    if (mode == DuplicateNames::refuse_400) return {400, "400009", "Bad Request", detail};
    return {409, "409050", "Conflict", detail};
}

} // namespace

StateStore::StateStore(std::chrono::milliseconds token_ttl, const ServerProfile& profile)
    : token_ttl_(token_ttl), profile_(profile), rng_(std::random_device{}()) {}

std::string StateStore::new_luid_locked() {
    const std::uint64_t hi = rng_();
    return luid_from_bits(hi, rng_());
}

std::string StateStore::new_luid() {
    std::lock_guard lock(mutex_);
    return new_luid_locked();
}

std::string StateStore::new_token_locked(const std::string& site_id) {
    // Real tokens look like <22 chars>|<32 chars>|<site-luid> (tableau-api.md §6.1).
    static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    auto chunk = [&](std::size_t n) {
        std::string s;
        for (std::size_t i = 0; i < n; ++i) s += alphabet[rng_() % alphabet.size()];
        return s;
    };
    std::string first = chunk(22);
    return first + "|" + chunk(32) + "|" + site_id;
}

void StateStore::reset(const Seed& seed) {
    std::lock_guard lock(mutex_);
    sites_.clear();
    users_.clear();
    webhooks_.clear();
    sessions_.clear();
    next_session_ = 1;
    for (const auto& s : seed.sites) sites_.push_back({s.id, s.name, s.content_url});
    for (const auto& u : seed.users) {
        User user{u.name, u.password, u.pats, {}};
        for (const auto& m : u.sites)
            if (const Site* site = site_by_content_url_locked(m.site))
                user.sites.push_back({site->id, m.user_id, is_admin_role(m.role), m.role});
        users_.push_back(std::move(user));
    }
    const std::string now = iso8601_now();
    for (const auto& w : seed.webhooks) {
        const Site* site = site_by_content_url_locked(w.site);
        if (!site) continue; // parse_seed checked this
        Webhook hook{w.id.empty() ? new_luid_locked() : w.id,
                     site->id,
                     w.name,
                     w.event,
                     w.element,
                     w.url,
                     w.enabled,
                     w.status_change_reason,
                     user_id_locked(w.owner, site->id),
                     w.owner,
                     now,
                     now};
        webhooks_.push_back(std::move(hook));
    }
}

const Site* StateStore::site_by_content_url_locked(const std::string& content_url) const {
    // contentUrl matching is case-insensitive (assumed).
    for (const auto& s : sites_)
        if (iequals(s.content_url, content_url)) return &s;
    return nullptr;
}

std::optional<StateStore::SiteUser> StateStore::site_user(const std::string& site_id,
                                                          const std::string& user_id) const {
    std::lock_guard lock(mutex_);
    for (const auto& u : users_)
        for (const auto& m : u.sites)
            if (m.site_id == site_id && m.user_id == user_id) return SiteUser{m.user_id, u.name, m.role};
    return std::nullopt;
}

std::string StateStore::user_id_locked(const std::string& user_name, const std::string& site_id) const {
    for (const auto& u : users_)
        if (u.name == user_name)
            for (const auto& m : u.sites)
                if (m.site_id == site_id) return m.user_id;
    return {};
}

Outcome<Session> StateStore::sign_in(const SignInRequest& req) {
    const bool password_given = req.name || req.password;
    const bool pat_given = req.pat_name || req.pat_secret;
    if (password_given && pat_given) // fixture auth_sign_in_multiple_credentials_error.xml
        return ApiError{400, "400000", "Bad Request",
                        "Please provide either name and password or clientId and personalAccessToken."};
    if (req.jwt) return signin_error("Connected-app (JWT) sign-in is not emulated by fake-tableau.");
    if (req.impersonate) {
        if (pat_given) // fixture auth_sign_in_impersonate_error.xml
            return signin_error("Impersonation is not supported when using Personal Access Tokens.");
        return signin_error("Impersonation is not emulated by fake-tableau.");
    }
    if (!password_given && !pat_given) return signin_error();

    std::lock_guard lock(mutex_);
    const Site* site = site_by_content_url_locked(req.site_content_url.value_or(""));
    if (!site) return signin_error();
    const User* user = nullptr;
    for (const auto& u : users_) {
        if (password_given) {
            if (req.name && req.password && u.name == *req.name && !u.password.empty() && u.password == *req.password)
                user = &u;
        } else {
            for (const auto& p : u.pats)
                if (req.pat_name && req.pat_secret && p.name == *req.pat_name && p.secret == *req.pat_secret) user = &u;
        }
        if (user) break;
    }
    if (!user) return signin_error();
    const auto membership = std::find_if(user->sites.begin(), user->sites.end(),
                                         [&](const Membership& m) { return m.site_id == site->id; });
    if (membership == user->sites.end()) return signin_error();

    if (pat_given) { // one session per PAT: a new sign-in ends the earlier one (tableau-api.md §6.2)
        for (auto& [token, s] : sessions_)
            if (s.user_name == user->name && s.pat_name == *req.pat_name && s.ended.empty())
                s.ended = "superseded by a new sign-in";
    }
    Session s;
    s.token = new_token_locked(site->id);
    s.serial = next_session_++;
    s.site_id = site->id;
    s.site_content_url = site->content_url;
    s.user_name = user->name;
    s.user_id = membership->user_id;
    s.admin = membership->admin;
    s.pat_name = pat_given ? *req.pat_name : "";
    s.expires = SteadyClock::now() + token_ttl_;
    s.created_at = iso8601_now();
    sessions_[s.token] = s;
    return s;
}

std::optional<ApiError> StateStore::sign_out(const std::string& token) {
    if (token.empty())
        return ApiError{401, "401000", "Unauthorized Access", "No authentication credentials were provided."};
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(token);
    if (it == sessions_.end() || !it->second.ended.empty()) return ended_session(profile_.expired_session);
    if (SteadyClock::now() >= it->second.expires) {
        it->second.ended = "expired";
        return ended_session(profile_.expired_session);
    }
    it->second.ended = "signed out";
    return std::nullopt;
}

Outcome<Session*> StateStore::active_session_locked(const std::string& token) {
    if (token.empty())
        return ApiError{401, "401000", "Unauthorized Access", "No authentication credentials were provided."};
    const auto it = sessions_.find(token);
    if (it == sessions_.end()) return ended_session(profile_.expired_session);
    Session& s = it->second;
    if (s.ended.empty() && SteadyClock::now() >= s.expires) s.ended = "expired";
    if (!s.ended.empty()) return ended_session(profile_.expired_session);
    return &s;
}

Outcome<Session> StateStore::authenticate(const std::string& token) {
    std::lock_guard lock(mutex_);
    auto found = active_session_locked(token);
    if (const auto* e = error_of(found)) return *e;
    return *value_of(found);
}

// Switch Site [TSC auth_endpoint.py, TP-PM; tableau-api.md §6.2]. What is documented: the body, API 2.6+,
// new credentials in sign-in's shape, and 403070 for the site already signed in to. Assumed (UNCONFIRMED):
// - the old token is ended by the switch ("switched to another site"), as a new PAT sign-in ends the
//   earlier session; a server that kept it alive would only be more lenient;
// - an unknown site, or one where the user has no account, is 401 / 401001 "Signin Error", the answer
//   sign-in gives for the same causes; the old session stays active after any refused switch;
// - the new session gets a full lifetime (--token-ttl) from the switch, like a sign-in.
Outcome<Session> StateStore::switch_site(const std::string& token, const std::string& content_url) {
    std::lock_guard lock(mutex_);
    auto found = active_session_locked(token);
    if (const auto* e = error_of(found)) return *e;
    Session& old = *value_of(found);
    const Site* site = site_by_content_url_locked(content_url);
    if (site && site->id == old.site_id)
        return ApiError{403, "403070", "Forbidden", "The session is already signed in to this site."};
    const auto user =
        std::find_if(users_.begin(), users_.end(), [&](const User& u) { return u.name == old.user_name; });
    const Membership* membership = nullptr;
    if (site && user != users_.end())
        for (const auto& m : user->sites)
            if (m.site_id == site->id) membership = &m;
    if (!membership)
        return signin_error("Switch site error: the site does not exist or the user has no account on it.");
    Session s;
    s.token = new_token_locked(site->id);
    s.serial = next_session_++;
    s.site_id = site->id;
    s.site_content_url = site->content_url;
    s.user_name = old.user_name;
    s.user_id = membership->user_id;
    s.admin = membership->admin;
    s.pat_name = old.pat_name;
    s.expires = SteadyClock::now() + token_ttl_;
    s.created_at = iso8601_now();
    old.ended = "switched to another site"; // `old` is not touched after the insertion below
    sessions_[s.token] = s;
    return s;
}

bool StateStore::expire(const std::string& token) {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(token);
    if (it == sessions_.end()) return false;
    it->second.expires = SteadyClock::now();
    if (it->second.ended.empty()) it->second.ended = "expired";
    return true;
}

std::vector<Session> StateStore::sessions() const {
    std::lock_guard lock(mutex_);
    std::vector<Session> out;
    for (const auto& [token, s] : sessions_) {
        Session copy = s;
        if (copy.ended.empty() && SteadyClock::now() >= copy.expires) copy.ended = "expired";
        out.push_back(std::move(copy));
    }
    std::sort(out.begin(), out.end(), [](const Session& a, const Session& b) { return a.serial < b.serial; });
    return out;
}

std::vector<Site> StateStore::sites() const {
    std::lock_guard lock(mutex_);
    return sites_;
}

std::optional<Site> StateStore::site_by_id(const std::string& id) const {
    std::lock_guard lock(mutex_);
    for (const auto& s : sites_)
        if (s.id == id) return s;
    return std::nullopt;
}

std::optional<Site> StateStore::site_by_content_url(const std::string& content_url) const {
    std::lock_guard lock(mutex_);
    const Site* s = site_by_content_url_locked(content_url);
    return s ? std::optional<Site>(*s) : std::nullopt;
}

std::vector<Webhook> StateStore::list(const std::string& site_id) const {
    std::lock_guard lock(mutex_);
    std::vector<Webhook> out;
    for (const auto& w : webhooks_)
        if (w.site_id == site_id) out.push_back(w);
    return out;
}

std::optional<Webhook> StateStore::get(const std::string& site_id, const std::string& id) const {
    std::lock_guard lock(mutex_);
    for (const auto& w : webhooks_)
        if (w.site_id == site_id && w.id == id) return w;
    return std::nullopt;
}

bool StateStore::name_taken_locked(const std::string& site_id, const std::string& name,
                                   const std::string& except_id) const {
    return std::any_of(webhooks_.begin(), webhooks_.end(),
                       [&](const Webhook& w) { return w.site_id == site_id && w.name == name && w.id != except_id; });
}

Outcome<Webhook> StateStore::create(Webhook w) {
    std::lock_guard lock(mutex_);
    if (profile_.duplicate_names != DuplicateNames::allow && name_taken_locked(w.site_id, w.name, ""))
        return duplicate_name(w.name, profile_.duplicate_names);
    w.id = new_luid_locked();
    w.created_at = w.updated_at = iso8601_now();
    webhooks_.push_back(w);
    return w;
}

Outcome<Webhook> StateStore::update(const std::string& site_id, const std::string& id, const WebhookPatch& patch) {
    std::lock_guard lock(mutex_);
    const auto it = std::find_if(webhooks_.begin(), webhooks_.end(),
                                 [&](const Webhook& w) { return w.site_id == site_id && w.id == id; });
    if (it == webhooks_.end()) return webhook_not_found(id, profile_.unknown_webhook);
    Webhook w = *it;
    if (patch.name) {
        if (profile_.duplicate_names != DuplicateNames::allow && name_taken_locked(site_id, *patch.name, id))
            return duplicate_name(*patch.name, profile_.duplicate_names);
        w.name = *patch.name;
    }
    if (patch.event) w.event = *patch.event;
    if (patch.element) w.element = *patch.element;
    if (patch.url) w.url = *patch.url;
    // isEnabled/statusChangeReason rules [WD-2020]: enabled + a non-empty reason is 400127; disabling
    // without a reason stores "Webhook disabled by user"; enabling clears the reason.
    const bool enabled = patch.enabled.value_or(w.enabled);
    const std::string reason = patch.status_change_reason.value_or("");
    if (enabled && !reason.empty())
        return ApiError{400, "400127", "Bad Request",
                        "statusChangeReason can only be set when the webhook is disabled (isEnabled=false)."};
    if (!enabled) {
        if (patch.status_change_reason && !reason.empty())
            w.status_change_reason = reason;
        else if (patch.enabled || w.status_change_reason.empty())
            w.status_change_reason = kDisabledByUser;
    } else {
        w.status_change_reason.clear();
    }
    w.enabled = enabled;
    w.updated_at = iso8601_now();
    *it = w;
    return w;
}

bool StateStore::remove(const std::string& site_id, const std::string& id) {
    std::lock_guard lock(mutex_);
    const auto before = webhooks_.size();
    std::erase_if(webhooks_, [&](const Webhook& w) { return w.site_id == site_id && w.id == id; });
    return webhooks_.size() != before;
}

std::vector<Webhook> StateStore::all_webhooks() const {
    std::lock_guard lock(mutex_);
    return webhooks_;
}

std::optional<Webhook> StateStore::find_webhook(const std::string& id) const {
    std::lock_guard lock(mutex_);
    for (const auto& w : webhooks_)
        if (w.id == id) return w;
    return std::nullopt;
}

std::optional<Webhook> StateStore::disable(const std::string& id, const std::string& reason) {
    std::lock_guard lock(mutex_);
    for (auto& w : webhooks_)
        if (w.id == id) {
            w.enabled = false;
            w.status_change_reason = reason;
            w.updated_at = iso8601_now();
            return w;
        }
    return std::nullopt;
}

std::vector<Webhook> StateStore::subscribers(const std::string& site_id, const std::string& event) const {
    std::lock_guard lock(mutex_);
    std::vector<Webhook> out;
    for (const auto& w : webhooks_)
        if (w.site_id == site_id && w.enabled && w.event == event) out.push_back(w);
    return out;
}

} // namespace fake
