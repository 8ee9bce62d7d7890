#pragma once
// What executing a plan did: one outcome per change, one per receiver test. Plain data, so renderers
// (report/) can print it without knowing how it was executed (apply/).
#include <optional>
#include <string>
#include <vector>

#include "model/desired.hpp"
#include "plan/plan.hpp"

namespace tabhook::plan {

struct Outcome {
    Change change;
    enum class Status { done, failed, skipped } status = Status::skipped; // skipped: interrupted before it started
    std::string new_id;             // create/replace: the webhook now carrying the name
    std::vector<std::string> notes; // "the response was lost; adopted the webhook that was created", ...
    std::string error;              // failed: one line, redacted
};

// "done", "failed", "skipped": the one word for a status, in text, JSON, logs and metric labels.
constexpr const char* to_string(Outcome::Status s) {
    switch (s) {
    case Outcome::Status::done: return "done";
    case Outcome::Status::failed: return "failed";
    case Outcome::Status::skipped: return "skipped";
    }
    return "?";
}

struct TestOutcome {
    std::string name;
    std::string id;
    std::string url; // redacted: the URL of the live webhook tested, which is where the test request went
    model::TestPolicy policy = model::TestPolicy::required;
    // The HTTP status Tableau's test reported (Tableau, not tabhook, contacted the receiver); nullopt when it
    // reported none or the test call itself failed. Only a reported 2xx passes.
    std::optional<int> status;
    int attempts = 0;
    bool passed = false;
    std::string error;        // the test call's own error, redacted
    std::string declared_url; // redacted; set only when the manifest declares another URL (apply would fix it)
    std::string body;         // the body Tableau's test reported, redacted and one line
};

// How many operations ran at once on a site (`--parallel`, apply/executor.hpp): the most in flight at one
// time, the limit at the end (auto moves it; a fixed number does not) and how many requests the server
// answered 429 or 503. All zero when nothing ran.
struct Concurrency {
    int reached = 0;
    int limit = 0;
    int throttled = 0;
};

struct SiteResult {
    std::string site;
    bool suspended = false;
    bool refused = false;     // a safety brake: nothing applied
    bool interrupted = false; // SIGINT/SIGTERM: operations not started are `skipped`
    std::string error;        // the site could not be reached or listed
    std::vector<Outcome> outcomes;
    std::vector<TestOutcome> tests;
    Concurrency concurrency;
};

struct Result {
    enum class Command { apply, test };
    Command command = Command::apply; // what produced it: the heading and summary say so
    std::vector<SiteResult> sites;
};

} // namespace tabhook::plan
