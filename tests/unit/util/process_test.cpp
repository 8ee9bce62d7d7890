#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <stdlib.h>

#include "util/git.hpp"
#include "util/process.hpp"
#include "util/stop_token.hpp"

using namespace tabhook;
using util::ProcessOptions;
using util::run_process;

namespace {

std::filesystem::path temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tabhook-process-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    return pattern;
}

} // namespace

TEST_CASE("run_process: arguments reach the child verbatim and no shell reads them", "[util]") {
    const auto dir = temp_dir();
    const std::string marker = (dir / "ran").string();
    const std::vector<std::string> args = {
        "a b", "it's \"quoted\"", "$(touch " + marker + ")", "`touch " + marker + "`", "; touch " + marker, "*", ""};
    std::vector<std::string> argv = {"printf", "[%s]\\n"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto outcome = run_process(argv);
    CHECK(outcome.exit_status == 0);
    std::string expected;
    for (const auto& a : args) expected += "[" + a + "]\n";
    CHECK(outcome.out == expected);
    CHECK(outcome.err.empty());
    CHECK_FALSE(std::filesystem::exists(marker));
    std::filesystem::remove_all(dir);
}

TEST_CASE("run_process: exit status and stdout and stderr apart or merged with stdin empty", "[util]") {
    const std::vector<std::string> script = {"sh", "-c", "echo out; echo err >&2; exit 3"};
    const auto apart = run_process(script);
    CHECK(apart.exit_status == 3);
    CHECK_FALSE(apart.timed_out);
    CHECK(apart.out == "out\n");
    CHECK(apart.err == "err\n");
    ProcessOptions merged;
    merged.merge_stderr = true;
    const auto together = run_process(script, merged);
    CHECK(together.exit_status == 3);
    CHECK(together.out == "out\nerr\n");
    CHECK(together.err.empty());
    const auto cat = run_process({"cat"});
    CHECK(cat.exit_status == 0);
    CHECK(cat.out.empty());
}

TEST_CASE("run_process: a missing program cannot run and says so", "[util]") {
    const auto outcome = run_process({"tabhook-no-such-program-7f3a"});
    CHECK(outcome.exit_status == -1);
    CHECK_FALSE(outcome.timed_out);
    CHECK(outcome.out.empty());
    CHECK(outcome.err == "cannot run tabhook-no-such-program-7f3a");
    ProcessOptions merged;
    merged.merge_stderr = true;
    CHECK(run_process({"tabhook-no-such-program-7f3a"}, merged).out == "cannot run tabhook-no-such-program-7f3a");
    CHECK(run_process({}).exit_status == -1);
}

TEST_CASE("run_process: output is capped per stream and the child still runs to its end", "[util]") {
    ProcessOptions options;
    options.max_output = 1000;
    const auto outcome = run_process({"head", "-c", "200000", "/dev/zero"}, options);
    CHECK(outcome.exit_status == 0);
    CHECK(outcome.out.size() == 1000);
}

TEST_CASE("run_process: the deadline and the stop flag kill the child", "[util]") {
    ProcessOptions options;
    options.timeout = std::chrono::milliseconds(50);
    const auto late = run_process({"sleep", "30"}, options);
    CHECK(late.timed_out);
    CHECK(late.exit_status == -1);
    util::StopSource stop;
    stop.request_stop();
    ProcessOptions stopped;
    stopped.stop = stop.token();
    const auto interrupted = run_process({"sleep", "30"}, stopped);
    CHECK(interrupted.timed_out);
    CHECK(interrupted.exit_status == -1);
}

TEST_CASE("git_commit: nothing outside a checkout then the short commit and +dirty after a change", "[util]") {
    const auto dir = temp_dir();
    const std::string d = dir.string();
    CHECK_FALSE(util::git_commit_of({}).has_value());
    CHECK_FALSE(util::git_commit(d).has_value());
    const auto git = [&](std::vector<std::string> args) {
        std::vector<std::string> argv = {"git", "-C", d, "-c", "user.name=t", "-c", "user.email=t@example.com"};
        argv.insert(argv.end(), args.begin(), args.end());
        REQUIRE(run_process(argv).exit_status == 0);
    };
    git({"init", "-q"});
    std::ofstream(dir / "hooks.yaml") << "sites: []\n";
    git({"add", "hooks.yaml"});
    git({"commit", "-q", "-m", "first"});
    const auto clean = util::git_commit_of({(dir / "hooks.yaml").string()});
    REQUIRE(clean.has_value());
    CHECK(clean->size() == 12);
    CHECK(clean->find_first_not_of("0123456789abcdef") == std::string::npos);
    std::ofstream(dir / "hooks.yaml") << "sites: [] # changed\n";
    CHECK(util::git_commit(d) == *clean + "+dirty");
    CHECK(util::checkout_dir({(dir / "hooks.yaml").string()}) == d);
    std::filesystem::remove_all(dir);
}
