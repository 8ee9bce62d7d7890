#pragma once
// The fake's in-memory Tableau: sites, users, sessions and webhooks behind one mutex. Every public
// method takes the lock and returns copies, so callers never hold references into the store.
#include "api_error.hpp"
#include "profile.hpp"
#include "seed.hpp"
#include "wire.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace fake {

using SteadyClock = std::chrono::steady_clock;

struct Site {
    std::string id;
    std::string name;
    std::string content_url;
};

struct Session {
    std::string token;
    int serial = 0; // 1, 2, … in sign-in order; what the request log shows instead of the token
    std::string site_id;
    std::string site_content_url;
    std::string user_name;
    std::string user_id;
    bool admin = false;
    std::string pat_name; // empty for password sign-in
    SteadyClock::time_point expires;
    std::string created_at;
    std::string ended; // "" while active; "signed out" | "superseded by a new sign-in" | "expired" |
                       // "switched to another site"
};

struct Webhook {
    std::string id;
    std::string site_id;
    std::string name;
    std::string event;   // `event` attribute (canonical)
    std::string element; // webhook-source element
    std::string url;
    bool enabled = true;
    std::string status_change_reason;
    std::string owner_id;
    std::string owner_name;
    std::string created_at;
    std::string updated_at;
};

struct WebhookPatch {
    std::optional<std::string> name;
    std::optional<std::string> event;
    std::optional<std::string> element;
    std::optional<std::string> url;
    std::optional<bool> enabled;
    std::optional<std::string> status_change_reason;
};

class StateStore {
  public:
    // `profile` decides the rows of the assumption matrix the store answers: duplicate names, how an
    // ended or expired token is refused, the answer for an unknown webhook id.
    StateStore(std::chrono::milliseconds token_ttl, const ServerProfile& profile);

    void reset(const Seed& seed);

    Outcome<Session> sign_in(const SignInRequest& req);
    std::optional<ApiError> sign_out(const std::string& token);
    // Switch Site: a new session for the same user (and PAT) on the site `content_url` names, which ends
    // the session of `token`. Errors: the token's own (as authenticate), 403070 when that is the session's
    // site already, 401001 when the site is unknown or the user has no account on it (the session then
    // stays active).
    Outcome<Session> switch_site(const std::string& token, const std::string& content_url);
    // The active session of a token, or 401000 (no token) / the profile's expired-session answer (unknown,
    // ended or expired: 401002 by default).
    Outcome<Session> authenticate(const std::string& token);
    // Makes a token's session expire now (the token-expiry fault). False when the token is unknown.
    bool expire(const std::string& token);
    std::vector<Session> sessions() const;

    // Query User On Site: a user of `site_id` by their id on that site (name and site role).
    struct SiteUser {
        std::string id;
        std::string name;
        std::string site_role;
    };
    std::optional<SiteUser> site_user(const std::string& site_id, const std::string& user_id) const;

    std::vector<Site> sites() const;
    std::optional<Site> site_by_id(const std::string& id) const;
    std::optional<Site> site_by_content_url(const std::string& content_url) const;

    std::vector<Webhook> list(const std::string& site_id) const;
    std::optional<Webhook> get(const std::string& site_id, const std::string& id) const;
    Outcome<Webhook> create(Webhook w);
    Outcome<Webhook> update(const std::string& site_id, const std::string& id, const WebhookPatch& patch);
    bool remove(const std::string& site_id, const std::string& id);

    // Control API: every site's webhooks, and Tableau's own disabling of a webhook.
    std::vector<Webhook> all_webhooks() const;
    std::optional<Webhook> find_webhook(const std::string& id) const;
    std::optional<Webhook> disable(const std::string& id, const std::string& reason);
    // Enabled webhooks of a site subscribed to `event` (canonical name).
    std::vector<Webhook> subscribers(const std::string& site_id, const std::string& event) const;

    std::string new_luid();

  private:
    struct Membership {
        std::string site_id;
        std::string user_id;
        bool admin = false;
        std::string role; // the seed's siteRole
    };
    struct User {
        std::string name;
        std::string password;
        std::vector<SeedPat> pats;
        std::vector<Membership> sites;
    };

    std::string new_luid_locked();
    Outcome<Session*> active_session_locked(const std::string& token);
    std::string new_token_locked(const std::string& site_id);
    const Site* site_by_content_url_locked(const std::string& content_url) const;
    bool name_taken_locked(const std::string& site_id, const std::string& name, const std::string& except_id) const;
    std::string user_id_locked(const std::string& user_name, const std::string& site_id) const;

    mutable std::mutex mutex_;
    std::chrono::milliseconds token_ttl_;
    ServerProfile profile_;
    std::mt19937_64 rng_;
    int next_session_ = 1;
    std::vector<Site> sites_;
    std::vector<User> users_;
    std::vector<Webhook> webhooks_; // in creation order: lists come back oldest first
    std::unordered_map<std::string, Session> sessions_;
};

// Tableau's default reason for a webhook disabled through the API [WD-2020].
inline constexpr const char* kDisabledByUser = "Webhook disabled by user";

} // namespace fake
