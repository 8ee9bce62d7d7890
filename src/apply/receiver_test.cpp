#include "apply/receiver_test.hpp"

#include "apply/site_limiter.hpp"
#include "plan/keeper.hpp"
#include "report/result_render.hpp"
#include "util/url.hpp"

namespace tabhook::apply {

namespace {

bool is_2xx(int status) { return status >= 200 && status < 300; }

} // namespace

plan::TestOutcome run_test(const std::string& site, const std::string& name, const std::string& id,
                           const std::string& url, model::TestPolicy policy, tableau::WriteClient& client,
                           const ApplyOptions& options) {
    plan::TestOutcome t{name, id, util::redact_url(url), policy, std::nullopt, 0, false, "", "", ""};
    // One retry on a non-2xx before counting it failed: receivers behind cold starts answer late.
    for (int attempt = 1; attempt <= 2 && !(attempt > 1 && options.stop.stop_requested()); ++attempt) {
        t.attempts = attempt;
        auto r = client.test_webhook(id);
        if (r) {
            t.status = r->status;
            t.body = r->body;
            t.error.clear();
            // No status is no evidence the receiver accepted: a required test fails (product.md: exit 4
            // unless every required test is 2xx). So does Tableau Online's 200 with status "404".
            t.passed = r->status && is_2xx(*r->status);
        } else {
            t.status.reset();
            t.body.clear();
            t.error = r.error().message();
        }
        if (t.passed) break;
    }
    if (options.audit) options.audit->write(AuditEntry{site, "test", name, id, url, t.passed, report::test_answer(t)});
    return t;
}

std::vector<plan::TestOutcome> test_declared(const std::vector<model::Webhook>& declared,
                                             const model::LiveWebhooks& live, tableau::WriteClient& client,
                                             const ApplyOptions& options) {
    struct Target {
        const model::Webhook* declared;
        const model::LiveWebhook* live;
    };
    std::vector<Target> targets;
    for (const auto& d : declared) {
        if (d.test == model::TestPolicy::skip || !d.enabled) continue;
        // The webhook the planner keeps (plan/keeper.hpp) is the one tested.
        std::vector<const model::LiveWebhook*> group;
        for (const auto& l : live)
            if (l.name == d.name) group.push_back(&l);
        targets.push_back(Target{&d, plan::pick_keeper(group, &d)});
    }
    std::vector<plan::TestOutcome> out(targets.size());
    const auto test = [&](std::size_t i) {
        const auto& t = targets[i];
        if (!t.live) {
            out[i] = plan::TestOutcome{t.declared->name,
                                       "",
                                       util::redact_url(t.declared->url),
                                       t.declared->test,
                                       std::nullopt,
                                       0,
                                       false,
                                       "no webhook with this name on the site: run apply first",
                                       "",
                                       ""};
            return;
        }
        // The test request goes to the live webhook's URL: report that one, and say when the manifest differs.
        out[i] =
            run_test(t.declared->site, t.declared->name, t.live->id, t.live->url, t.declared->test, client, options);
        if (util::normalize_url(t.live->url) != util::normalize_url(t.declared->url))
            out[i].declared_url = util::redact_url(t.declared->url);
    };
    SiteLimiter limiter(options.parallel);
    limiter.run(targets.size(), options.stop, [&](std::size_t i) {
        const auto& site = targets[i].declared->site;
        if (options.on_test_start) options.on_test_start(site, targets[i].declared->name);
        test(i);
        if (options.on_test) options.on_test(site, out[i]);
    });
    if (options.on_concurrency && !declared.empty()) options.on_concurrency(declared.front().site, limiter.report());
    return out;
}

} // namespace tabhook::apply
