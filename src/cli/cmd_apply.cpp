#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "apply/executor.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/exit_code.hpp"
#include "cli/planning.hpp"
#include "cli/write_command.hpp"
#include "reconcile/execute.hpp"
#include "report/plan_render.hpp"
#include "report/result_render.hpp"
#include "report/saved_plan.hpp"
#include "util/escape.hpp"
#include "util/fd.hpp"
#include "util/result.hpp"
#include "util/file_lock.hpp"

namespace tabhook::cli {

namespace {

struct ApplyFlags {
    CommonOptions common;
    plan::PlanOptions plan;
    std::string saved_plan;
    std::string audit_log;
    int parallel = apply::kParallelAuto;
    apply::TestMode test = apply::TestMode::changed;
    std::string lock_timeout = "60s";
};

// Exit code from what happened: the first of 1, 3, 4, 2 wins; an interrupt wins over all.
int exit_code_for(const plan::Result& r, bool site_errors) {
    const auto c = report::count_results(r);
    bool interrupted = false;
    for (const auto& s : r.sites) {
        interrupted = interrupted || s.interrupted;
        site_errors = site_errors || !s.error.empty(); // e.g. a sign-in again before writing that failed
    }
    report::ExitFacts facts;
    facts.interrupted = interrupted;
    facts.error = site_errors || c.failed > 0;
    facts.test_failed = c.required_failed > 0;
    return report::exit_code(facts);
}

// The machine-local lock of every site this apply may write to, taken before any site is read (so a
// run that waited plans what the other left) and held until the process ends. One site at a time, in
// the order of the lock files' names, so two processes needing overlapping sets cannot deadlock.
Result<std::vector<util::FileLock>> lock_sites(const reconcile::DesiredSites& desired,
                                               std::chrono::milliseconds timeout, util::StopToken stop) {
    std::map<std::string, const model::Site*> by_lock; // one lock per Tableau site, however often declared
    for (const auto& site : desired.sites)
        if (!site.suspend) by_lock.emplace(util::site_lock_name(site.server, site.content_url), &site);
    std::vector<util::FileLock> held;
    if (by_lock.empty()) return held;
    const auto dir = util::lock_directory(util::process_env());
    if (!dir) return tl::unexpected(dir.error());
    const util::LockWait wait{timeout, stop,
                              [](const std::string& line) { std::cerr << "tabhook: " << line << std::endl; }};
    for (const auto& [name, site] : by_lock) {
        auto lock = util::lock_site(*dir, site->name, site->server, site->content_url, "tabhook apply", wait);
        if (!lock) return tl::unexpected(lock.error());
        held.push_back(std::move(*lock));
    }
    return held;
}

// A saved plan as written by `plan --out`: a regular file (a symbolic link to one is fine: the user
// named it) of at most report::kMaxSavedPlanBytes, so `--plan /dev/zero` or a FIFO is refused at once
// instead of read until memory runs out or forever.
Result<nlohmann::json> read_saved_plan(const std::string& path) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    const util::UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!file) return fail(util::errno_text(errno));
    struct stat st {};
    if (::fstat(file.get(), &st) != 0) return fail(util::errno_text(errno));
    if (S_ISDIR(st.st_mode)) return fail("it is a directory");
    if (!S_ISREG(st.st_mode)) return fail("it is not a regular file (a saved plan is what plan --out writes)");
    const auto too_big = [] {
        return fail(
            fmt::format("it is larger than {} MiB, more than any saved plan needs", report::kMaxSavedPlanBytes >> 20));
    };
    if (static_cast<std::uint64_t>(st.st_size) > report::kMaxSavedPlanBytes) return too_big();
    // Read in chunks until the end, and stop one byte past the bound: the file may have grown since fstat.
    std::string text;
    text.reserve(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got <= report::kMaxSavedPlanBytes) {
        text.resize(got + std::min<std::size_t>(1 << 20, report::kMaxSavedPlanBytes + 1 - got));
        const ssize_t n = ::read(file.get(), text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(util::errno_text(errno));
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    if (got > report::kMaxSavedPlanBytes) return too_big();
    text.resize(got);
    auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return fail("it is not JSON (a saved plan is what plan --out writes)");
    return doc;
}

// Refuses a saved plan (--plan) that no longer matches what this run planned: 0, or the exit code.
int check_saved_plan(const std::string& path, const plan::Plan& p, const reconcile::DesiredSites& desired,
                     bool site_errors) {
    const auto saved = read_saved_plan(path);
    if (!saved) {
        std::cerr << fmt::format("tabhook: cannot read the saved plan {}: {}; nothing applied\n", path,
                                 saved.error().message);
        return kError;
    }
    if (site_errors) {
        std::cerr << "tabhook: refusing the saved plan: some sites could not be read\n";
        return kError;
    }
    const auto diffs = report::compare_saved_plans(*saved, report::make_saved_plan(p, desired.sites));
    if (diffs.empty()) return kOk;
    std::cerr << "tabhook: refusing the saved plan: it no longer matches the manifests and the sites; nothing "
                 "applied\n";
    for (const auto& d : diffs) std::cerr << "  - " << d << '\n';
    std::cerr << "run tabhook plan again and review the new plan\n";
    return kError;
}

// Refuses a plan a safety brake holds back: 0, or the exit code.
int check_brakes(const plan::Plan& p) {
    if (!p.refused()) return kOk;
    for (const auto& s : p.sites)
        for (const auto& b : s.brakes)
            if (b.triggered && !b.overridden)
                std::cerr << fmt::format("tabhook: refused by safety brake {}: {}\n", b.rule,
                                         util::for_terminal(b.message));
    std::cerr << "tabhook: nothing was applied\n";
    return kRefused;
}

// The --audit-log file, opened for appending (null without the flag); an error on stderr when it cannot be.
Result<std::unique_ptr<apply::AuditLog>> open_audit_log(const std::string& path) {
    if (path.empty()) return std::unique_ptr<apply::AuditLog>();
    auto opened = apply::AuditLog::open(path);
    if (!opened) {
        std::cerr << "tabhook: " << opened.error().message << '\n';
        return tl::unexpected(opened.error());
    }
    if (!(*opened)->warning().empty()) std::cerr << "warning: " << (*opened)->warning() << '\n';
    return std::move(*opened);
}

// The executor's options from the flags, reporting to the live report, which learns how many operations
// the plan holds.
apply::ApplyOptions apply_options(const ApplyFlags& f, WriteCommand& run, apply::AuditLog* audit, const plan::Plan& p) {
    apply::ApplyOptions options;
    options.parallel = f.parallel;
    options.test = f.test;
    options.stop = run.stop();
    options.audit = audit;
    run.live().attach(options);
    std::size_t operations = 0;
    for (const auto& s : p.sites)
        if (!s.suspended && !s.refused()) operations += s.changes.size();
    run.live().expect(operations);
    return options;
}

int run_apply(const ApplyFlags& f) {
    WriteCommand run(f.common);
    if (const int code = run.setup()) return code;
    const auto locks = lock_sites(run.desired(), duration_value(f.lock_timeout), run.stop());
    if (!locks) {
        std::cerr << "tabhook: " << locks.error().message << '\n';
        return run.interrupted() ? kInterrupted : kError;
    }
    reconcile::ConnectedSessions sessions(run.desired().sites, run.client(), reconcile::Access::write,
                                          verbose_note(f.common));
    auto sites = reconcile::observe(run.desired(), sessions, {f.plan, /*skip_suspended=*/true});
    const bool site_errors = report_site_errors(sites);
    const plan::Plan p = reconcile::plan_of(sites);
    // Flushed before the first write: what is about to happen is on record even if the run is killed.
    if (f.common.format == Format::text)
        std::cout << report::render_plan_text(p, {use_color(f.common)}) << '\n' << std::flush;
    if (!f.saved_plan.empty())
        if (const int code = check_saved_plan(f.saved_plan, p, run.desired(), site_errors)) return code;
    if (const int code = check_brakes(p)) return code;
    const auto audit = open_audit_log(f.audit_log);
    if (!audit) return kError;
    const auto options = apply_options(f, run, audit->get(), p);
    const plan::Result result = reconcile::execute(sites, run.desired(), sessions, options);
    run.live().finish([&] { print_result(result, f.common); });
    return exit_code_for(result, site_errors);
}

} // namespace

void register_apply(CLI::App& app, CommandResult& result) {
    auto flags = std::make_shared<ApplyFlags>();
    auto* cmd = app.add_subcommand("apply", "Make the sites match the manifests, then test every webhook that changed");
    add_common_flags(cmd, flags->common, {"text", "json", "markdown"});
    cmd->add_option("--plan", flags->saved_plan,
                    "Execute exactly this saved plan, if the sites and manifests still match it");
    add_parallel_flag(cmd, flags->parallel, "(changes and receiver tests)");
    constexpr std::array<model::Named<apply::TestMode>, 3> tests{
        {{apply::TestMode::changed, "changed"}, {apply::TestMode::all, "all"}, {apply::TestMode::none, "none"}}};
    add_choice<apply::TestMode>(cmd, "--test", flags->test, tests, "Which webhooks to test afterwards");
    add_lock_timeout_flag(cmd, flags->lock_timeout);
    cmd->add_option("--audit-log", flags->audit_log, "Append every write to this file as JSON lines");
    cmd->add_flag("--allow-empty", flags->plan.allow_empty, "Allow pruning a site whose manifests declare no webhooks");
    cmd->add_flag("--allow-mass-delete", flags->plan.allow_mass_delete,
                  "Allow deleting more than half (and more than 3) of a site's managed webhooks");
    cmd->footer("Each outcome is printed as it completes (stdout; stderr with --format json or markdown), with a "
                "progress line on a terminal. Ctrl-C: start nothing new; twice: abandon what is in flight (exit "
                "130).\nExamples:\n  tabhook apply webhooks/\n  tabhook apply webhooks/ --plan plan.json --audit-log "
                "/var/log/tabhook/audit.jsonl");
    cmd->callback([flags, &result] { result.exit_code = run_apply(*flags); });
}

} // namespace tabhook::cli
