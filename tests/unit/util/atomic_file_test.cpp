#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../support/temp_dir.hpp"
#include "util/atomic_file.hpp"

using namespace tabhook;
using testing::read_file;
using testing::TempDir;
using testing::write_file;
namespace fs = std::filesystem;

namespace {

// Sets the umask for the test's duration.
struct Umask {
    mode_t saved;
    explicit Umask(mode_t m) : saved(::umask(m)) {}
    ~Umask() { ::umask(saved); }
};

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// Every name the old implementation wrote its temporary file at: "<path>.tmp.<pid>". A few pids
// around ours as well, in case a helper process does the writing one day.
std::vector<std::string> old_temporary_names(const std::string& path) {
    std::vector<std::string> out;
    for (int d = -2; d <= 2; ++d) out.push_back(path + ".tmp." + std::to_string(::getpid() + d));
    return out;
}

} // namespace

TEST_CASE("atomic file: writes the content with exactly the mode asked for, whatever the umask", "[util][files]") {
    const TempDir dir;
    const std::string target = dir / "report.json";
    {
        const Umask open_umask(0);
        REQUIRE(util::replace_file(target, "secret\n", util::kPrivateFileMode));
        CHECK(read_file(target) == "secret\n");
        CHECK(mode_of(target) == 0600);
    }
    {
        const Umask strict_umask(077);
        REQUIRE(util::replace_file(target, "public\n", 0644));
        CHECK(mode_of(target) == 0644);
    }
    // A target that was wider before is private after.
    ::chmod(target.c_str(), 0666);
    REQUIRE(util::replace_file(target, "secret again\n", util::kPrivateFileMode));
    CHECK(mode_of(target) == 0600);
    CHECK(entries(dir.path) == std::vector<std::string>{"report.json"}); // no temporary file left
}

TEST_CASE("atomic file: a symlink planted at the old predictable temporary name is never followed", "[util][files]") {
    const TempDir dir;
    const std::string victim = dir / "victim"; // stands for a root-owned file elsewhere
    write_file(victim, "precious\n");
    ::chmod(victim.c_str(), 0640);
    const std::string target = dir / "report.json";
    for (const auto& name : old_temporary_names(target)) REQUIRE(::symlink(victim.c_str(), name.c_str()) == 0);

    REQUIRE(util::replace_file(target, "report\n", util::kPrivateFileMode));
    CHECK(read_file(victim) == "precious\n");
    CHECK(mode_of(victim) == 0640);
    CHECK(read_file(target) == "report\n");
    struct stat st {};
    REQUIRE(::lstat(target.c_str(), &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    for (const auto& name : old_temporary_names(target)) { // the planted links are left as they were
        REQUIRE(::lstat(name.c_str(), &st) == 0);
        CHECK(S_ISLNK(st.st_mode));
    }
}

TEST_CASE("atomic file: a file another user created at the old temporary name never receives the content",
          "[util][files]") {
    const TempDir dir;
    const std::string target = dir / "secrets.env";
    // The other user keeps a descriptor open on the file planted where the old code wrote, to read
    // whatever lands in it later.
    const std::string planted = old_temporary_names(target)[2];
    write_file(planted, "planted\n");
    ::chmod(planted.c_str(), 0666);
    const int spy = ::open(planted.c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(spy >= 0);

    REQUIRE(util::replace_file(target, "TABHOOK_URL_A='https://x.example.com/SENTINEL'\n", util::kPrivateFileMode));
    char buffer[256] = {};
    const ssize_t n = ::pread(spy, buffer, sizeof buffer - 1, 0);
    ::close(spy);
    CHECK(std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0) == "planted\n");
    CHECK(read_file(target).find("SENTINEL") != std::string::npos);
    CHECK(mode_of(target) == 0600);
    struct stat target_stat {
    }, planted_stat{};
    REQUIRE(::stat(target.c_str(), &target_stat) == 0);
    REQUIRE(::stat(planted.c_str(), &planted_stat) == 0);
    CHECK(target_stat.st_ino != planted_stat.st_ino); // the target is not the planted file renamed
}

TEST_CASE("atomic file: a target that is a symlink is replaced by a file; what it pointed to is untouched",
          "[util][files]") {
    const TempDir dir;
    const std::string victim = dir / "victim";
    write_file(victim, "precious\n");
    const std::string target = dir / "plan.json";
    REQUIRE(::symlink(victim.c_str(), target.c_str()) == 0);

    REQUIRE(util::replace_file(target, "{}\n", util::kPrivateFileMode));
    CHECK(read_file(victim) == "precious\n");
    struct stat st {};
    REQUIRE(::lstat(target.c_str(), &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK(read_file(target) == "{}\n");
}

TEST_CASE("atomic file: a failure says why and leaves no temporary file", "[util][files]") {
    const TempDir dir;
    SECTION("the directory does not exist") {
        const std::string target = dir / "missing/report.json";
        const auto r = util::replace_file(target, "x", util::kPrivateFileMode);
        REQUIRE_FALSE(r);
        CHECK(r.error().message == "cannot write " + target + ": opening its directory " + (dir / "missing") +
                                       ": No such file or directory");
    }
    SECTION("the target is a directory") {
        const std::string target = dir / "a-directory";
        fs::create_directory(target);
        write_file(target + "/keep", "kept\n");
        const auto r = util::replace_file(target, "x", util::kPrivateFileMode);
        REQUIRE_FALSE(r);
        CHECK(r.error().message.starts_with("cannot write " + target + ": renaming the temporary file over it: "));
        CHECK(entries(dir.path) == std::vector<std::string>{"a-directory"});
        CHECK(read_file(target + "/keep") == "kept\n");
    }
    SECTION("the path names a directory") {
        const auto r = util::replace_file(dir / "", "x", util::kPrivateFileMode);
        REQUIRE_FALSE(r);
        CHECK(r.error().message.find("it names a directory") != std::string::npos);
    }
}

TEST_CASE("atomic file: a bare file name is written in the current directory", "[util][files]") {
    const TempDir dir;
    const auto previous = fs::current_path();
    fs::current_path(dir.path);
    const auto r = util::replace_file("out.yaml", "a: 1\n", 0644);
    fs::current_path(previous);
    REQUIRE(r);
    CHECK(read_file(dir / "out.yaml") == "a: 1\n");
}

// A reader that opens the file while it is being replaced sees the old content or the new, whole: never
// an empty, truncated or mixed file. (A truncate-then-write implementation fails this within a few rounds.)
TEST_CASE("atomic file: a concurrent reader never sees a partial file", "[util][files]") {
    const TempDir dir;
    const std::string target = dir / "plan.json";
    const std::string a(256 * 1024, 'a'), b(64 * 1024 + 7, 'b');
    REQUIRE(util::replace_file(target, a, util::kPrivateFileMode));
    std::atomic<bool> done{false};
    std::atomic<int> reads{0}, torn{0};
    std::thread reader([&] {
        while (!done.load()) {
            const std::string seen = read_file(target);
            if (seen != a && seen != b) ++torn;
            ++reads;
        }
    });
    while (reads.load() == 0) std::this_thread::yield(); // the reader is reading before the first write
    bool all_written = true;
    for (int round = 0; round < 200; ++round)
        all_written = util::replace_file(target, round % 2 ? a : b, util::kPrivateFileMode) && all_written;
    done = true;
    reader.join();
    CHECK(all_written);
    CHECK(torn.load() == 0);
    CHECK(read_file(target) == a);
    CHECK(entries(dir.path) == std::vector<std::string>{"plan.json"});
}

TEST_CASE("atomic file: the temporary file is hidden next to the target, never at a name chosen in advance",
          "[util][files]") {
    const TempDir dir;
    const std::string target = dir / "report.json";
    // Every write uses a fresh random name: planting a symlink at the name the previous write used does
    // not redirect the next one.
    const std::string victim = dir / "victim";
    write_file(victim, "precious\n");
    for (int round = 0; round < 3; ++round) {
        const std::string planted = dir / (".report.json.tmp-" + std::string(24, static_cast<char>('0' + round)));
        REQUIRE(::symlink(victim.c_str(), planted.c_str()) == 0);
        REQUIRE(util::replace_file(target, "round " + std::to_string(round) + "\n", util::kPrivateFileMode));
        struct stat st {};
        REQUIRE(::lstat(planted.c_str(), &st) == 0);
        CHECK(S_ISLNK(st.st_mode));
    }
    CHECK(read_file(victim) == "precious\n");
    CHECK(read_file(target) == "round 2\n");
    CHECK(entries(dir.path).size() == 5); // the target, the victim, the three planted links: nothing else
}

// As implemented: the directory part of the path is resolved like any path (a symlink to a directory is
// followed, as `>` in a shell would), while the last component is never followed (tested above).
TEST_CASE("atomic file: a directory reached through a symlink is written in; the file itself is not followed",
          "[util][files]") {
    const TempDir dir;
    fs::create_directory(dir / "real");
    REQUIRE(::symlink((dir / "real").c_str(), (dir / "link").c_str()) == 0);
    REQUIRE(util::replace_file(dir / "link/out.json", "{}\n", util::kPrivateFileMode));
    CHECK(read_file(dir / "real/out.json") == "{}\n");
    CHECK(mode_of(dir / "real/out.json") == 0600);
    CHECK(entries(dir / "real") == std::vector<std::string>{"out.json"});
}

TEST_CASE("atomic file: errors carry the failing step and the errno text", "[util][files]") {
    const TempDir dir;
    SECTION("a directory component is a file") {
        write_file(dir / "plain", "x\n");
        const std::string target = dir / "plain/report.json";
        const auto r = util::replace_file(target, "x", util::kPrivateFileMode);
        REQUIRE_FALSE(r);
        CHECK(r.error().message ==
              "cannot write " + target + ": opening its directory " + (dir / "plain") + ": Not a directory");
    }
    SECTION("a name too long to rename to; the temporary file is removed") {
        const std::string target = dir / std::string(300, 'n');
        const auto r = util::replace_file(target, "x", util::kPrivateFileMode);
        REQUIRE_FALSE(r);
        CHECK(r.error().message ==
              "cannot write " + target + ": renaming the temporary file over it: File name too long");
        CHECK(entries(dir.path).empty());
    }
}
