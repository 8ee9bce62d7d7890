#pragma once
// Renderers of what apply and test did: text, JSON (versioned), markdown. URLs are shown redacted.
#include <string>

#include "plan/result.hpp"
#include "report/plan_render.hpp"

namespace tabhook::report {

struct ResultCounts {
    int done = 0, failed = 0, skipped = 0;
    int tests_passed = 0, tests_failed = 0, required_failed = 0;
};
ResultCounts count_results(const plan::Result& r);

// The last line of apply's and test's report, the same in text and markdown:
// "Receiver tests: 14 receivers reported 2xx by Tableau's test, 0 failed (0 of them required)." (test), or
// "Apply: 3 done, 0 failed, 0 skipped; 2 receivers reported 2xx by Tableau's test, 0 failed (0 of them required)."
// (apply), followed by "N site(s) could not be read: ..." when some could not be.
std::string result_summary(const plan::Result& r);

// What a receiver test found, in plain text (the caller escapes it for where it goes): "Tableau's test
// reported 200: ok", "Tableau's test reported no HTTP status: <body>", or the test call's own error. Tableau,
// not tabhook, talked to the receiver, so it never says "the receiver answered".
std::string test_answer(const plan::TestOutcome& t);

// Whether a receiver test counts: "ok", "FAILED (required)" or "failed (best-effort: reported only)".
std::string test_verdict(const plan::TestOutcome& t);

// What an action did: "created", "replaced", "updated", "re-enabled", "deleted".
std::string past_tense(plan::Action a);

struct ResultTextOptions {
    bool color = false; // only on a TTY, never with NO_COLOR or --no-color: the caller decides
    // The live lines (cli/live_report) already showed every finished operation and receiver test on the same
    // stream. The report then repeats none of what went well: it shows, per site, only what needs attention
    // (suspended, refused, interrupted, the site's error, an operation that failed or never started, a test
    // that failed or tested another URL than the manifest declares), then the summary line, as Terraform
    // ends an apply with its errors and its count.
    bool after_live = false;
};

std::string render_result_text(const plan::Result& r, const ResultTextOptions& options);
std::string render_result_json(const plan::Result& r);
std::string render_result_markdown(const plan::Result& r);

} // namespace tabhook::report
