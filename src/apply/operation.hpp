#pragma once
// One planned change carried out on a site through a WriteClient: create, update (a replace where the
// server has no in-place update), delete, and replace as create-then-delete (delete-then-create, with the
// old webhook restored on failure, where the server refuses the duplicate name). A write whose answer was
// lost is never sent again blindly: the site is listed and what it shows decides. Each write is recorded in
// the audit log; the outcome says what happened, with notes on every detour.
#include <optional>
#include <set>
#include <string>

#include "apply/audit_log.hpp"
#include "plan/plan.hpp"
#include "plan/result.hpp"
#include "tableau/client.hpp"

namespace tabhook::apply {

class Operation {
  public:
    // `known_ids`: every id the site had when planned (a webhook with a declared name and an id outside it
    // was created during this run). `audit_detail`: recorded with each successful write (why it was made,
    // when the plan does not say). `audit` may be null.
    Operation(std::string site, const std::set<std::string>& known_ids, tableau::WriteClient& client, AuditLog* audit,
              std::string audit_detail = "")
        : site_(std::move(site)), known_ids_(known_ids), client_(client), audit_(audit),
          audit_detail_(std::move(audit_detail)) {}

    plan::Outcome run(const plan::Change& change);

  private:
    void audit(const std::string& action, const std::string& name, const std::string& id, const std::string& url,
               bool ok, const std::string& detail);
    void fail(plan::Outcome& out, const std::string& what);
    std::optional<model::LiveWebhook> find_created(const model::Webhook& d);
    bool create(const model::Webhook& d, plan::Outcome& out);
    std::optional<bool> still_listed(const std::string& id);
    bool remove(const std::string& id, const std::string& name, const std::string& url, plan::Outcome& out);
    void replace(const plan::Change& c, plan::Outcome& out);
    void update(const plan::Change& c, plan::Outcome& out);

    std::string site_;
    const std::set<std::string>& known_ids_;
    tableau::WriteClient& client_;
    AuditLog* audit_;
    std::optional<tableau::ApiError> last_error_; // the last create's error
    std::string audit_detail_;
};

} // namespace tabhook::apply
