#pragma once
// Where a site's signed-in client comes from. The CLI signs in afresh for each run (ConnectedSessions);
// the daemon keeps one session per site across cycles (daemon::SessionPool). The observe and execute
// steps take either, so how a site is read and written does not depend on who asks.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "model/desired.hpp"
#include "tableau/client.hpp"

namespace tabhook::reconcile {

class Sessions {
  public:
    virtual ~Sessions() = default;
    // The site's client, signing in when there is none; the error is the sign-in's. Called from the
    // thread that works on the site (one thread per session group).
    virtual tableau::ApiResult<tableau::ReadClient*> reader(const model::Site& site) = 0;
    // The site's client for writes, signing in again if it was let go; an error when there is none.
    virtual tableau::ApiResult<tableau::WriteClient*> writer(const model::Site& site) = 0;
    // The site's list was asked for (`ok`: and came back): a source that may not keep the session until the
    // writes signs out.
    virtual void done_listing(const model::Site& site, bool ok) {
        (void)site;
        (void)ok;
    }
    // Nothing more is done on the site this run (it was refused): a source may sign out.
    virtual void drop(const model::Site& site) { (void)site; }
    // Whether the site's session is on this site now, so that working on it first needs no switch.
    virtual bool current(const model::Site& site) const {
        (void)site;
        return false;
    }
};

enum class Access { read_only, write };

// The sessions of one run (plan, drift, export, apply, test), through tableau::connect.
//
// Sites that share a personal access token on one server (tableau::session_groups; a PAT holds one
// session, so their sign-ins would end each other's sessions) share ONE session: signed in once, moved from
// site to site with Tableau's Switch Site (tableau::ReadClient::switch_site) and signed out once, when the
// run is done with the group (a read-only run: once the group's last site is listed; a write run: when this
// object goes, after the writes, or once every site of the group was dropped). The group's sites are
// worked on one after another (one session is on one site at a time), groups in parallel.
//
// A server that does not offer Switch Site (403069 as Tableau Cloud is assumed to answer, 405, 404003)
// is remembered for the run and said once through `note`; there, and between sites whose sign-in differs
// otherwise (another secret or pinned API version), the session signs out and signs in to the next site:
// still one session of the token at a time, as before Switch Site was used. A switch refused for another
// reason (an unknown contentUrl: 401001) is followed by a sign-in to that site, so the site's error is
// sign-in's and reads the same whether or not the server switches sites.
class ConnectedSessions final : public Sessions {
  public:
    using Note = std::function<void(const std::string& line)>;
    ConnectedSessions(const std::vector<model::Site>& sites, tableau::ClientOptions options, Access access,
                      Note note = {});
    tableau::ApiResult<tableau::ReadClient*> reader(const model::Site& site) override;
    tableau::ApiResult<tableau::WriteClient*> writer(const model::Site& site) override;
    void done_listing(const model::Site& site, bool ok) override;
    void drop(const model::Site& site) override;
    bool current(const model::Site& site) const override;
    // The collaborators every sign-in uses (tableau::ClientDeps; default: the real ones). Tests pass a
    // recording transport. Before the first reader().
    void use_deps(tableau::ClientDeps deps) { deps_ = std::move(deps); }

  private:
    struct Slot {                                     // the session of one session group
        std::unique_ptr<tableau::ReadClient> reader;  // Access::read_only
        std::unique_ptr<tableau::WriteClient> writer; // Access::write
        model::Site on;                               // the site it is signed in or switched to
        std::string last;                             // the name of the group's last site
        tableau::ReadClient* client() const { return writer ? writer.get() : reader.get(); }
        void sign_out() {
            reader.reset();
            writer.reset();
        }
    };
    struct Entry {
        std::size_t slot = 0;
        bool writable = false; // Access::write: listed, and not dropped
    };
    // Moves the site's slot to the site: nothing, a switch, or a sign-in.
    tableau::ApiResult<Slot*> move_to(const model::Site& site);
    bool may_switch(const model::Site& from, const model::Site& to) const;
    void switch_refused(const model::Site& site, const tableau::ApiError& error);

    tableau::ClientOptions options_;
    Access access_;
    Note note_;
    tableau::ClientDeps deps_;
    std::vector<Slot> slots_;              // one per session group; each group's thread touches its own
    std::map<std::string, Entry> entries_; // by site name, made up front
    mutable std::mutex no_switch_mutex_;
    std::set<std::string> no_switch_; // server origins that refused Switch Site this run
};

} // namespace tabhook::reconcile
