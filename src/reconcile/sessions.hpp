#pragma once
// Where a site's signed-in client comes from. The CLI signs in afresh for each run (ConnectedSessions);
// the daemon keeps one session per site across cycles (daemon::SessionPool). The observe and execute
// steps take either, so how a site is read and written does not depend on who asks.
#include <map>
#include <memory>
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
};

enum class Access { read_only, write };

// One sign-in per site for one run (plan, drift, export, apply, test), through tableau::connect. With
// Access::write, a site that shares its personal access token with another site that signs in signs out
// once listed (the other's sign-in would end its session anyway) and signs in again in writer().
class ConnectedSessions final : public Sessions {
  public:
    ConnectedSessions(const std::vector<model::Site>& sites, tableau::ClientOptions options, Access access);
    tableau::ApiResult<tableau::ReadClient*> reader(const model::Site& site) override;
    tableau::ApiResult<tableau::WriteClient*> writer(const model::Site& site) override;
    void done_listing(const model::Site& site, bool ok) override;
    void drop(const model::Site& site) override;

  private:
    struct Entry {
        std::unique_ptr<tableau::ReadClient> reader;  // Access::read_only
        std::unique_ptr<tableau::WriteClient> writer; // Access::write
        bool shares_token = false;
        bool reconnect = false; // signed out after listing: writer() signs in again
    };
    tableau::ClientOptions options_;
    Access access_;
    std::map<std::string, Entry> entries_; // by site name, made up front: each thread touches its own
};

} // namespace tabhook::reconcile
