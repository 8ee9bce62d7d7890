// The real client (CurlTransport and all) against fake-tableau, when one is at hand: $TABHOOK_FAKE_TABLEAU,
// else the fake-tableau built into the same bin/ directory as this test (so never a stale one from another
// tree). Skipped otherwise: the end-to-end suite covers this properly; here it only shows the client
// speaks the fake's dialect.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tableau/client.hpp"

using namespace tabhook::tableau;
using namespace tabhook::http;
namespace fs = std::filesystem;

namespace {

std::optional<fs::path> find_fake() {
    if (const char* env = std::getenv("TABHOOK_FAKE_TABLEAU"); env != nullptr && fs::exists(env)) return fs::path(env);
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && fs::exists(self.parent_path() / "fake-tableau")) return self.parent_path() / "fake-tableau";
    return std::nullopt;
}

class FakeProcess {
  public:
    explicit FakeProcess(const fs::path& binary) {
        port_file_ = fs::temp_directory_path() / ("tabhook-smoke-" + std::to_string(::getpid()) + ".port");
        fs::remove(port_file_);
        pid_ = ::fork();
        if (pid_ == 0) {
            const std::string port_file = port_file_.string();
            ::execl(binary.c_str(), binary.c_str(), "--listen", "127.0.0.1:0", "--port-file", port_file.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 200 && port_.empty(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
            std::ifstream in(port_file_);
            std::getline(in, port_);
        }
    }
    ~FakeProcess() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
        fs::remove(port_file_);
    }
    std::string url() const { return port_.empty() ? "" : "http://127.0.0.1:" + port_; }

  private:
    pid_t pid_ = -1;
    fs::path port_file_;
    std::string port_;
};

} // namespace

TEST_CASE("smoke: the client against fake-tableau", "[tableau][smoke]") {
    const auto binary = find_fake();
    if (!binary) {
        WARN("no fake-tableau binary found; skipped");
        return;
    }
    FakeProcess fake(*binary);
    REQUIRE_FALSE(fake.url().empty());
    tabhook::model::Site site;
    site.name = "marketing";
    site.server = fake.url();
    site.content_url = "marketing";
    site.auth = {tabhook::model::Auth::Kind::personal_access_token, "tabhook-ci", "tabhook-ci-secret"};
    ClientOptions options;
    options.allowed_servers = {fake.url()};
    options.connect_timeout = std::chrono::milliseconds{2000};
    options.request_timeout = std::chrono::milliseconds{5000};

    auto connected = connect(site, options);
    REQUIRE(connected.has_value());
    WriteClient& client = **connected;
    CHECK_FALSE(client.session().site_id.empty());

    const auto before = client.list_webhooks();
    REQUIRE(before.has_value());
    const std::string receiver = fake.url() + "/_fake/receiver/smoke";
    const auto created = client.create_webhook({"smoke-hook", "DatasourceRefreshFailed", receiver, true});
    REQUIRE(created.has_value());
    CHECK(created->event == "DatasourceRefreshFailed");
    CHECK(created->url == receiver);
    CHECK(created->owner_id == client.session().user_id);

    const auto listed = client.list_webhooks();
    REQUIRE(listed.has_value());
    CHECK(listed->size() == before->size() + 1);

    const auto tested = client.test_webhook(created->id);
    REQUIRE(tested.has_value());
    CHECK(tested->status == 200);

    const auto updated = client.update_webhook(created->id, {"smoke-hook", "DatasourceRefreshFailed", receiver, false});
    REQUIRE(updated.has_value());
    CHECK_FALSE(updated->enabled);

    REQUIRE(client.delete_webhook(created->id).has_value());
    const auto gone = client.get_webhook(created->id);
    REQUIRE_FALSE(gone.has_value());
    CHECK(gone.error().http_status == 404);
    CHECK(client.stats().sign_ins == 1);
}
