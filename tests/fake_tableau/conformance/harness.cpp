#include "harness.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <sstream>

#include <httplib.h>

namespace conformance {

Json Reply::json() const {
    Json j = Json::parse(body, nullptr, false);
    INFO("body: " << body);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

std::shared_ptr<pugi::xml_document> Reply::xml() const {
    auto doc = std::make_shared<pugi::xml_document>();
    INFO("body: " << body);
    REQUIRE(doc->load_buffer(body.data(), body.size()));
    return doc;
}

struct Client::Impl {
    explicit Impl(const std::string& base) : cli(base) {
        cli.set_keep_alive(true);
        cli.set_tcp_nodelay(true);
        cli.set_connection_timeout(5, 0);
        cli.set_read_timeout(30, 0);
        cli.set_write_timeout(30, 0);
    }
    httplib::Client cli;
};

Client::Client(const std::string& base_url) : impl_(std::make_unique<Impl>(base_url)) {}
Client::~Client() = default;

Reply Client::request(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& content_type, const Headers& headers) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    for (const auto& [k, v] : headers) req.set_header(k, v);
    if (!body.empty() || method == "POST" || method == "PUT") {
        req.body = body;
        if (!content_type.empty()) req.set_header("Content-Type", content_type);
    }
    Reply reply;
    auto res = impl_->cli.send(req);
    if (!res) {
        reply.error = httplib::to_string(res.error());
        return reply;
    }
    reply.status = res->status;
    reply.body = res->body;
    for (const auto& [k, v] : res->headers) {
        std::string key = k;
        for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        reply.headers[key] = v;
    }
    return reply;
}

Fake::Fake(fake::Options options, std::optional<fake::Seed> seed)
    : server_(std::move(options), seed ? std::move(*seed) : fake::default_seed()) {
    std::string error;
    const bool started = server_.start(error);
    INFO(error);
    REQUIRE(started);
    client_ = std::make_unique<Client>(server_.url());
}

Fake::~Fake() {
    client_.reset(); // close keep-alive connections first, so stop() does not wait for them
    server_.stop();
}

Reply Fake::control(const std::string& method, const std::string& path, const std::string& body) {
    return client_->request(method, path, body, "application/json");
}

Json Fake::control_get(const std::string& path) {
    const Reply r = client_->get(path);
    INFO(path << " → " << r.status << " " << r.body);
    REQUIRE(r.status == 200);
    return r.json();
}

SignedIn Fake::sign_in_pat(const std::string& site, const std::string& name, const std::string& secret) {
    const Reply r = client_->request("POST", api("/auth/signin"),
                                     "<tsRequest><credentials personalAccessTokenName=\"" + name +
                                         "\" personalAccessTokenSecret=\"" + secret + "\"><site contentUrl=\"" + site +
                                         "\"/></credentials></tsRequest>",
                                     "text/xml");
    INFO(r.body);
    REQUIRE(r.status == 200);
    const auto doc = r.xml();
    const auto cred = find(*doc, "credentials");
    return {cred.attribute("token").value(), find(cred, "site").attribute("id").value(),
            find(cred, "user").attribute("id").value()};
}

SignedIn Fake::sign_in_password(const std::string& site, const std::string& user, const std::string& password) {
    const Reply r = client_->request(
        "POST", api("/auth/signin"),
        Json{{"credentials", {{"name", user}, {"password", password}, {"site", {{"contentUrl", site}}}}}}.dump(),
        "application/json", {{"Accept", "application/json"}});
    INFO(r.body);
    REQUIRE(r.status == 200);
    const Json c = r.json()["credentials"];
    return {c["token"], c["site"]["id"], c["user"]["id"]};
}

Reply Fake::as(const SignedIn& s, const std::string& method, const std::string& path, const std::string& body,
               bool json) {
    Headers h{{"X-Tableau-Auth", s.token}};
    if (json) h.emplace_back("Accept", "application/json");
    const bool json_body = !body.empty() && body.front() == '{';
    return client_->request(method, path, body, json_body ? "application/json" : "application/xml", h);
}

std::string Fake::create_webhook(const SignedIn& s, const std::string& name, const std::string& event,
                                 const std::string& url) {
    const Reply r = as(s, "POST", hooks(s), webhook_xml(name, event, "", url));
    INFO(r.body);
    REQUIRE(r.status == 201);
    const auto doc = r.xml();
    return find(*doc, "webhook").attribute("id").value();
}

std::string Fake::receiver_url(const std::string& name, const std::string& query) const {
    return url() + "/_fake/receiver/" + name + (query.empty() ? "" : "?" + query);
}

std::string webhook_xml(const std::string& name, const std::string& event_attr, const std::string& source_element,
                        const std::string& url, const std::string& extra_attrs) {
    std::string x = "<tsRequest><webhook";
    if (!name.empty()) x += " name=\"" + name + "\"";
    if (!event_attr.empty()) x += " event=\"" + event_attr + "\"";
    x += extra_attrs + ">";
    if (!source_element.empty()) x += "<webhook-source><" + source_element + "/></webhook-source>";
    if (!url.empty())
        x += "<webhook-destination><webhook-destination-http method=\"POST\" url=\"" + url +
             "\"/></webhook-destination>";
    return x + "</webhook></tsRequest>";
}

namespace {
void collect(const pugi::xml_node& n, std::set<std::string>& out, bool skip_source_children) {
    for (auto c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        if (skip_source_children && std::string_view(n.name()) == "webhook-source") continue;
        out.insert(c.name());
        for (auto a = c.first_attribute(); a; a = a.next_attribute())
            out.insert(std::string(c.name()) + "@" + a.name());
        collect(c, out, skip_source_children);
    }
}
} // namespace

std::set<std::string> names_of(const pugi::xml_node& root, bool skip_source_children) {
    std::set<std::string> out;
    collect(root, out, skip_source_children);
    return out;
}

std::string fixture_text(const std::string& name) {
    std::ifstream in(std::string(FAKE_FIXTURES_DIR) + "/" + name);
    INFO("fixture " << name << " in " << FAKE_FIXTURES_DIR);
    REQUIRE(in.good());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::set<std::string> names_of_file(const std::string& fixture, bool skip_source_children) {
    const std::string text = fixture_text(fixture);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(text.c_str()));
    return names_of(doc, skip_source_children);
}

pugi::xml_node find(const pugi::xml_node& root, const char* name) {
    return root.find_node([name](const pugi::xml_node& n) { return std::string_view(n.name()) == name; });
}

} // namespace conformance
