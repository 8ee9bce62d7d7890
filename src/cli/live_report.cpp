#include "cli/live_report.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "report/result_render.hpp"
#include "util/escape.hpp"

namespace tabhook::cli {

namespace {

// Names and errors can come from the server: shown escaped (util::for_terminal), never sent raw.
std::string shown(std::string_view text) { return util::for_terminal(text); }

const char* doing_word(plan::Action a) {
    switch (a) {
    case plan::Action::create: return "creating";
    case plan::Action::replace: return "replacing";
    case plan::Action::update: return "updating";
    case plan::Action::reenable: return "re-enabling";
    case plan::Action::remove: return "deleting";
    }
    return "?";
}

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

// Terminal columns of stderr; 80 when unknown.
std::size_t columns() {
    winsize w{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
    return 80;
}

// At most `width` characters (UTF-8 continuation bytes do not count), so the line never wraps: a wrapped
// line could not be redrawn in place.
std::string fit(const std::string& text, std::size_t width) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) continue;
        if (++chars > width) return text.substr(0, i);
    }
    return text;
}

} // namespace

LiveReport::LiveReport(const CommonOptions& options)
    : to_stdout_(options.format == Format::text), verbose_(options.verbose), progress_([] {
          // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in tabhook writes the environment (no setenv/putenv)
          const char* term = std::getenv("TERM");
          return ::isatty(STDERR_FILENO) == 1 && !(term && std::string(term) == "dumb");
      }()) {}

void LiveReport::expect(std::size_t operations) {
    const std::lock_guard lock(mutex_);
    expected_ = operations;
}

void LiveReport::attach(apply::ApplyOptions& options) {
    options.on_start = [this](const std::string& site, std::size_t index, const plan::Change& change) {
        started(site, index, change);
    };
    options.on_outcome = [this](const std::string& site, std::size_t index, const plan::Outcome& outcome) {
        finished(site, index, outcome);
    };
    options.on_test_start = [this](const std::string& site, const std::string& name) { test_started(site, name); };
    options.on_test = [this](const std::string& site, const plan::TestOutcome& test) { tested(site, test); };
    if (verbose_)
        options.on_concurrency = [this](const std::string& site, const plan::Concurrency& c) { concurrency(site, c); };
}

void LiveReport::concurrency(const std::string& site, const plan::Concurrency& c) {
    const std::lock_guard lock(mutex_);
    if (finished_ || c.reached == 0) return; // nothing ran on the site
    print_line(fmt::format("site {}: concurrency reached {} (limit now {}, {} throttled)", shown(site), c.reached,
                           c.limit, c.throttled));
}

void LiveReport::started(const std::string& site, std::size_t index, const plan::Change& change) {
    const std::lock_guard lock(mutex_);
    in_flight_[{site, index}] = fmt::format("site {}: {} {} {}", shown(site), plan::symbol(change.action),
                                            plan::to_string(change.action), shown(change.name));
    // The verification re-list's deletes were not in the plan: they add to what the progress line expects.
    expected_ = std::max(expected_, done_ + failed_ + in_flight_.size());
    current_ = fmt::format("{} {}", doing_word(change.action), shown(change.name));
    draw_progress();
}

void LiveReport::finished(const std::string& site, std::size_t index, const plan::Outcome& outcome) {
    const std::lock_guard lock(mutex_);
    in_flight_.erase({site, index});
    if (finished_) return;
    const auto& c = outcome.change;
    std::string text;
    if (outcome.status == plan::Outcome::Status::failed) {
        ++failed_;
        text = fmt::format("site {}: {} {} {} failed: {}", shown(site), plan::symbol(c.action),
                           plan::to_string(c.action), shown(c.name), shown(outcome.error));
    } else {
        ++done_;
        const std::string id = !outcome.new_id.empty() ? outcome.new_id : c.live ? c.live->id : std::string();
        text = fmt::format("site {}: {} {} {}{}", shown(site), plan::symbol(c.action), report::past_tense(c.action),
                           shown(c.name), id.empty() ? "" : fmt::format(" (id {})", shown(id)));
    }
    for (const auto& note : outcome.notes) text += fmt::format("\n    # {}", shown(note));
    print_line(text);
}

void LiveReport::test_started(const std::string& site, const std::string& name) {
    const std::lock_guard lock(mutex_);
    ++tests_started_;
    ++tests_in_flight_;
    current_ = fmt::format("testing {} (site {})", shown(name), shown(site));
    draw_progress();
}

void LiveReport::tested(const std::string& site, const plan::TestOutcome& t) {
    const std::lock_guard lock(mutex_);
    --tests_in_flight_;
    ++tests_done_;
    if (finished_) return;
    const std::string answer = shown(report::test_answer(t));
    print_line(fmt::format("site {}: tested {}: {}: {}", shown(site), shown(t.name), answer, report::test_verdict(t)));
}

void LiveReport::stopping() {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    if (finished_) return;
    erase_progress();
    std::cerr << fmt::format("stopping: {} in flight, press Ctrl-C again to abandon them\n",
                             plural(in_flight(), "operation"))
              << std::flush;
    draw_progress();
}

void LiveReport::abandon() {
    // The process exits right after, whatever happens here: a stuck output (a full pipe nobody reads)
    // must not keep it alive.
    if (!mutex_.try_lock_for(std::chrono::seconds(1))) return;
    const std::lock_guard lock(mutex_, std::adopt_lock);
    if (finished_) return;
    erase_progress();
    const std::size_t accounted = done_ + failed_ + in_flight_.size();
    std::string text =
        fmt::format("abandoned at the second interrupt: {} done, {} failed (each listed above), {} "
                    "in flight, {} not started",
                    done_, failed_, in_flight_.size(), expected_ > accounted ? expected_ - accounted : 0);
    if (!in_flight_.empty()) {
        text += "\nin flight, so they may or may not have happened (the next plan shows which):";
        for (const auto& [key, what] : in_flight_) text += "\n  " + what;
    }
    if (tests_in_flight_)
        text += fmt::format("\n{} in flight (a test changes nothing)", plural(tests_in_flight_, "receiver test"));
    print_line(text);
    if (to_stdout_)
        std::cerr << fmt::format("tabhook: abandoned {} in flight; the output says what was done\n",
                                 plural(in_flight(), "operation"))
                  << std::flush;
    finished_ = true;
}

void LiveReport::finish(const std::function<void()>& print) {
    const std::lock_guard lock(mutex_);
    erase_progress();
    finished_ = true;
    print();
    std::cout << std::flush;
}

void LiveReport::print_line(const std::string& text) {
    erase_progress();
    auto& out = to_stdout_ ? std::cout : std::cerr;
    out << text << '\n' << std::flush;
    draw_progress();
}

void LiveReport::erase_progress() {
    if (!drawn_) return;
    std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
}

void LiveReport::draw_progress() {
    if (!progress_ || finished_ || (current_.empty() && !stopping_)) return;
    std::string line;
    if (expected_) line += fmt::format("[{}/{}] ", done_ + failed_, expected_);
    if (tests_started_) line += fmt::format("[{}/{} tests] ", tests_done_, tests_started_);
    line += stopping_ ? fmt::format("stopping: waiting for {} in flight", in_flight()) : current_;
    line += "…";
    std::cerr << "\r\033[K" << fit(line, columns() - 1) << std::flush;
    drawn_ = true;
}

} // namespace tabhook::cli
