#include <iostream>
#include <memory>

#include "apply/executor.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/exit_code.hpp"
#include "cli/live_report.hpp"
#include "cli/planning.hpp"
#include "report/result_render.hpp"

namespace tabhook::cli {

namespace {

struct TestFlags {
    CommonOptions common;
    int parallel = 4;
};

int run_test(const TestFlags& f) {
    auto loaded = load_desired(f.common);
    if (!loaded.desired) return loaded.exit_code;
    LiveReport live(f.common);
    const auto& interrupted = install_interrupt_handlers();
    const InterruptHooks hooks([&live] { live.stopping(); }, [&live] { live.abandon(); });
    const auto connected = client_options(f.common, &interrupted);
    if (!connected) return kUsage;
    const auto& connect = *connected;
    auto sites = plan_sites(*loaded.desired, connect, {}, Access::write);
    bool site_errors = report_site_errors(sites);
    apply::ApplyOptions options;
    options.parallel = f.parallel;
    options.interrupted = &interrupted;
    live.attach(options);
    plan::Result result;
    result.command = plan::Result::Command::test;
    for (auto& s : sites) {
        plan::SiteResult r;
        r.site = s.site->name;
        r.suspended = s.plan.suspended;
        if (s.ok() && !r.suspended) {
            if (auto* client = writer(s, connect))
                r.tests = apply::test_declared(*s.declared, s.live, *client, options);
            else {
                report_site_error(s);
                site_errors = true;
            }
        }
        r.error = s.error;
        result.sites.push_back(std::move(r));
    }
    live.finish([&] { print_result(result, f.common); });
    if (interrupted.load()) return kInterrupted;
    if (site_errors) return kError;
    return report::count_results(result).required_failed ? kTestFailed : kOk;
}

} // namespace

void register_test(CLI::App& app, CommandResult& result) {
    auto flags = std::make_shared<TestFlags>();
    auto* cmd = app.add_subcommand("test", "Call Tableau's test endpoint for every declared webhook");
    add_common_flags(cmd, flags->common, {"text", "json", "markdown"});
    cmd->add_option("--parallel", flags->parallel, "Tests in flight at once (default 4)")->check(CLI::Range(1, 64));
    cmd->footer("Exit codes: 0 Tableau's test reported 2xx for every required test, 4 some failed (including no "
                "status\nreported), 1 error.\nExamples:\n  tabhook test "
                "webhooks/\n  tabhook test webhooks/ --site production --format markdown");
    cmd->callback([flags, &result] { result.exit_code = run_test(*flags); });
}

} // namespace tabhook::cli
