#include "report/result_render.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/colour.hpp"
#include "util/escape.hpp"

namespace tabhook::report {

namespace {

using nlohmann::json;

std::string url_note(const plan::TestOutcome& t) {
    return fmt::format("tested the live webhook's URL; the manifest declares {}: run apply", t.declared_url);
}

int unread_sites(const plan::Result& r) {
    return static_cast<int>(
        std::count_if(r.sites.begin(), r.sites.end(), [](const auto& s) { return !s.error.empty(); }));
}

} // namespace

std::string test_answer(const plan::TestOutcome& t) {
    if (!t.error.empty()) return t.error;
    const std::string body = t.body.empty() ? "(empty body)" : t.body;
    if (!t.status) return "Tableau's test reported no HTTP status: " + body;
    return fmt::format("Tableau's test reported {}: {}", *t.status, body);
}

std::string test_verdict(const plan::TestOutcome& t) {
    if (t.passed) return "ok";
    return t.policy == model::TestPolicy::required ? "FAILED (required)" : "failed (best-effort: reported only)";
}

std::string past_tense(plan::Action a) {
    switch (a) {
    case plan::Action::create: return "created";
    case plan::Action::replace: return "replaced";
    case plan::Action::update: return "updated";
    case plan::Action::reenable: return "re-enabled";
    case plan::Action::remove: return "deleted";
    }
    return "?";
}

ResultCounts count_results(const plan::Result& r) {
    ResultCounts c;
    for (const auto& s : r.sites) {
        for (const auto& o : s.outcomes) {
            if (o.status == plan::Outcome::Status::done) ++c.done;
            if (o.status == plan::Outcome::Status::failed) ++c.failed;
            if (o.status == plan::Outcome::Status::skipped) ++c.skipped;
        }
        for (const auto& t : s.tests) {
            if (t.passed) {
                ++c.tests_passed;
            } else {
                ++c.tests_failed;
                if (t.policy == model::TestPolicy::required) ++c.required_failed;
            }
        }
    }
    return c;
}

std::string result_summary(const plan::Result& r) {
    const auto c = count_results(r);
    const auto receivers = [](int n) { return fmt::format("{} receiver{}", n, n == 1 ? "" : "s"); };
    const std::string tests = fmt::format("{} reported 2xx by Tableau's test, {} failed ({} of them required)",
                                          receivers(c.tests_passed), c.tests_failed, c.required_failed);
    const int unread = unread_sites(r);
    const std::string unread_note = unread ? fmt::format(" {} site(s) could not be read: nothing was {} there.", unread,
                                                         r.command == plan::Result::Command::test ? "tested" : "done")
                                           : "";
    if (r.command == plan::Result::Command::test) return fmt::format("Receiver tests: {}.{}", tests, unread_note);
    return fmt::format("Apply: {} done, {} failed, {} skipped; {}.{}", c.done, c.failed, c.skipped, tests, unread_note);
}

namespace {

std::string outcome_line(const plan::Outcome& o, const util::Colours& ink) {
    using util::for_terminal;
    const auto& c = o.change;
    std::string line = fmt::format("  {} {}  ", plan::symbol(c.action), for_terminal(c.name));
    switch (o.status) {
    case plan::Outcome::Status::done:
        line += ink.green(past_tense(c.action));
        if (!o.new_id.empty())
            line += fmt::format(" (id {})", for_terminal(o.new_id));
        else if (c.live)
            line += fmt::format(" (id {})", for_terminal(c.live->id));
        break;
    case plan::Outcome::Status::failed:
        line += ink.red(fmt::format("{} failed: {}", plan::to_string(c.action), for_terminal(o.error)));
        break;
    case plan::Outcome::Status::skipped: line += "skipped (not started)"; break;
    }
    line += "\n";
    for (const auto& n : o.notes) line += fmt::format("      # {}\n", for_terminal(n));
    return line;
}

std::string test_line(const plan::TestOutcome& t, const util::Colours& ink) {
    using util::for_terminal;
    const std::string verdict = test_verdict(t);
    std::string line =
        fmt::format("    {}  {}  {}{}  {}\n", for_terminal(t.name), for_terminal(t.url), for_terminal(test_answer(t)),
                    t.attempts > 1 ? fmt::format(" ({} attempts)", t.attempts) : "",
                    t.passed ? ink.green(verdict) : ink.red(verdict));
    if (!t.declared_url.empty()) line += fmt::format("      # {}\n", for_terminal(url_note(t)));
    return line;
}

std::string site_text(const plan::SiteResult& s, const ResultTextOptions& options) {
    const util::Colours ink{options.color};
    std::string body;
    if (!s.error.empty()) body += fmt::format("  error: {}\n", util::for_terminal(s.error));
    for (const auto& o : s.outcomes)
        if (!options.after_live || o.status != plan::Outcome::Status::done) body += outcome_line(o, ink);
    std::string tests;
    for (const auto& t : s.tests)
        if (!options.after_live || !t.passed || !t.declared_url.empty()) tests += test_line(t, ink);
    if (!tests.empty()) body += "  receiver tests:\n" + tests;
    std::string state;
    if (s.suspended) state += "  suspended: left alone";
    if (s.refused) state += "  " + ink.red("refused by a safety brake: nothing applied");
    if (s.interrupted) state += "  " + ink.red("interrupted: operations not started were skipped");
    if (options.after_live && body.empty() && state.empty()) return "";
    return fmt::format("site {}{}\n", util::for_terminal(s.site), state) + body;
}

} // namespace

std::string render_result_text(const plan::Result& r, const ResultTextOptions& options) {
    std::string out;
    for (const auto& s : r.sites) out += site_text(s, options);
    // After the live lines, a blank line sets the end of the run apart from them.
    if (options.after_live) out.insert(0, "\n");
    out += result_summary(r) + "\n";
    return out;
}

std::string render_result_json(const plan::Result& r) {
    json sites = json::array();
    for (const auto& s : r.sites) {
        json outcomes = json::array(), tests = json::array();
        for (const auto& o : s.outcomes)
            outcomes.push_back(json{{"action", plan::to_string(o.change.action)},
                                    {"name", o.change.name},
                                    {"status", plan::to_string(o.status)},
                                    {"id", o.change.live ? json(o.change.live->id) : json(nullptr)},
                                    {"new_id", o.new_id.empty() ? json(nullptr) : json(o.new_id)},
                                    {"notes", o.notes},
                                    {"error", o.error.empty() ? json(nullptr) : json(o.error)}});
        for (const auto& t : s.tests)
            tests.push_back(json{{"name", t.name},
                                 {"id", t.id},
                                 {"url", t.url},
                                 {"policy", model::to_string(t.policy)},
                                 {"status", t.status ? json(*t.status) : json(nullptr)},
                                 {"body", t.body},
                                 {"attempts", t.attempts},
                                 {"passed", t.passed},
                                 {"error", t.error.empty() ? json(nullptr) : json(t.error)},
                                 {"declared_url", t.declared_url.empty() ? json(nullptr) : json(t.declared_url)}});
        sites.push_back(json{{"site", s.site},
                             {"suspended", s.suspended},
                             {"refused", s.refused},
                             {"interrupted", s.interrupted},
                             {"error", s.error.empty() ? json(nullptr) : json(s.error)},
                             {"outcomes", std::move(outcomes)},
                             {"tests", std::move(tests)}});
    }
    const auto c = count_results(r);
    return json{{"format_version", kPlanFormatVersion},
                {"command", r.command == plan::Result::Command::test ? "test" : "apply"},
                {"summary",
                 {{"done", c.done},
                  {"failed", c.failed},
                  {"skipped", c.skipped},
                  {"tests_passed", c.tests_passed},
                  {"tests_failed", c.tests_failed},
                  {"required_tests_failed", c.required_failed},
                  {"unread_sites", unread_sites(r)}}},
                {"sites", std::move(sites)}}
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
}

std::string render_result_markdown(const plan::Result& r) {
    using util::markdown_code, util::markdown_inline;
    const auto c = count_results(r);
    std::string out = r.command == plan::Result::Command::test ? "### tabhook test\n\n" : "### tabhook apply\n\n";
    if (c.failed || c.required_failed)
        out += fmt::format("> [!CAUTION]\n> **{} operation(s) failed, {} required receiver test(s) failed.**\n\n",
                           c.failed, c.required_failed);
    if (const int unread = unread_sites(r))
        out += fmt::format("> [!CAUTION]\n> **{} site(s) could not be read.** See the job's log for the error.\n\n",
                           unread);
    out += "| site | webhook | action | result |\n| --- | --- | --- | --- |\n";
    for (const auto& s : r.sites) {
        const std::string site = markdown_code(s.site);
        if (s.suspended) out += fmt::format("| {} | | | suspended: left alone |\n", site);
        if (s.refused) out += fmt::format("| {} | | | refused by a safety brake |\n", site);
        if (s.interrupted) out += fmt::format("| {} | | | interrupted: operations not started were skipped |\n", site);
        if (!s.error.empty()) out += fmt::format("| {} | | | error: {} |\n", site, markdown_inline(s.error));
        for (const auto& o : s.outcomes)
            out += fmt::format("| {} | {} | {} | {} |\n", site, markdown_code(o.change.name),
                               plan::to_string(o.change.action),
                               o.status == plan::Outcome::Status::failed ? "failed: " + markdown_inline(o.error)
                                                                         : plan::to_string(o.status));
        for (const auto& t : s.tests)
            out += fmt::format("| {} | {} | test | {}: {}{} |\n", site, markdown_code(t.name), test_verdict(t),
                               markdown_inline(test_answer(t)),
                               t.declared_url.empty() ? "" : "; " + markdown_inline(url_note(t)));
    }
    out += "\n" + markdown_inline(result_summary(r)) + "\n";
    return out;
}

} // namespace tabhook::report
