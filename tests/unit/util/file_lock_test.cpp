#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file_lock.hpp"

using namespace tabhook;

namespace {

util::EnvLookup env(std::map<std::string, std::string> m) {
    return [m](const std::string& k) -> std::optional<std::string> {
        const auto it = m.find(k);
        if (it == m.end()) return std::nullopt;
        return it->second;
    };
}

struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/tabhook-lock-test.XXXXXX";
        const char* d = ::mkdtemp(tmpl);
        REQUIRE(d);
        path = d;
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

mode_t mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

} // namespace

TEST_CASE("lock directory: systemd's, then XDG_RUNTIME_DIR, then tabhook's own state directory", "[util][lock]") {
    const auto pick = [](std::map<std::string, std::string> m) { return util::choose_lock_directory(env(m)); };
    auto c = pick({{"RUNTIME_DIRECTORY", "/run/tabhook:/run/other"}, {"XDG_RUNTIME_DIR", "/run/user/1"}});
    REQUIRE(c);
    CHECK(c->path == "/run/tabhook");
    CHECK_FALSE(c->create);
    c = pick({{"RUNTIME_DIRECTORY", ""}, {"XDG_RUNTIME_DIR", "/run/user/1"}, {"HOME", "/home/u"}});
    REQUIRE(c);
    CHECK(c->path == "/run/user/1");
    c = pick({{"XDG_STATE_HOME", "/home/u/state"}, {"HOME", "/home/u"}});
    REQUIRE(c);
    CHECK(c->path == "/home/u/state/tabhook");
    CHECK(c->create);
    c = pick({{"XDG_STATE_HOME", "relative"}, {"HOME", "/home/u"}});
    REQUIRE(c);
    CHECK(c->path == "/home/u/.local/state/tabhook");
    // Never a shared predictable path such as /tmp: without any of them there is no lock directory.
    CHECK_FALSE(pick({}));
}

TEST_CASE("lock directory: tabhook's own is created 0700; a shared or foreign one is refused", "[util][lock]") {
    TempDir t;
    const auto made = util::lock_directory(env({{"XDG_STATE_HOME", t.path + "/state"}}));
    REQUIRE(made);
    CHECK(*made == t.path + "/state/tabhook");
    CHECK(mode_of(*made) == 0700);
    CHECK(mode_of(t.path + "/state") == 0700);

    const std::string shared = t.path + "/shared";
    REQUIRE(::mkdir(shared.c_str(), 0700) == 0);
    REQUIRE(::chmod(shared.c_str(), 01777) == 0);
    const auto refused = util::lock_directory(env({{"XDG_RUNTIME_DIR", shared}}));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("writable by group or others") != std::string::npos);
    CHECK(refused.error().message.find("$XDG_RUNTIME_DIR") != std::string::npos);
    CHECK_FALSE(util::lock_directory(env({{"XDG_RUNTIME_DIR", "/tmp"}})));

    // tabhook's own directory planted as a symlink (to a directory someone else chose) is refused.
    const std::string target = t.path + "/elsewhere";
    REQUIRE(::mkdir(target.c_str(), 0700) == 0);
    REQUIRE(::mkdir((t.path + "/planted").c_str(), 0700) == 0);
    REQUIRE(::symlink(target.c_str(), (t.path + "/planted/tabhook").c_str()) == 0);
    const auto link = util::lock_directory(env({{"XDG_STATE_HOME", t.path + "/planted"}}));
    REQUIRE_FALSE(link);
    CHECK(link.error().message.find("symbolic link") != std::string::npos);
}

TEST_CASE("lock file: a planted symlink is refused and its target untouched", "[util][lock]") {
    TempDir t;
    const std::string target = t.path + "/precious";
    { std::ofstream(target) << "keep me\n"; }
    REQUIRE(::chmod(target.c_str(), 0644) == 0);
    const std::string path = t.path + "/tabhook-site-x.lock";
    REQUIRE(::symlink(target.c_str(), path.c_str()) == 0);
    const auto lock = util::acquire_lock(path, "the lock on site s", "tabhook apply", {});
    REQUIRE_FALSE(lock);
    CHECK(lock.error().message.find("symbolic link") != std::string::npos);
    CHECK(read(target) == "keep me\n");
    CHECK(mode_of(target) == 0644);
    // A dangling symlink is not followed to create its target either.
    const std::string dangling = t.path + "/dangling.lock";
    REQUIRE(::symlink((t.path + "/created-through-link").c_str(), dangling.c_str()) == 0);
    CHECK_FALSE(util::acquire_lock(dangling, "the lock", "", {}));
    CHECK_FALSE(std::filesystem::exists(t.path + "/created-through-link"));
}

TEST_CASE("lock file: created 0600, records its holder, a second taker waits and is told who holds it",
          "[util][lock]") {
    TempDir t;
    const std::string path = t.path + "/tabhook-site-x.lock";
    auto first = util::acquire_lock(path, "the lock on site s", "tabhook apply, site s", {});
    REQUIRE(first);
    std::optional<util::FileLock> held;
    held.emplace(std::move(*first));
    CHECK(mode_of(path) == 0600);
    CHECK(read(path) == std::to_string(::getpid()) + " tabhook apply, site s\n");

    // flock is per open file: another open in this process contends like another process would.
    std::string told;
    util::LockWait wait;
    wait.timeout = std::chrono::milliseconds(300);
    wait.on_wait = [&](const std::string& line) { told += line + "\n"; };
    const auto second = util::acquire_lock(path, "the lock on site s", "other", wait);
    REQUIRE_FALSE(second);
    const std::string holder = "pid " + std::to_string(::getpid()) + " (tabhook apply, site s)";
    CHECK(told == "waiting for the lock on site s held by " + holder + ", up to 300ms\n");
    CHECK(second.error().message.find("timed out after 300ms waiting for the lock on site s held by " + holder) == 0);
    CHECK(read(path) == std::to_string(::getpid()) + " tabhook apply, site s\n"); // the waiter wrote nothing

    // Released while a taker waits: the taker gets it.
    wait.timeout = std::chrono::milliseconds(10'000);
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        held.reset();
    });
    const auto third = util::acquire_lock(path, "the lock on site s", "third", wait);
    release.join();
    REQUIRE(third);
    CHECK(read(path) == std::to_string(::getpid()) + " third\n");
}

TEST_CASE("site lock names fold what names one Tableau site", "[util][lock]") {
    const auto a = util::site_lock_name("https://Tableau.Example.com:443/", "Marketing");
    CHECK(a == util::site_lock_name("https://tableau.example.com", "marketing"));
    CHECK(a != util::site_lock_name("https://tableau.example.com", "finance"));
    CHECK(a != util::site_lock_name("https://tableau.example.com:8443", "marketing"));
    CHECK(a.rfind("tabhook-site-", 0) == 0);
}
