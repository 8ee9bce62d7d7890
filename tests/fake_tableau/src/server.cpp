// The only inbound user of httplib.h: converts requests, applies latency and faults, logs, answers.
#include "server.hpp"

#include "api_routes.hpp"
#include "codec.hpp"
#include "control_api.hpp"
#include "deliveries.hpp"
#include "support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <csignal>
#include <filesystem>
#include <thread>

#include <httplib.h>

namespace fake {

namespace {

// Port of an IPv4/IPv6 socket address and its address text.
bool endpoint(const sockaddr_storage& ss, int& port, std::string& addr) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET) {
        sockaddr_in sin{};
        std::memcpy(&sin, &ss, sizeof sin);
        port = ntohs(sin.sin_port);
        addr = inet_ntop(AF_INET, &sin.sin_addr, buf, sizeof buf) ? buf : "";
        return true;
    }
    if (ss.ss_family == AF_INET6) {
        sockaddr_in6 sin6{};
        std::memcpy(&sin6, &ss, sizeof sin6);
        port = ntohs(sin6.sin6_port);
        addr = inet_ntop(AF_INET6, &sin6.sin6_addr, buf, sizeof buf) ? buf : "";
        return true;
    }
    return false;
}

// A "dropped connection": httplib gives handlers no socket, so the connection's descriptor is found by
// its endpoints (our port and the client's address and port) and shut down in both directions before
// httplib writes anything. The client sees the connection close with no response at all (curl: "Empty
// reply from server", exit 52). Returns false when the descriptor cannot be found.
bool shutdown_connection(const httplib::Request& req) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        int fd = -1;
        try {
            fd = std::stoi(entry.path().filename().string());
        } catch (const std::exception&) {
            continue;
        }
        sockaddr_storage local{};
        sockaddr_storage peer{};
        socklen_t local_len = sizeof local;
        socklen_t peer_len = sizeof peer;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
        int local_port = 0;
        int peer_port = 0;
        std::string local_addr;
        std::string peer_addr;
        if (!endpoint(local, local_port, local_addr) || !endpoint(peer, peer_port, peer_addr)) continue;
        if (local_port == req.local_port && peer_port == req.remote_port && peer_addr == req.remote_addr) {
            ::shutdown(fd, SHUT_RDWR);
            return true;
        }
    }
    return false;
}

HttpRequest convert(const httplib::Request& r) {
    HttpRequest out;
    out.method = r.method;
    out.path = r.path;
    out.target = r.target;
    // From the target, not r.params: httplib also puts form-encoded bodies into params.
    if (const auto q = r.target.find('?'); q != std::string::npos)
        out.query = parse_query(std::string_view(r.target).substr(q + 1));
    out.body = r.body;
    out.accept = r.get_header_value("Accept");
    out.content_type = r.get_header_value("Content-Type");
    out.auth_token = r.get_header_value("X-Tableau-Auth");
    out.user_agent = r.get_header_value("User-Agent");
    out.remote_addr = r.remote_addr;
    return out;
}

void write(const HttpResponse& from, httplib::Response& to) {
    to.status = from.status;
    for (const auto& [k, v] : from.headers) to.set_header(k, v);
    if (!from.content_type.empty()) to.set_content(from.body, from.content_type);
}

// Tableau-style error for the answers httplib makes on its own (body too large, unparsable request).
ApiError transport_error(int status, std::size_t max_body) {
    switch (status) {
    case 413:
        return {413, "413000", "Payload Too Large",
                "The request body is larger than " + std::to_string(max_body) + " bytes."};
    case 400: return bad_request("The request could not be parsed.");
    case 404: return {404, "404003", "Resource Not Found", "Unknown resource specified in URI."};
    case 405: return {405, "405000", "Method Not Allowed", "Request method is not supported for this resource."};
    case 414: return {414, "414000", "URI Too Long", "The request URI is too long."};
    default:
        return {status, std::to_string(status * 1000), std::string(reason_phrase(status)),
                "The request could not be handled."};
    }
}

} // namespace

struct FakeServer::Impl {
    Impl(Options options, Seed seed) : ctx(std::move(options), std::move(seed)), api(ctx), control(ctx) {}

    void dispatch(const httplib::Request& hreq, httplib::Response& hres, std::string body);
    void dispatch_with_reader(const httplib::Request& hreq, httplib::Response& hres,
                              const httplib::ContentReader& reader);
    void log(const HttpRequest& req, int status, std::chrono::steady_clock::time_point start, RequestNote note);

    Context ctx;
    ApiRoutes api;
    ControlApi control;
    httplib::Server svr;
    std::thread thread;
    int port = 0;
    std::atomic<int> listen_fd{-1};
    bool started = false;
    bool stopped = false;
};

void FakeServer::Impl::log(const HttpRequest& req, int status, std::chrono::steady_clock::time_point start,
                           RequestNote note) {
    LogEntry e;
    e.time = iso8601_now(true);
    e.method = req.method;
    e.path = req.path;
    e.query = redact_query(req.query);
    e.status = status;
    e.duration_ms = to_ms(std::chrono::steady_clock::now() - start);
    e.token = !req.auth_token.empty();
    e.accept = response_format(req.accept) == Format::json ? "json" : "xml";
    e.body_bytes = req.body.size();
    e.note = std::move(note);
    ctx.requests.add(std::move(e));
}

// POST/PUT/PATCH/DELETE come through a content reader, because httplib would otherwise wait for the end
// of the connection when such a request has neither Content-Length nor chunked encoding (curl -X POST
// without data; sign-out bodies are empty). Without either header the body is empty.
void FakeServer::Impl::dispatch_with_reader(const httplib::Request& hreq, httplib::Response& hres,
                                            const httplib::ContentReader& reader) {
    std::string body;
    const bool chunked = to_lower(hreq.get_header_value("Transfer-Encoding")).find("chunked") != std::string::npos;
    if (hreq.has_header("Content-Length") || chunked) {
        const std::size_t max = ctx.options.max_body_bytes;
        bool too_large = false;
        const bool ok = reader([&](const char* data, std::size_t len) {
            if (body.size() + len > max) {
                too_large = true;
                return false;
            }
            body.append(data, len);
            return true;
        });
        if (!ok) {
            // httplib sets 413 itself when Content-Length is over the limit.
            const int status = (too_large || hres.status == 413) ? 413 : 400;
            const HttpRequest req = convert(hreq);
            const HttpResponse out =
                Codec(response_format(req.accept), ctx.options.api_version, json_style(ctx.options.profile))
                    .error(transport_error(status, max));
            if (req.path.rfind("/_fake/", 0) != 0) log(req, status, std::chrono::steady_clock::now(), {});
            write(out, hres);
            hres.set_header("Connection", "close");
            return;
        }
    }
    dispatch(hreq, hres, std::move(body));
}

void FakeServer::Impl::dispatch(const httplib::Request& hreq, httplib::Response& hres, std::string body) {
    const auto start = std::chrono::steady_clock::now();
    HttpRequest req = convert(hreq);
    req.body = std::move(body);
    if (req.path.rfind("/_fake/", 0) == 0) {
        if (!is_loopback_host(hreq.remote_addr)) {
            write({403, "application/json", R"({"error":"the control API answers loopback clients only"})", {}}, hres);
            return;
        }
        write(control.handle(req), hres);
        return;
    }
    if (ctx.options.latency.count() > 0) std::this_thread::sleep_for(ctx.options.latency);
    RequestNote note;
    HttpResponse res;
    bool drop = false;
    // --rate-limit comes before faults: a request over the limit never reaches the API, nor uses up a fault.
    std::optional<int> retry_after;
    if (ctx.limiter.rate() > 0)
        if (const auto site = rate_limited_site(req, ctx.state))
            retry_after = ctx.limiter.take(*site, std::chrono::steady_clock::now());
    const auto fault = retry_after ? std::nullopt : ctx.faults.take(req.method, req.path);
    if (retry_after) {
        res = Codec(response_format(req.accept), ctx.options.api_version, json_style(ctx.options.profile))
                  .error({429, "429000", "Too Many Requests",
                          "More than " + std::to_string(ctx.limiter.rate()) +
                              " requests per second on this site; retry after the time given in Retry-After."});
        res.headers.emplace_back("Retry-After", std::to_string(*retry_after));
    } else if (!fault) {
        res = api.handle(req, note);
    } else {
        note.fault = std::string(to_string(fault->kind));
        if (fault->latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault->latency_ms));
        switch (fault->kind) {
        case FaultKind::latency: res = api.handle(req, note); break;
        case FaultKind::error:
        case FaultKind::rate_limit:
            res = Codec(response_format(req.accept), ctx.options.api_version, json_style(ctx.options.profile))
                      .error(fault->error);
            if (fault->kind == FaultKind::rate_limit)
                res.headers.emplace_back("Retry-After", std::to_string(fault->retry_after));
            break;
        case FaultKind::drop: drop = true; break;
        case FaultKind::token_expiry:
            ctx.state.expire(req.auth_token);
            res = api.handle(req, note);
            break;
        case FaultKind::lose_response:
            res = api.handle(req, note); // the write happens; then the answer is lost
            drop = true;
            break;
        }
    }
    log(req, drop ? 0 : res.status, start, std::move(note));
    if (!drop) {
        write(res, hres);
        return;
    }
    if (!shutdown_connection(hreq)) {
        // Fallback: headers go out, the body never completes, the connection closes (curl exit 18).
        hres.status = 502;
        hres.set_content_provider(64, "text/plain", [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
    }
}

FakeServer::FakeServer(Options options, Seed seed)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(seed))) {}

FakeServer::~FakeServer() { stop(); }

Context& FakeServer::context() { return impl_->ctx; }
int FakeServer::port() const { return impl_->port; }
std::string FakeServer::url() const {
    const std::string& host = impl_->ctx.options.listen_host;
    return "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
           std::to_string(impl_->port);
}

bool FakeServer::start(std::string& error) {
    Impl& im = *impl_;
    std::signal(SIGPIPE, SIG_IGN);
    const Options& o = im.ctx.options;
    const std::size_t threads = o.threads;
    im.svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    im.svr.set_keep_alive_max_count(1000000);
    im.svr.set_keep_alive_timeout(5);
    im.svr.set_read_timeout(10);
    im.svr.set_write_timeout(10);
    im.svr.set_tcp_nodelay(true);
    im.svr.set_payload_max_length(o.max_body_bytes);
    im.svr.set_socket_options([&im](socket_t sock) {
        httplib::default_socket_options(sock);
        im.listen_fd = sock;
    });
    const auto handler = [&im](const httplib::Request& req, httplib::Response& res) {
        im.dispatch(req, res, req.body);
    };
    const auto with_reader = [&im](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& reader) { im.dispatch_with_reader(req, res, reader); };
    // Every method goes to one dispatcher, which routes by itself: that is how unknown paths get
    // Tableau's 404003 and wrong methods 405000 instead of httplib's bare 404.
    im.svr.Get(".*", handler);
    im.svr.Post(".*", with_reader);
    im.svr.Put(".*", with_reader);
    im.svr.Delete(".*", with_reader);
    im.svr.Patch(".*", with_reader);
    im.svr.Options(".*", handler);
    im.svr.set_error_handler(httplib::Server::HandlerWithResponse([&im](const httplib::Request& req,
                                                                        httplib::Response& res) {
        // Our own answers always carry a Content-Type; only httplib's (413, 400, …) arrive without one.
        if (res.has_header("Content-Type") || res.status < 400) return httplib::Server::HandlerResponse::Unhandled;
        const HttpRequest r = convert(req);
        const ApiError e = transport_error(res.status, im.ctx.options.max_body_bytes);
        const HttpResponse out =
            Codec(response_format(r.accept), im.ctx.options.api_version, json_style(im.ctx.options.profile)).error(e);
        res.set_content(out.body, out.content_type);
        if (r.path.rfind("/_fake/", 0) != 0) im.log(r, res.status, std::chrono::steady_clock::now(), {});
        return httplib::Server::HandlerResponse::Handled;
    }));
    im.svr.set_exception_handler([&im](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unexpected error";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        const HttpResponse out = Codec(response_format(req.get_header_value("Accept")), im.ctx.options.api_version,
                                       json_style(im.ctx.options.profile))
                                     .error(internal_error(what));
        res.status = 500;
        res.set_content(out.body, out.content_type);
    });

    int port = o.listen_port;
    if (port == 0)
        port = im.svr.bind_to_any_port(o.listen_host);
    else if (!im.svr.bind_to_port(o.listen_host, port))
        port = -1;
    if (port <= 0) {
        error = "cannot listen on " + o.listen_host + ":" + std::to_string(o.listen_port);
        return false;
    }
    // httplib's compiled-in listen backlog is 5; a burst of 16+ clients connecting at once would see
    // SYN retries (1 s stalls). listen() again on the bound socket raises the backlog.
    if (im.listen_fd >= 0) ::listen(im.listen_fd, 512);
    im.port = port;
    im.ctx.deliverer.set_self_port(port);
    im.thread = std::thread([&im] { im.svr.listen_after_bind(); });
    // stop() is a no-op until the accept loop runs: wait for it (bounded) so that stop() always works.
    for (int i = 0; i < 5000 && !im.svr.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    im.started = true;
    return true;
}

void FakeServer::stop() {
    Impl& im = *impl_;
    if (im.stopped) return;
    im.stopped = true;
    im.ctx.events.stop();
    if (im.started) {
        while (im.thread.joinable() && !im.svr.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        im.svr.stop();
    }
    if (im.thread.joinable()) im.thread.join();
}

} // namespace fake
