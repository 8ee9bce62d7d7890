#pragma once
// One signed-in client per site, kept across cycles: an idle cycle costs one list request per site. A
// site's client is replaced only when what it signs in with changes (server, contentUrl, pinned API
// version, credentials); an ended session is renewed by the client itself. Dropping a client signs out.
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/desired.hpp"
#include "reconcile/sessions.hpp"
#include "tableau/client.hpp"

namespace tabhook::daemon {

// How clients are made: the real one signs in through tableau::connect; tests hand out fakes.
class Connector {
  public:
    virtual ~Connector() = default;
    virtual tableau::ApiResult<std::unique_ptr<tableau::ReadClient>> connect_read_only(const model::Site& site) = 0;
    virtual tableau::ApiResult<std::unique_ptr<tableau::WriteClient>> connect(const model::Site& site) = 0;
};

// Whether two declarations of a site sign in the same way (so a session can be kept).
bool same_session(const model::Site& a, const model::Site& b);

// Sites on one server signing in with the same personal access token (tableau::session_groups): a cycle
// works on them one after another, but their kept sessions still end each other every cycle. One entry
// per shared token: the sites' names.
struct SharedToken {
    std::string token_name;
    std::vector<std::string> sites;
};
std::vector<SharedToken> shared_tokens(const std::vector<model::Site>& sites);

class SessionPool final : public reconcile::Sessions {
  public:
    SessionPool(Connector& connector, bool write) : connector_(connector), write_(write) {}

    // Drops the clients of sites not in `sites` and of sites whose sign-in changed. Not thread-safe; call
    // before the per-site work of a cycle.
    void retain(const std::vector<model::Site>& sites);

    // The site's client, signing in when there is none. Thread-safe across different sites (after
    // retain()). The error is the sign-in's.
    tableau::ApiResult<tableau::ReadClient*> reader(const model::Site& site) override;
    // An error in observe mode, and for a site not signed in.
    tableau::ApiResult<tableau::WriteClient*> writer(const model::Site& site) override;

    // Signs out of every site.
    void clear() { entries_.clear(); }
    std::size_t size() const;
    int connects() const { return connects_.load(); }

  private:
    struct Entry {
        model::Site site;
        std::unique_ptr<tableau::ReadClient> client;
        tableau::WriteClient* writer = nullptr;
    };
    Connector& connector_;
    bool write_;
    std::map<std::string, Entry> entries_;
    std::atomic<int> connects_{0}; // sign-ins through connect(): for tests
};

} // namespace tabhook::daemon
