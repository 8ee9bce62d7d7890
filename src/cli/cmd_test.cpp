#include <iostream>
#include <memory>

#include "apply/executor.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/exit_code.hpp"
#include "cli/planning.hpp"
#include "cli/write_command.hpp"
#include "reconcile/execute.hpp"
#include "report/result_render.hpp"

namespace tabhook::cli {

namespace {

struct TestFlags {
    CommonOptions common;
    int parallel = apply::kParallelAuto;
};

int run_test(const TestFlags& f) {
    WriteCommand run(f.common);
    if (const int code = run.setup()) return code;
    reconcile::ConnectedSessions sessions(run.desired().sites, run.client(), reconcile::Access::write,
                                          verbose_note(f.common));
    auto sites = reconcile::observe(run.desired(), sessions, {{}, /*skip_suspended=*/true});
    bool site_errors = report_site_errors(sites);
    apply::ApplyOptions options;
    options.parallel = f.parallel;
    options.stop = run.stop();
    run.live().attach(options);
    plan::Result result;
    result.command = plan::Result::Command::test;
    for (auto& s : sites) {
        plan::SiteResult r;
        r.site = s.site->name;
        r.suspended = s.plan->suspended;
        if (s.ok() && !r.suspended) {
            if (auto tests = reconcile::test_site(s, sessions, options)) {
                r.tests = std::move(*tests);
            } else {
                s.error = tests.error();
                report_site_error(s);
                site_errors = true;
            }
        }
        r.error = s.error;
        result.sites.push_back(std::move(r));
    }
    run.live().finish([&] { print_result(result, f.common); });
    if (run.interrupted()) return kInterrupted;
    if (site_errors) return kError;
    return report::count_results(result).required_failed ? kTestFailed : kOk;
}

} // namespace

void register_test(CLI::App& app, CommandResult& result) {
    auto flags = std::make_shared<TestFlags>();
    auto* cmd = app.add_subcommand("test", "Call Tableau's test endpoint for every declared webhook");
    add_common_flags(cmd, flags->common, {"text", "json", "markdown"});
    add_parallel_flag(cmd, flags->parallel, "(receiver tests)");
    cmd->footer("Exit codes: 0 Tableau's test reported 2xx for every required test, 4 some failed (including no "
                "status\nreported), 1 error.\nExamples:\n  tabhook test "
                "webhooks/\n  tabhook test webhooks/ --site production --format markdown");
    cmd->callback([flags, &result] { result.exit_code = run_test(*flags); });
}

} // namespace tabhook::cli
