// Text a server (or another site admin) chose reaches every output escaped for it: it cannot move the
// terminal's cursor, forge a summary line, close a markdown code fence or the <details> around it, or
// become HTML; JSON carries it exactly.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support.hpp"
#include "plan/planner.hpp"
#include "report/drift_render.hpp"
#include "report/plan_render.hpp"
#include "report/result_render.hpp"

using namespace tabhook;

namespace {

const std::string kSelf = "user-self";
const std::string kForgedPlan = "Plan: 0 to create, 0 to replace, 0 to update, 0 to delete.";
// What a site admin can put in a disabled webhook's statusChangeReason: it closes the diff fence and the
// <details> of a PR comment, then prints its own verdict.
const std::string kReason =
    "failed\n```\n\n</details>\n\n**safe to merge** " + kForgedPlan + "\n<details><summary>x</summary>\n\n```diff\n";
// A webhook name that erases the line before it and prints a plan of its own.
const std::string kEraser = "x\x1b[2K\x1b[1A\r" + kForgedPlan + "\nNo changes.";
const std::string kBidi = "gitops-\xe2\x80\xae"
                          "fdp";
const std::string kTicks = "gitops-````-x";
const std::string kOwner = "mal|lory *x* <img src=x onerror=alert(1)>\n+ create trusted";
const std::string kEvent = "webhook-source-event-x\n- note: all good\n```";

plan::Plan hostile_plan() {
    const model::Site s = marketing_site();
    const std::vector<model::Webhook> declared{
        wh("gitops-off", tabhook::model::Event("WorkbookRefreshFailed"), "https://relay.example.com/off"),
        wh("gitops-taken", tabhook::model::Event("WorkbookCreated"), "https://relay.example.com/taken-v2"),
        wh(kTicks, tabhook::model::Event("WorkbookCreated"), "https://relay.example.com/ticks"),
    };
    const model::LiveWebhooks l{
        live("11111111-aaaa", "gitops-off", tabhook::model::Event("WorkbookRefreshFailed"),
             "https://relay.example.com/off", false, kReason, kSelf, "admin"),
        live("22222222-bbbb", "gitops-taken", tabhook::model::Event("WorkbookCreated"),
             "https://relay.example.com/taken", true, "", "user-mallory", kOwner),
        live("33333333-cccc", kEraser, kEvent, "https://other.example.com/x", true, "", "user-mallory", kOwner),
        live("44444444-dddd\n+ create", kBidi, tabhook::model::Event("WorkbookDeleted"),
             "https://relay.example.com/stale", true, "", kSelf, "admin"),
    };
    plan::Plan p;
    p.sites.push_back(plan::plan_site(s, declared, l, plan::SiteContext{kSelf, "3.24"}, {}));
    plan::SitePlan unread = plan::site_header(s, {});
    unread.site = "broken";
    unread.error = "POST /api/3.24/auth/signin: 401001 " + kEraser;
    p.sites.push_back(std::move(unread));
    return p;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// The `|` that separate table cells: those not escaped by an odd number of backslashes.
int cell_separators(const std::string& line) {
    int n = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] != '|') continue;
        std::size_t slashes = 0;
        while (slashes < i && line[i - 1 - slashes] == '\\') ++slashes;
        if (slashes % 2 == 0) ++n;
    }
    return n;
}

std::string trim_left(const std::string& s) { return s.substr(std::min(s.find_first_not_of(' '), s.size())); }

// No line of terminal output was written by the server: none starts with a forged verdict, and no control
// byte (ESC, CR, the 8-bit CSI) or bidi override is left for the terminal to obey.
void check_terminal_output(const std::string& out) {
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\r') == std::string::npos);
    CHECK(out.find("\xe2\x80\xae") == std::string::npos);
    for (const auto& line : lines_of(out)) {
        INFO(line);
        CHECK_FALSE(trim_left(line).starts_with(kForgedPlan));
        CHECK(trim_left(line) != "No changes.");
        CHECK_FALSE(trim_left(line).starts_with("+ create"));
    }
}

// Markdown: outside code fences no server text is markup or HTML; a fence closes only where tabhook
// closes it; `</details>` closes only the blocks tabhook opened.
void check_markdown(const std::string& md) {
    std::string fence;
    int opened = 0, closed = 0, fences = 0;
    for (const auto& line : lines_of(md)) {
        INFO(line);
        if (!fence.empty()) {
            // CommonMark: a closing fence is at least as long as the opening one and holds nothing else.
            const std::string t = trim_left(line);
            if (t.starts_with(fence) && t.find_first_not_of('`') == std::string::npos) {
                fence.clear();
                continue;
            }
            CHECK((line.starts_with("+ ") || line.starts_with("- ") || line.starts_with("! ") ||
                   line.starts_with("#   ")));
            continue;
        }
        if (line.starts_with("```")) {
            fence = line.substr(0, line.find_first_not_of('`'));
            CHECK(line.substr(fence.size()) == "diff");
            ++fences;
            continue;
        }
        if (line.starts_with("<details><summary>")) ++opened;
        if (line.find("</details>") != std::string::npos) {
            CHECK(line == "</details>");
            ++closed;
        }
        CHECK_FALSE(trim_left(line).starts_with("**safe to merge"));
        CHECK(line.find("<img") == std::string::npos);
        CHECK(line != "No changes.");
    }
    CHECK(fence.empty());
    CHECK(fences == opened);
    CHECK(opened == closed);
}

} // namespace

TEST_CASE("report: hostile names and reasons in a text plan stay on their own lines, escaped", "[report][hostile]") {
    const auto p = hostile_plan();
    const std::string out = report::render_plan_text(p, {});
    check_terminal_output(out);
    CHECK(out.find("x\\x1b[2K\\x1b[1A\\rPlan: 0 to create") != std::string::npos);
    CHECK(out.find("gitops-\\u202efdp") != std::string::npos);
    check_golden("hostile.txt", out);
}

TEST_CASE("report: in colour, every escape sequence in a text plan is tabhook's own", "[report][hostile]") {
    const std::string out = report::render_plan_text(hostile_plan(), {true});
    for (std::size_t i = out.find('\x1b'); i != std::string::npos; i = out.find('\x1b', i + 1)) {
        const std::size_t m = out.find('m', i);
        REQUIRE(m != std::string::npos);
        const std::string seq = out.substr(i + 1, m - i - 1);
        INFO(seq);
        CHECK(seq.find_first_not_of("[0123456789;") == std::string::npos);
    }
}

TEST_CASE("report: a hostile disable reason cannot close the markdown plan's fence or details", "[report][hostile]") {
    const std::string md = report::render_plan_markdown(hostile_plan());
    check_markdown(md);
    // The name with four backticks is inside a fence of five.
    CHECK(md.find("`````diff\n") != std::string::npos);
    check_golden("hostile.md", md);
}

TEST_CASE("report: hostile strings reach JSON exactly, escaped once", "[report][hostile]") {
    const std::string out = report::render_plan_json(hostile_plan());
    const auto doc = nlohmann::json::parse(out);
    CHECK(out.find('\x1b') == std::string::npos); // JSON escapes control characters itself (\u001b)
    bool reason = false, eraser = false, owner = false;
    for (const auto& c : doc["sites"][0]["changes"])
        if (c["before"].is_object()) {
            reason = reason || c["before"]["status_change_reason"] == kReason;
            owner = owner || c["before"]["owner"]["name"] == kOwner;
        }
    for (const auto& u : doc["sites"][0]["unmanaged"]) eraser = eraser || u["name"] == kEraser;
    CHECK(reason);
    CHECK(owner);
    CHECK(eraser);
    check_golden("hostile.json", out);
}

TEST_CASE("report: hostile strings in drift reports are escaped", "[report][hostile]") {
    const auto p = hostile_plan();
    check_terminal_output(report::render_drift_text(p, {}, {}));
    const std::string md = report::render_drift_markdown(p, {});
    CHECK(md.find("</details>") == std::string::npos);
    CHECK(md.find("<img") == std::string::npos);
    for (const auto& line : lines_of(md)) {
        INFO(line);
        CHECK_FALSE(line.starts_with("**safe to merge"));
        if (line.starts_with("| ")) CHECK(cell_separators(line) == 5); // four columns, whatever the text
    }
    const auto doc = nlohmann::json::parse(report::render_drift_json(p, {}));
    CHECK(doc["sites"][0]["unmanaged"][0]["name"] == kEraser);
}

TEST_CASE("report: hostile strings in apply and test results are escaped", "[report][hostile]") {
    plan::Result r;
    r.command = plan::Result::Command::apply;
    plan::SiteResult s;
    s.site = "marketing";
    plan::Outcome o;
    o.change.action = plan::Action::remove;
    o.change.name = kEraser;
    o.status = plan::Outcome::Status::failed;
    o.error = "DELETE: 500 " + kReason;
    o.notes = {kReason};
    s.outcomes.push_back(o);
    s.tests.push_back(plan::TestOutcome{kBidi, "id", "https://relay.example.com/…#1a5d1803",
                                        model::TestPolicy::required, 0, 1, false, "400: " + kReason, "", kReason});
    r.sites.push_back(s);
    check_terminal_output(report::render_result_text(r, {}));
    const std::string md = report::render_result_markdown(r);
    CHECK(md.find("</details>") == std::string::npos);
    CHECK(md.find("```") == std::string::npos);
    for (const auto& line : lines_of(md))
        if (line.starts_with("| ")) CHECK(cell_separators(line) == 5);
    for (const auto& line : lines_of(md)) {
        INFO(line);
        CHECK_FALSE(line.starts_with("**safe to merge"));
        CHECK_FALSE(line.starts_with(kForgedPlan));
    }
    const auto doc = nlohmann::json::parse(report::render_result_json(r));
    CHECK(doc["sites"][0]["outcomes"][0]["name"] == kEraser);
    CHECK(doc["sites"][0]["tests"][0]["name"] == kBidi);
}
