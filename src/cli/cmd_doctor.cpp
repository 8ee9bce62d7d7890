// `tabhook doctor PATH...`: first contact with a real server. Read-only unless --canary is given; one
// section per site, each check ok/warn/fail with the fix. docs/first-contact.md is the user's guide.
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/exit_code.hpp"
#include "model/events.hpp"
#include "report/doctor_render.hpp"
#include "tableau/allowlist.hpp"
#include "tableau/codec.hpp"
#include "http/curl_transport.hpp"
#include "http/observed_transport.hpp"
#include "tableau/exchange_log.hpp"
#include "tableau/recording.hpp"
#include "tableau/redactor.hpp"
#include "tableau/server_profile.hpp"
#include "tableau/site_groups.hpp"
#include "tableau/tls_probe.hpp"
#include "util/atomic_file.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"
#include "util/version.hpp"

namespace tabhook::cli {

namespace {

using report::CheckStatus;
using report::DoctorCheck;

// The canary's event: one that rarely fires, so the few seconds the webhook lives send nothing else to
// the canary URL; it exists from REST API 3.6, the oldest version with webhooks.
constexpr const char* kCanaryEvent = "DatasourceDeleted";
// Webhooks the canary creates to see the list order: with 4, a shuffling server shows the same order in
// every one of 5 lists with probability (1/24)^4.
constexpr std::size_t kOrderProbes = 4;
constexpr int kOrderLists = 5;
constexpr int kCleanupRounds = 5;
constexpr long long kExpirySoonSeconds = 30LL * 24 * 3600;

struct DoctorFlags {
    CommonOptions common;
    std::string canary;
    std::string record;
};

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    return fmt::format("{}", fmt::join(items, separator));
}

DoctorCheck check(std::string name, CheckStatus status, std::string message, std::string fix = "") {
    return DoctorCheck{std::move(name), status, std::move(message), std::move(fix)};
}

std::string random_suffix() {
    std::random_device device;
    std::uniform_int_distribution<unsigned> digit(0, 15);
    std::string out;
    for (int i = 0; i < 8; ++i) out += "0123456789abcdef"[digit(device)];
    return out;
}

std::string certificate_text(const tableau::TlsPeer& peer) {
    std::string out = peer.subject.empty() ? std::string("subject unknown") : "subject " + peer.subject;
    if (!peer.issuer.empty()) out += ", issuer " + peer.issuer;
    if (!peer.expires.empty()) out += ", expires " + peer.expires;
    return out;
}

bool expires_soon(const tableau::TlsPeer& peer) {
    return peer.expires_epoch != 0 &&
           peer.expires_epoch - static_cast<long long>(std::time(nullptr)) < kExpirySoonSeconds;
}

std::string ca_file(const tableau::ClientOptions& options) {
    if (options.cacert) return *options.cacert;
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in tabhook writes the environment (no setenv/putenv)
    const char* env = std::getenv("SSL_CERT_FILE");
    return env != nullptr ? env : "";
}

// The last exchange of a step that got an answer, optionally with this method (a copy: callers pass the
// temporary that ExchangeLog::in_step returns).
std::optional<tableau::Exchange> last_answer(const std::vector<tableau::Exchange>& exchanges,
                                             std::string_view method = "") {
    for (auto it = exchanges.rbegin(); it != exchanges.rend(); ++it)
        if (it->status != 0 && (method.empty() || it->method == method)) return *it;
    return std::nullopt;
}

// Everything about one site that `doctor` works out.
class SiteDoctor {
  public:
    SiteDoctor(const model::Site& site, const std::vector<model::Webhook>& webhooks,
               const tableau::ClientOptions& options, const std::vector<std::string>& shared_with,
               const std::string& canary, tableau::ExchangeLog& log, std::shared_ptr<http::Transport> transport)
        : site_(site), webhooks_(webhooks), options_(options), shared_with_(shared_with), canary_(canary), log_(log),
          transport_(std::move(transport)) {
        out_.site = site.name;
        const auto url = util::parse_url(site.server);
        out_.server = url ? url->origin() : std::string("(not a URL)");
        out_.content_url = site.content_url;
    }

    report::DoctorSite run() {
        add_static_checks();
        if (!contact_allowed()) return std::move(out_);
        probe_server();
        if (!server_answers_) return std::move(out_);
        if (!sign_in()) return std::move(out_);
        check_role_and_list();
        for (const auto& w : webhooks_) out_.checks.push_back(check_destination(w));
        if (!canary_.empty()) run_canary();
        return std::move(out_);
    }

  private:
    void step(const std::string& name) { log_.set_step(site_.name + ": " + name); }
    std::vector<tableau::Exchange> in_step(const std::string& name) const {
        return log_.in_step(site_.name + ": " + name);
    }
    void add(DoctorCheck c) { out_.checks.push_back(std::move(c)); }
    void add_canary(DoctorCheck c) { out_.canary_checks.push_back(std::move(c)); }

    void add_static_checks() {
        const auto url = util::parse_url(site_.server);
        if (url && !url->target.empty() && url->target != "/" && url->target.find_first_of("?#") == std::string::npos)
            add(check("server URL", CheckStatus::warn,
                      "spec.server has a path after " + url->origin() +
                          "; Tableau's REST API is at the server's root unless a proxy serves it under a prefix",
                      "set spec.server to " + url->origin() + " unless such a proxy is in between"));
        if (shared_with_.empty()) return;
        add(check("shared PAT", CheckStatus::warn,
                  "sites " + join(shared_with_, ", ") +
                      " sign in with the same personal access token on this server; one PAT holds one session at a "
                      "time, so each sign-in ends the others' sessions (tabhook runs them one after another)",
                  "give each site, and each tabhook process (CI, the daemon), its own personal access token"));
    }

    bool contact_allowed() {
        if (auto usable = tableau::check_server(site_.server, {}); !usable) {
            add(check("server URL", CheckStatus::fail, "not contacted: " + usable.error().message(),
                      "set spec.server to the server's https:// origin" +
                          (util::parse_url(site_.server) ? ", " + out_.server : std::string())));
            return false;
        }
        auto base = tableau::check_server(site_.server, options_.allowed_servers);
        if (!base) {
            add(check("allowlist", CheckStatus::fail, "not contacted: " + base.error().message(),
                      "add " + out_.server + " to TABHOOK_ALLOWED_SERVERS (or --allow-server) if it is yours"));
            return false;
        }
        base_ = *base;
        if (options_.allowed_servers.empty())
            add(check("allowlist", CheckStatus::warn,
                      "no server allowlist in force: tabhook would send these credentials to any spec.server",
                      "set TABHOOK_ALLOWED_SERVERS (comma-separated origins) in CI, pull-request checks above all"));
        else
            add(check("allowlist", CheckStatus::ok,
                      out_.server + " is in the allowlist (" + join(options_.allowed_servers, ", ") + ")"));
        return true;
    }

    void probe_server() {
        // TLS first: a handshake alone, to show the certificate even when the request below fails on it.
        check_server_tls();
        ask_serverinfo();
    }

    void check_server_tls() {
        const auto url = util::parse_url(base_);
        if (url && url->scheme == "https") {
            tableau::TlsProbeOptions o;
            const std::string ca = ca_file(options_);
            if (!ca.empty()) o.ca_file = ca;
            o.timeout = options_.connect_timeout;
            const auto peer = tableau::probe_tls(url->host, url->effective_port(), o);
            if (peer.connected && expires_soon(peer))
                add(check("tls", CheckStatus::warn, "certificate verified but expires soon: " + certificate_text(peer),
                          "renew the server's certificate"));
            else if (peer.connected)
                add(check("tls", CheckStatus::ok, "certificate verified: " + certificate_text(peer)));
            else {
                o.verify = false;
                const auto seen = tableau::probe_tls(url->host, url->effective_port(), o);
                add(check("tls", CheckStatus::fail,
                          "TLS failed (" + peer.error + ")" +
                              (seen.connected ? "; the server presents " + certificate_text(seen) : std::string()),
                          "if the certificate is signed by a private CA, pass --cacert FILE (or SSL_CERT_FILE) naming "
                          "that CA; tabhook always verifies certificates"));
            }
        } else if (url) {
            add(check("tls", CheckStatus::warn, "plain http: accepted for a loopback server only, for local testing",
                      "use the server's https:// URL"));
        }
    }

    void ask_serverinfo() {
        step("serverinfo");
        http::HttpRequest request;
        request.method = "GET";
        request.url = base_ + "/api/2.4/serverinfo";
        request.headers = {{"Accept", "application/json"}, {"User-Agent", options_.user_agent}};
        request.connect_timeout = options_.connect_timeout;
        request.timeout = options_.request_timeout;
        const auto response = transport_->send(request);
        if (!response) {
            add(check("reachable", CheckStatus::fail,
                      out_.server + " did not answer: " + http::to_string(response.error().kind) + ": " +
                          util::redact_urls(response.error().message),
                      "check the server URL, DNS, proxies and firewalls between this machine and the server"));
            return;
        }
        add(check("reachable", CheckStatus::ok,
                  out_.server + " answered GET /api/2.4/serverinfo with HTTP " + std::to_string(response->status)));
        if (response->status >= 300 && response->status < 400) {
            const auto to = util::parse_url(response->header("location"));
            add(check("redirects", CheckStatus::fail,
                      "the server redirects" + (to ? " to " + to->origin() : std::string()) +
                          "; tabhook never follows redirects (one could carry credentials elsewhere)",
                      to ? "set spec.server to " + to->origin() : "set spec.server to the address it redirects to"));
            return;
        }
        add(check("redirects", CheckStatus::ok, "none"));
        if (response->status == 404) {
            const auto error = tableau::codec::decode_error(response->body);
            if (error && error->code == "404003")
                add(check("serverinfo", CheckStatus::fail,
                          "server too old: it has no serverinfo (Tableau before 10.1); webhooks need REST API 3.6",
                          "upgrade to Tableau Server 2019.4 or later"));
            else
                add(check(
                    "serverinfo", CheckStatus::fail, "no Tableau REST API at " + out_.server,
                    "is spec.server the server's root URL? (for Tableau Cloud, https://<pod>.online.tableau.com)"));
            return;
        }
        const auto info = tableau::codec::decode_server_info(response->body);
        if (response->status != 200 || !info) {
            add(check("serverinfo", CheckStatus::fail,
                      "HTTP " + std::to_string(response->status) + ": not a Tableau serverinfo answer" +
                          (info ? std::string() : " (" + info.error() + ")"),
                      "is spec.server a Tableau server?"));
            return;
        }
        server_version_ = info->rest_api_version;
        add(check(
            "serverinfo", CheckStatus::ok,
            "Tableau " +
                (info->product_version.empty() ? std::string("(product version not given)") : info->product_version) +
                ", REST API " + info->rest_api_version));
        server_answers_ = true;
    }

    void check_version(const std::string& used) {
        const bool pinned = site_.rest_api_version.has_value();
        const bool update = util::api_version_at_least(used, "3.8");
        const bool event_attribute = util::api_version_at_least(used, "3.9");
        std::string message =
            fmt::format("tabhook will use REST API {} ({}); in-place update (3.8+): {}; `event` attribute (3.9+): {}",
                        used, pinned ? "pinned by spec.restApiVersion" : "the server's", update ? "yes" : "no",
                        event_attribute ? "yes" : "no (the webhook-source element is used)");
        if (pinned && !server_version_.empty() && !util::api_version_at_least(server_version_, used)) {
            add(check("api version", CheckStatus::fail, message + "; the server speaks only " + server_version_,
                      "remove spec.restApiVersion or set it to " + server_version_ + " or lower"));
            return;
        }
        if (site_.update_strategy == model::UpdateStrategy::in_place && !update) {
            add(check("api version", CheckStatus::warn,
                      message + "; updateStrategy: in-place needs 3.8, so changes are made by replacing",
                      "set updateStrategy: replace, or upgrade the server"));
            return;
        }
        add(check("api version", CheckStatus::ok, message));
    }

    bool sign_in() {
        step("sign-in");
        tableau::ClientDeps deps{transport_, {}, {}};
        const bool pat = site_.auth.kind == model::Auth::Kind::personal_access_token;
        const std::string who =
            pat ? "personal access token \"" + site_.auth.name + "\"" : "user \"" + site_.auth.name + "\"";
        tableau::ApiResult<void> result;
        if (!canary_.empty() && !site_.suspend) {
            auto c = tableau::connect(site_, options_, deps);
            if (c) {
                writer_ = std::move(*c);
                reader_ = writer_.get();
            } else {
                result = tl::unexpected(c.error());
            }
        } else {
            auto c = tableau::connect_read_only(site_, options_, deps);
            if (c) {
                read_only_ = std::move(*c);
                reader_ = read_only_.get();
            } else {
                result = tl::unexpected(c.error());
            }
        }
        if (!result) {
            const auto& e = result.error();
            if (e.kind == tableau::ApiError::Kind::unsupported) {
                add(check("api version", CheckStatus::fail, e.message(),
                          "webhooks need Tableau Server 2019.4 or later"));
                return false;
            }
            std::string fix =
                "check the credentials in the Site's spec.auth and the contentUrl \"" + site_.content_url + "\"";
            if (e.code == "401001")
                fix = pat ? "the PAT's name or secret is wrong, or the PAT was revoked, expired (unused for 15 days, "
                            "or the "
                            "site's PAT expiry), or belongs to another site: check contentUrl \"" +
                                site_.content_url + "\""
                          : "the user name or password is wrong, or the user is not on site \"" + site_.content_url +
                                "\"";
            add(check("sign-in", CheckStatus::fail, who + ": " + e.message(), fix));
            return false;
        }
        check_version(reader_->session().api_version);
        add(check("sign-in", CheckStatus::ok,
                  who + " signed in to site id " + reader_->session().site_id + " as user id " +
                      reader_->session().user_id));
        return true;
    }

    void check_role_and_list() {
        step("site role");
        const auto user = reader_->signed_in_user();
        step("list");
        auto listed = reader_->list_webhooks();
        if (user) {
            if (tableau::may_manage_webhooks(user->site_role))
                add(check("site role", CheckStatus::ok, user->site_role + ": may manage webhooks"));
            else
                add(check("site role", CheckStatus::fail,
                          user->site_role + ": may not manage webhooks (site administrators only)",
                          "sign in as a site administrator (SiteAdministratorCreator or SiteAdministratorExplorer)"));
        } else if (listed) {
            add(check("site role", CheckStatus::warn,
                      "the role could not be read (" + user.error().message() +
                          "), but listing webhooks is allowed, which only site administrators may do"));
        } else if (listed.error().http_status == 403) {
            add(check("site role", CheckStatus::fail,
                      "the role could not be read and listing webhooks was refused: " + listed.error().message(),
                      "sign in as a site administrator (SiteAdministratorCreator or SiteAdministratorExplorer)"));
        } else {
            add(check("site role", CheckStatus::warn, "the role could not be read: " + user.error().message()));
        }
        if (!listed) {
            add(check("webhooks", CheckStatus::fail, "cannot list: " + listed.error().message()));
            return;
        }
        live_ = std::move(*listed);
        int disabled = 0, owned = 0;
        std::vector<std::string> unknown;
        for (const auto& w : live_) {
            if (!w.enabled) ++disabled;
            if (w.owner_id == reader_->session().user_id) ++owned;
            if (!w.event.known()) unknown.push_back("\"" + w.name + "\" (" + w.event.str() + ")");
        }
        add(check("webhooks", CheckStatus::ok,
                  fmt::format("{} listed: {} enabled, {} disabled, {} owned by this account", live_.size(),
                              live_.size() - static_cast<std::size_t>(disabled), disabled, owned)));
        if (!unknown.empty())
            add(check("unknown events", CheckStatus::warn,
                      "events the catalogue does not know (carried through unchanged, never drift on their own): " +
                          join(unknown, ", "),
                      "`tabhook events` lists the catalogue; a newer tabhook may know them"));
        for (const auto& w : live_)
            if (!w.enabled)
                add(check("disabled \"" + w.name + "\"", CheckStatus::warn,
                          "disabled" + (w.status_change_reason.empty() ? std::string() : ": " + w.status_change_reason),
                          "if Tableau disabled it after failed deliveries, fix the receiver; apply re-enables declared "
                          "webhooks"));
    }

    DoctorCheck check_destination(const model::Webhook& w) const {
        const std::string name = "destination " + w.name;
        const std::string shown = util::redact_url(w.url);
        const auto url = util::parse_url(w.url);
        if (!url) return check(name, CheckStatus::fail, "not a URL", "set spec.url to an https:// URL");
        if (url->scheme != "https") {
            if (url->scheme == "http" && util::is_loopback_host(url->host))
                return check(name, CheckStatus::warn, shown + ": plain http to a loopback host, for local testing only",
                             "Tableau requires https with a valid certificate");
            return check(name, CheckStatus::fail, shown + ": Tableau requires https", "use an https:// URL");
        }
        const auto resolved = tableau::resolve_host(url->host);
        if (!resolved.ok)
            return check(name, CheckStatus::fail,
                         shown + ": host " + url->host + " does not resolve (" + resolved.error + ")",
                         "check the host name; Tableau must resolve it too");
        const std::string where = shown + ": resolves to " + join(resolved.addresses, ", ");
        // A handshake only: nothing of the URL but its host leaves this machine, the receiver gets no request.
        // Verified against the system's stock trust store, not --cacert: Tableau trusts public CAs only.
        tableau::TlsProbeOptions o;
        o.timeout = options_.connect_timeout;
        const auto peer = tableau::probe_tls(url->host, url->effective_port(), o);
        if (peer.connected && expires_soon(peer))
            return check(name, CheckStatus::warn,
                         where + "; certificate accepted but expires soon: " + certificate_text(peer),
                         "renew the receiver's certificate before Tableau stops delivering");
        if (peer.connected)
            return check(name, CheckStatus::ok,
                         where + "; certificate accepted by the system trust store: " + certificate_text(peer));
        o.verify = false;
        const auto seen = tableau::probe_tls(url->host, url->effective_port(), o);
        return check(name, CheckStatus::fail,
                     where + "; TLS handshake failed with the system trust store (" + util::redact_urls(peer.error) +
                         ")" + (seen.connected ? "; it presents " + certificate_text(seen) : std::string()),
                     "Tableau requires a certificate from a public CA that matches the host name");
    }

    // ---- the canary ----

    void run_canary() {
        out_.canary = true;
        if (site_.suspend || !writer_) {
            add_canary(check("canary", CheckStatus::warn, "skipped: the site is suspended (spec.suspend)",
                             "unsuspend it to run the canary"));
            return;
        }
        auto& w = *writer_;
        const std::string prefix = "tabhook-doctor-" + random_suffix();
        const bool has_update =
            w.session().api_version.empty() ? false : util::api_version_at_least(w.session().api_version, "3.8");
        std::vector<std::string> created;

        step("canary create");
        tableau::WebhookSpec spec{prefix, kCanaryEvent, canary_, true, {}};
        const auto first = w.create_webhook(spec);
        if (first) {
            created.push_back(first->id);
            add_canary(check("create", CheckStatus::ok,
                             "created \"" + prefix + "\" (" + kCanaryEvent + ") for " + util::redact_url(canary_)));
        } else {
            add_canary(check("create", CheckStatus::fail, first.error().message(),
                             first.error().kind == tableau::ApiError::Kind::outcome_unknown
                                 ? "the cleanup below looks for it by name"
                                 : ""));
        }
        if (first) probe_with_canary(w, *first, spec, prefix, has_update, created);

        step("canary cleanup");
        cleanup(w, prefix);

        if (!created.empty()) {
            step("canary unknown id");
            (void)w.get_webhook(created.front());
        }
        probe_ended_session();
        learn_profile(created);
    }

    // With the canary created: list, test, a duplicate name, more webhooks to see the list order, update.
    void probe_with_canary(tableau::WriteClient& w, const model::LiveWebhook& first, const tableau::WebhookSpec& spec,
                           const std::string& prefix, bool has_update, std::vector<std::string>& created) {
        step("canary list");
        (void)w.list_webhooks();
        step("canary test");
        const auto tested = w.test_webhook(first.id);
        add_canary(test_check(tested));

        step("canary duplicate");
        const auto second = w.create_webhook(spec);
        if (second) {
            created.push_back(second->id);
            add_canary(check("duplicate name", CheckStatus::ok,
                             "a second webhook with the same name was accepted: names need not be unique"));
        } else if (second.error().kind == tableau::ApiError::Kind::http) {
            add_canary(check("duplicate name", CheckStatus::ok,
                             "a second webhook with the same name was refused: " + second.error().message() +
                                 " (tabhook then replaces by deleting first)"));
        } else {
            add_canary(check("duplicate name", CheckStatus::warn, second.error().message()));
        }

        step("canary order create");
        for (int n = 2; created.size() < kOrderProbes; ++n) {
            tableau::WebhookSpec extra{prefix + "-" + std::to_string(n), kCanaryEvent, canary_, !has_update, {}};
            const auto made = w.create_webhook(extra);
            if (!made) break;
            created.push_back(made->id);
        }
        step("canary order");
        for (int i = 0; i < kOrderLists && created.size() >= 2; ++i) (void)w.list_webhooks();

        step("canary update");
        if (has_update) {
            tableau::WebhookSpec disabled = spec;
            disabled.enabled = false;
            const auto updated = w.update_webhook(first.id, disabled);
            add_canary(updated ? check("update in place", CheckStatus::ok, "PUT disabled the canary in place")
                               : check("update in place", CheckStatus::fail, updated.error().message(),
                                       "use updateStrategy: replace until this works"));
        } else {
            add_canary(check("update in place", CheckStatus::ok,
                             "skipped: REST API " + w.session().api_version + " has no update (3.8+)"));
        }
    }

    DoctorCheck test_check(const tableau::ApiResult<tableau::TestResult>& tested) const {
        if (!tested) return check("test", CheckStatus::fail, tested.error().message(), "");
        tableau::Redactor redactor; // the receiver's answer may echo anything: the URL, even a credential
        redactor.add_url(canary_);
        redactor.add_secret(site_.auth.secret);
        std::string body = redactor.redact(tested->body);
        if (body.size() > 200) body = body.substr(0, 200) + "…";
        if (!tested->status)
            return check("test", CheckStatus::warn, "Tableau's test reported no HTTP status: \"" + body + "\"",
                         "look at what the receiver got: Tableau does not say");
        const int status = *tested->status;
        if (status >= 200 && status < 300)
            return check("test", CheckStatus::ok, fmt::format("Tableau's test reported {}: \"{}\"", status, body));
        const auto raw = last_answer(in_step("canary test"));
        if (raw && tableau::learn_test_result(raw->response_body) == "agent-404")
            return check(
                "test", CheckStatus::fail,
                fmt::format("Tableau's test reported {}: \"{}\": Tableau did not reach the receiver", status, body),
                "the receiver must be reachable from Tableau's side (public DNS, https, a public CA)");
        return check("test", CheckStatus::fail, fmt::format("Tableau's test reported {}: \"{}\"", status, body),
                     "the receiver must answer 2xx to an empty POST");
    }

    // Deletes every webhook named after this run's prefix, then lists again to prove none is left; rounds
    // repeat what a lost answer or a dropped connection left undone.
    void cleanup(tableau::WriteClient& w, const std::string& prefix) {
        int deleted = 0;
        std::vector<model::LiveWebhook> left;
        bool verified = false;
        for (int round = 0; round < kCleanupRounds && !verified; ++round) {
            const auto listed = w.list_webhooks();
            if (!listed) continue;
            left.clear();
            for (const auto& h : *listed)
                if (h.name.starts_with(prefix) && h.owner_id == w.session().user_id) left.push_back(h);
            if (left.empty()) {
                verified = true;
                break;
            }
            for (const auto& h : left)
                if (w.delete_webhook(h.id)) ++deleted;
        }
        if (verified) {
            add_canary(
                check("cleanup", CheckStatus::ok,
                      fmt::format("deleted {} webhook(s); a re-list shows none named {}* left", deleted, prefix)));
            return;
        }
        std::vector<std::string> ids;
        ids.reserve(left.size());
        for (const auto& h : left) ids.push_back(h.id);
        add_canary(check(
            "cleanup", CheckStatus::fail,
            "could not verify that every canary webhook is gone" +
                (ids.empty() ? std::string(" (the site could not be listed)") : ": still listed: " + join(ids, ", ")),
            "delete the webhooks named " + prefix + "* by hand, or run doctor --canary again later"));
    }

    // A second sign-in with the same PAT ends the first session: the next call with the old token shows how
    // this server answers an ended session (the client then signs in again).
    void probe_ended_session() {
        if (site_.auth.kind != model::Auth::Kind::personal_access_token) {
            findings_.note("expired-session",
                           "password sessions are not ended by a second sign-in; use a PAT to learn it");
            return;
        }
        step("canary second sign-in");
        auto second = tableau::connect_read_only(site_, options_, tableau::ClientDeps{transport_, {}, {}});
        if (!second) {
            findings_.note("expired-session", "the second sign-in failed");
            return;
        }
        step("canary ended session");
        (void)writer_->list_webhooks();
    }

    void learn_profile(const std::vector<std::string>& created) {
        auto& f = findings_;
        if (const auto e = last_answer(in_step("canary duplicate"), "POST"))
            f.set("duplicate-names", tableau::learn_duplicate_names(e->status),
                  "a second create with the same name answered " + std::to_string(e->status));
        if (const auto e = last_answer(in_step("canary test")); e && e->status == 200)
            f.set("test-result", tableau::learn_test_result(e->response_body), "Test a Webhook's answer");
        std::vector<std::vector<std::string>> lists;
        for (const auto& e : in_step("canary order"))
            if (e.method == "GET" && e.status == 200) lists.push_back(tableau::list_ids(e.response_body));
        f.set("list-order", tableau::learn_list_order(lists, created),
              fmt::format("{} lists of {} webhooks created one after another", lists.size(), created.size()));
        for (const auto& e : in_step("canary ended session"))
            if (e.status == 401 || e.status == 403) {
                const auto error = tableau::codec::decode_error(e.response_body);
                f.set("expired-session", tableau::learn_expired_session(e.status, e.response_body),
                      "a call with a token ended by a second sign-in answered " + std::to_string(e.status) +
                          (error && !error->code.empty() ? " " + error->code : std::string()));
                break;
            }
        if (const auto e = last_answer(in_step("canary unknown id")))
            f.set("unknown-webhook", tableau::learn_unknown_webhook(e->status, e->response_body),
                  "GET of a deleted webhook answered " + std::to_string(e->status) + error_code(e->response_body));
        if (const auto e = last_answer(in_step("canary update"), "PUT"))
            f.set("update-status", tableau::learn_update_status(e->status),
                  "the update answered " + std::to_string(e->status));
        // The rest can be read from any answer of this site.
        for (const auto& e : log_.all()) {
            if (!e.step.starts_with(site_.name + ": ") || e.status == 0) continue;
            if (e.status >= 400)
                f.set("json-error-code", tableau::learn_json_error_code(e.response_body), "an error answer");
            if (e.status >= 200 && e.status < 300) {
                f.set("created-at", tableau::learn_created_at(e.response_body), "webhook answers");
                f.set("json-enabled", tableau::learn_json_enabled(e.response_body), "webhook answers");
                if (e.method == "GET")
                    f.set("json-single-item", tableau::learn_json_single_item(e.response_body),
                          "a list holding one webhook");
            }
        }
        f.note("json-single-item", "no list held exactly one webhook (the site has others)");
        f.note("test-result", "the test did not answer 200");
        f.note("update-status", "no successful update");
        for (const auto& r : f.rows()) out_.profile.push_back({r.row, r.value, r.evidence});
    }

    static std::string error_code(const std::string& body) {
        const auto error = tableau::codec::decode_error(body);
        return error && !error->code.empty() ? " " + error->code : std::string();
    }

    const model::Site& site_;
    const std::vector<model::Webhook>& webhooks_;
    const tableau::ClientOptions& options_;
    std::vector<std::string> shared_with_;
    std::string canary_;
    tableau::ExchangeLog& log_;
    std::shared_ptr<http::Transport> transport_;

    report::DoctorSite out_;
    std::string base_;
    std::string server_version_;
    bool server_answers_ = false;
    std::unique_ptr<tableau::WriteClient> writer_;
    std::unique_ptr<tableau::ReadClient> read_only_;
    tableau::ReadClient* reader_ = nullptr;
    model::LiveWebhooks live_;
    tableau::ServerProfileFindings findings_;
};

int run_doctor(const DoctorFlags& f) {
    auto loaded = load_desired(f.common);
    if (!loaded.desired) return loaded.exit_code;
    const auto& interrupted = install_interrupt_handlers();
    const auto options = client_options(f.common, util::StopToken(interrupted));
    if (!options) return kUsage;
    const auto& desired = *loaded.desired;

    tableau::ExchangeLog log;
    auto curl = std::make_shared<http::CurlTransport>(http::CurlOptions{options->cacert, options->user_agent});
    auto transport = std::make_shared<http::ObservedTransport>(curl, log.observer());

    // Sites that share a PAT on one server: each is told about the others.
    const auto groups = tableau::session_groups(desired.sites);
    report::DoctorReport out;
    for (std::size_t i = 0; i < desired.sites.size(); ++i) {
        std::vector<std::string> shared;
        for (const auto& g : groups)
            if (g.size() > 1 && std::find(g.begin(), g.end(), i) != g.end())
                for (std::size_t j : g) shared.push_back(desired.sites[j].name);
        SiteDoctor doctor(desired.sites[i], desired.webhooks[i], *options, shared, f.canary, log, transport);
        out.sites.push_back(doctor.run());
    }
    std::cout << (f.common.format == Format::json ? report::render_doctor_json(out) : report::render_doctor_text(out))
              << std::flush;

    int code = report::count_checks(out).fail > 0 ? kCheckFailed : kOk;
    if (!f.record.empty()) {
        tableau::RecordingSecrets secrets;
        for (const auto& s : desired.sites) secrets.secrets.push_back(s.auth.secret);
        for (const auto& hooks : desired.webhooks)
            for (const auto& w : hooks) {
                secrets.urls.push_back(w.url);
                for (const auto& v : w.url_reference_values) secrets.secrets.push_back(v);
            }
        if (!f.canary.empty()) secrets.urls.push_back(f.canary);
        const auto written =
            util::replace_file(f.record, tableau::render_recording(log.all(), secrets), util::kPrivateFileMode);
        if (!written) {
            std::cerr << "tabhook: --record: " << written.error().message << '\n';
            code = kError;
        }
    }
    if (interrupted.load()) return kInterrupted;
    return code;
}

} // namespace

void register_doctor(CLI::App& app, CommandResult& result) {
    auto flags = std::make_shared<DoctorFlags>();
    auto* cmd = app.add_subcommand("doctor", "Check each site's server, credentials, webhooks and destinations "
                                             "before the first apply (read-only unless --canary)");
    add_common_flags(cmd, flags->common, {"text", "json"});
    cmd->add_option("--canary", flags->canary,
                    "Also write: create a disposable webhook tabhook-doctor-<random> pointing at URL, test it, try "
                    "a duplicate name, update it, delete everything it created, and print the server profile")
        ->check(CLI::Validator(
            [](std::string& value) -> std::string {
                const auto url = util::parse_url(value);
                if (!url || url->host.empty() || (url->scheme != "https" && url->scheme != "http"))
                    return "takes a receiver URL such as https://relay.example.com/hook";
                if (url->scheme == "http" && !util::is_loopback_host(url->host))
                    return "takes an https:// URL (http:// only for a loopback host): Tableau requires https";
                return "";
            },
            "URL"));
    cmd->add_option("--record", flags->record,
                    "Write every exchange (method, path, status, headers, bodies) to FILE, with credentials, tokens "
                    "and destination URLs redacted, to attach to a bug report");
    cmd->footer("Exit codes: 0 every check ok or warn, 5 some check failed, 1 error (invalid manifests, --record not "
                "written), 64 usage, 130 interrupted.\nExamples:\n  tabhook doctor sites/\n  tabhook doctor sites/ "
                "--site production --canary https://relay.example.com/tableau-canary --format json "
                "--record doctor.json");
    cmd->callback([flags, &result] { result.exit_code = run_doctor(*flags); });
}

} // namespace tabhook::cli
