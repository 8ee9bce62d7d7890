#pragma once
// Executes a site's plan through a WriteClient: bounded parallel workers over one shared session,
// replace as create-then-delete, writes never replayed blindly, then a receiver test for every webhook
// the run changed. Continues past a failed operation and reports each outcome.
#include <functional>
#include <string>
#include <vector>

#include "apply/audit_log.hpp"
#include "plan/plan.hpp"
#include "plan/result.hpp"
#include "tableau/client.hpp"
#include "util/stop_token.hpp"

namespace tabhook::apply {

enum class TestMode { changed, all, none };

struct ApplyOptions {
    int parallel = 4;
    TestMode test = TestMode::changed;
    util::StopToken stop{}; // a stop requested (SIGINT/SIGTERM): start nothing new
    AuditLog* audit = nullptr;
    // Told as each operation and receiver test starts and ends, from the workers, concurrently (the
    // callee synchronises), so a caller can show results as they happen. `index` is the change's
    // position in the site plan's changes. Each may be empty.
    std::function<void(const std::string& site, std::size_t index, const plan::Change&)> on_start{};
    std::function<void(const std::string& site, std::size_t index, const plan::Outcome&)> on_outcome{};
    std::function<void(const std::string& site, const std::string& name)> on_test_start{};
    std::function<void(const std::string& site, const plan::TestOutcome&)> on_test{};
};

// `declared` is every declared webhook of the site: `--test all` tests the unchanged ones too, and
// each webhook's `test:` policy comes from it.
plan::SiteResult apply_site(const plan::SitePlan& site_plan, const std::vector<model::Webhook>& declared,
                            tableau::WriteClient& client, const ApplyOptions& options);

// Tests declared webhooks without changing anything (`tabhook test`): the live webhook carrying each
// declared name is tested, under the same policy as after an apply.
std::vector<plan::TestOutcome> test_declared(const std::vector<model::Webhook>& declared,
                                             const model::LiveWebhooks& live, tableau::WriteClient& client,
                                             const ApplyOptions& options);

} // namespace tabhook::apply
