#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "../support/temp_dir.hpp"
#include "apply/audit_log.hpp"
#include "util/strings.hpp"

using namespace tabhook;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

namespace {

// 2026-03-01T09:05:07.042Z
std::chrono::system_clock::time_point fixed_time() {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(1772355907042));
}

// Sets TZ (and tzset) for the test's duration.
struct TimeZone {
    std::optional<std::string> saved;
    explicit TimeZone(const char* zone) {
        if (const char* old = std::getenv("TZ")) saved = old;
        ::setenv("TZ", zone, 1);
        ::tzset();
    }
    ~TimeZone() {
        if (saved)
            ::setenv("TZ", saved->c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }
};

std::vector<nlohmann::json> lines_of(const std::string& path) {
    std::vector<nlohmann::json> out;
    for (const auto& line : util::split(read_file(path), '\n'))
        if (!line.empty()) out.push_back(nlohmann::json::parse(line)); // throws, failing the test, on a torn line
    return out;
}

apply::AuditEntry entry(std::string name = "gitops-a") {
    return apply::AuditEntry{
        "marketing", "create", std::move(name), "wh-1", "https://relay.example.com/SENTINEL-path?token=SENTINEL-query",
        true,        ""};
}

} // namespace

TEST_CASE("audit log: one JSON line per write with time, site, action, name, id, redacted url and result",
          "[apply][audit]") {
    const TempDir dir;
    const std::string path = dir / "audit.jsonl";
    {
        auto log = apply::AuditLog::open(path, fixed_time);
        REQUIRE(log);
        CHECK((*log)->warning().empty());
        (*log)->write(entry());
        auto failed = entry("gitops-b");
        failed.action = "delete";
        failed.ok = false;
        failed.detail = "server answered 500";
        (*log)->write(failed);
    }
    const std::string text = read_file(path);
    CHECK(text.find("SENTINEL") == std::string::npos);
    const auto lines = lines_of(path);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == nlohmann::json{{"time", "2026-03-01T09:05:07.042Z"},
                                     {"site", "marketing"},
                                     {"action", "create"},
                                     {"name", "gitops-a"},
                                     {"id", "wh-1"},
                                     {"url", lines[0]["url"]},
                                     {"result", "ok"}});
    CHECK(lines[0]["url"].get<std::string>().starts_with("https://relay.example.com/…#"));
    CHECK(lines[1]["result"] == "failed");
    CHECK(lines[1]["detail"] == "server answered 500");
    CHECK(text.find("\"time\":\"2026-03-01T09:05:07.042Z\"") != std::string::npos);
    CHECK(text.ends_with("}\n"));
}

TEST_CASE("audit log: times are UTC whatever the time zone", "[apply][audit]") {
    const TimeZone tokyo("Asia/Tokyo");
    const std::time_t t = std::chrono::system_clock::to_time_t(fixed_time());
    std::tm local{};
    ::localtime_r(&t, &local);
    REQUIRE(local.tm_hour == 18); // the zone is in effect: 09:05 UTC is 18:05 in Tokyo
    CHECK(apply::audit_timestamp(fixed_time()) == "2026-03-01T09:05:07.042Z");
    const TimeZone new_york("America/New_York");
    CHECK(apply::audit_timestamp(fixed_time()) == "2026-03-01T09:05:07.042Z");
    // The system clock by default: still UTC.
    const TempDir dir;
    const std::string path = dir / "audit.jsonl";
    const std::time_t before = std::time(nullptr);
    {
        auto log = apply::AuditLog::open(path);
        REQUIRE(log);
        (*log)->write(entry());
    }
    std::tm utc{};
    ::gmtime_r(&before, &utc);
    char hour[32];
    std::strftime(hour, sizeof hour, "%Y-%m-%dT%H", &utc);
    const auto written = lines_of(path).at(0)["time"].get<std::string>();
    // The hour may have turned between the two readings; never by nine hours.
    const std::time_t after = before + 5;
    std::tm utc_after{};
    ::gmtime_r(&after, &utc_after);
    char hour_after[32];
    std::strftime(hour_after, sizeof hour_after, "%Y-%m-%dT%H", &utc_after);
    CHECK((written.starts_with(hour) || written.starts_with(hour_after)));
}

TEST_CASE("audit log: before 1970 and at a second's end the milliseconds stay right", "[apply][audit]") {
    using std::chrono::milliseconds;
    CHECK(apply::audit_timestamp(std::chrono::system_clock::time_point(milliseconds(-1))) ==
          "1969-12-31T23:59:59.999Z");
    CHECK(apply::audit_timestamp(std::chrono::system_clock::time_point(milliseconds(999))) ==
          "1970-01-01T00:00:00.999Z");
}

TEST_CASE("audit log: concurrent writers produce whole lines", "[apply][audit]") {
    const TempDir dir;
    const std::string path = dir / "audit.jsonl";
    constexpr int kThreads = 8, kEach = 200;
    {
        auto log = apply::AuditLog::open(path, fixed_time);
        REQUIRE(log);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&log, t] {
                for (int i = 0; i < kEach; ++i)
                    (*log)->write(entry(std::string(500, static_cast<char>('a' + t)) + std::to_string(i)));
            });
        for (auto& t : threads) t.join();
    }
    const auto lines = lines_of(path);
    CHECK(lines.size() == static_cast<std::size_t>(kThreads * kEach));
}

TEST_CASE("audit log: appends to an existing log and creates a new one private whatever the umask", "[apply][audit]") {
    const TempDir dir;
    const std::string path = dir / "audit.jsonl";
    const mode_t saved = ::umask(0);
    {
        auto log = apply::AuditLog::open(path, fixed_time);
        ::umask(saved);
        REQUIRE(log);
        (*log)->write(entry());
    }
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
    {
        auto log = apply::AuditLog::open(path, fixed_time);
        REQUIRE(log);
        (*log)->write(entry("gitops-b"));
    }
    const auto lines = lines_of(path);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1]["name"] == "gitops-b");
}

TEST_CASE("audit log: what cannot be opened safely is refused with the reason", "[apply][audit]") {
    const TempDir dir;
    SECTION("a missing directory") {
        const auto log = apply::AuditLog::open(dir / "missing/audit.jsonl");
        REQUIRE_FALSE(log);
        CHECK(log.error().message ==
              "cannot open the audit log " + (dir / "missing/audit.jsonl") + ": No such file or directory");
    }
    SECTION("a symbolic link, which is not followed") {
        write_file(dir / "victim", "precious\n");
        REQUIRE(::symlink((dir / "victim").c_str(), (dir / "audit.jsonl").c_str()) == 0);
        const auto log = apply::AuditLog::open(dir / "audit.jsonl");
        REQUIRE_FALSE(log);
        CHECK(log.error().message.find("symbolic link") != std::string::npos);
        CHECK(read_file(dir / "victim") == "precious\n");
    }
    SECTION("a FIFO, which would block") {
        REQUIRE(::mkfifo((dir / "audit.jsonl").c_str(), 0600) == 0);
        const auto log = apply::AuditLog::open(dir / "audit.jsonl");
        REQUIRE_FALSE(log);
        CHECK(log.error().message.find("not a regular file") != std::string::npos);
    }
    SECTION("a directory") {
        const auto log = apply::AuditLog::open(dir.path.string());
        REQUIRE_FALSE(log);
    }
    SECTION("a file others may write") {
        write_file(dir / "audit.jsonl", "");
        ::chmod((dir / "audit.jsonl").c_str(), 0662);
        const auto log = apply::AuditLog::open(dir / "audit.jsonl");
        REQUIRE_FALSE(log);
        CHECK(log.error().message.find("mode 0662 lets others rewrite it; chmod 0600") != std::string::npos);
    }
}

TEST_CASE("audit log: a file others may read is opened with a warning", "[apply][audit]") {
    const TempDir dir;
    const std::string path = dir / "audit.jsonl";
    write_file(path, "");
    ::chmod(path.c_str(), 0644);
    const auto log = apply::AuditLog::open(path);
    REQUIRE(log);
    CHECK((*log)->warning().find("mode 0644: others can read") != std::string::npos);
}

TEST_CASE("audit log: each line takes its time from the injected clock, in UTC, once per entry", "[apply][audit]") {
    const TimeZone tokyo("Asia/Tokyo");
    const TempDir dir;
    const std::string path = dir / "audit.jsonl";
    int calls = 0;
    {
        auto log =
            apply::AuditLog::open(path, [&calls] { return fixed_time() + std::chrono::milliseconds(1001) * calls++; });
        REQUIRE(log);
        for (const char* name : {"gitops-a", "gitops-b", "gitops-c"}) (*log)->write(entry(name));
    }
    CHECK(calls == 3);
    const auto lines = lines_of(path);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["time"] == "2026-03-01T09:05:07.042Z");
    CHECK(lines[1]["time"] == "2026-03-01T09:05:08.043Z");
    CHECK(lines[2]["time"] == "2026-03-01T09:05:09.044Z");
}

// A name or detail with a newline, a carriage return or an escape sequence (server text) cannot split an
// entry in two or forge another one: each entry is exactly one line.
TEST_CASE("audit log: hostile text stays within its one line", "[apply][audit]") {
    const TempDir dir;
    const std::string path = dir / "audit.jsonl";
    const std::string forged = R"({"time":"2026-03-01T00:00:00.000Z","site":"marketing","action":"delete"})";
    {
        auto log = apply::AuditLog::open(path, fixed_time);
        REQUIRE(log);
        auto e = entry("x\n" + forged + "\r\x1b[2K");
        e.detail = "500\n" + forged;
        e.ok = false;
        (*log)->write(e);
        (*log)->write(entry("caf\xc3\n\xff"));
    }
    const std::string text = read_file(path);
    CHECK(std::count(text.begin(), text.end(), '\n') == 2);
    CHECK(text.find('\x1b') == std::string::npos);
    const auto lines = lines_of(path);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["name"] == "x\n" + forged + "\r\x1b[2K");
    CHECK(lines[0]["detail"] == "500\n" + forged);
    CHECK(lines[1]["name"] == "caf\xef\xbf\xbd\n\xef\xbf\xbd"); // invalid UTF-8 written as U+FFFD, not thrown on
}

TEST_CASE("audit log: no part of a destination URL that may be secret is written", "[apply][audit]") {
    const TempDir dir;
    const std::string path = dir / "audit.jsonl";
    {
        auto log = apply::AuditLog::open(path, fixed_time);
        REQUIRE(log);
        for (const char* url : {"https://user:SENTINEL-pass@relay.example.com/hook",
                                "https://relay.example.com/SENTINEL-path/x?token=SENTINEL-query#SENTINEL-fragment",
                                "http://127.0.0.1:8080/SENTINEL-local"}) {
            auto e = entry();
            e.url = url;
            (*log)->write(e);
        }
        auto test = entry();
        test.action = "test";
        test.url.clear();
        (*log)->write(test);
    }
    const std::string text = read_file(path);
    CHECK(text.find("SENTINEL") == std::string::npos);
    const auto lines = lines_of(path);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0]["url"].get<std::string>().find("user") == std::string::npos); // userinfo: a fingerprint only
    CHECK(lines[1]["url"].get<std::string>().starts_with("https://relay.example.com/…#"));
    CHECK(lines[2]["url"].get<std::string>().starts_with("http://127.0.0.1"));
    CHECK(lines[3]["url"] == "");
}

// O_APPEND: what the file held is kept byte for byte, and two logs open on the same file (two processes,
// say) add whole lines after each other's rather than writing over them.
TEST_CASE("audit log: appends after what the file holds, also with two writers on one file", "[apply][audit]") {
    const TempDir dir;
    const std::string path = dir / "audit.jsonl";
    const std::string before = "{\"time\":\"earlier\"}\n";
    write_file(path, before);
    ::chmod(path.c_str(), 0600);
    {
        auto first = apply::AuditLog::open(path, fixed_time);
        auto second = apply::AuditLog::open(path, fixed_time);
        REQUIRE(first);
        REQUIRE(second);
        (*first)->write(entry("one"));
        (*second)->write(entry("two"));
        (*first)->write(entry("three"));
    }
    const std::string text = read_file(path);
    CHECK(text.starts_with(before));
    const auto lines = lines_of(path);
    REQUIRE(lines.size() == 4);
    CHECK(lines[1]["name"] == "one");
    CHECK(lines[2]["name"] == "two");
    CHECK(lines[3]["name"] == "three");
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600); // an existing file's mode is left as it was
}
