#pragma once
// What apply and test print while they run, so that a person watching, or a CI log being followed, sees
// each result when it happens and an interrupted run still says what it did:
// - a line per finished operation and receiver test, flushed at once ("site marketing: + created
//   gitops-x (id …)"): on stdout with --format text, on stderr with json or markdown, whose stdout stays
//   one document printed at the end;
// - when stderr is a terminal, a progress line on stderr redrawn in place ("[120/400] creating gitops-x…"),
//   erased before each line and before the final report;
// - with -v, when a site's operations are done, how many ran at once ("site marketing: concurrency
//   reached 16 (limit now 8, 3 throttled)");
// - at the first interrupt, at once on stderr: how many operations are in flight;
// - at the second, what is known: the operations in flight, which may or may not have happened on the
//   server, and how many finished, failed and never started (the finished ones are the lines above).
// The executor's workers call it concurrently: every member is thread-safe.
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "apply/executor.hpp"
#include "cli/common.hpp"

namespace tabhook::cli {

class LiveReport {
  public:
    explicit LiveReport(const CommonOptions& options);

    // How many operations the run will execute, for the progress line.
    void expect(std::size_t operations);
    // Sets the options' on_start, on_outcome, on_test_start and on_test to report here.
    void attach(apply::ApplyOptions& options);

    void stopping(); // the first interrupt
    void abandon();  // the second: the process exits right after

    // Runs `print` (the final report) with the progress line gone and no live line in between; after it,
    // nothing more is reported.
    void finish(const std::function<void()>& print);

  private:
    void started(const std::string& site, std::size_t index, const plan::Change& change);
    void finished(const std::string& site, std::size_t index, const plan::Outcome& outcome);
    void test_started(const std::string& site, const std::string& name);
    void tested(const std::string& site, const plan::TestOutcome& test);
    // -v: how many operations ran at once on the site (apply/executor.hpp).
    void concurrency(const std::string& site, const plan::Concurrency& c);

    // With the mutex held.
    void print_line(const std::string& text);
    void erase_progress();
    void draw_progress();
    std::size_t in_flight() const { return in_flight_.size() + tests_in_flight_; }

    std::timed_mutex mutex_;
    bool to_stdout_;
    bool verbose_;
    bool progress_;
    bool drawn_ = false;
    bool stopping_ = false;
    bool finished_ = false;
    std::size_t expected_ = 0, done_ = 0, failed_ = 0;
    std::size_t tests_started_ = 0, tests_done_ = 0, tests_in_flight_ = 0;
    std::string current_;                                                  // "creating gitops-x", for the progress line
    std::map<std::pair<std::string, std::size_t>, std::string> in_flight_; // (site, change) -> "+ create NAME"
};

} // namespace tabhook::cli
