#pragma once
// Conformance-suite harness: a fake-tableau started in-process on 127.0.0.1:0, driven over real HTTP.
// Only harness.cpp includes httplib.h.
#include "server.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace conformance {

using Json = nlohmann::json;

struct Reply {
    int status = 0; // 0: no HTTP answer (see error)
    std::string body;
    std::map<std::string, std::string> headers; // lower-case names
    std::string error;

    std::string header(const std::string& lower_name) const {
        const auto it = headers.find(lower_name);
        return it == headers.end() ? "" : it->second;
    }
    Json json() const;
    // Parses the XML body; fails the test when it is not XML.
    std::shared_ptr<pugi::xml_document> xml() const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// A plain keep-alive HTTP client for one base URL.
class Client {
  public:
    explicit Client(const std::string& base_url);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& content_type = "", const Headers& headers = {});
    Reply get(const std::string& path, const Headers& headers = {}) { return request("GET", path, "", "", headers); }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct SignedIn {
    std::string token;
    std::string site_id;
    std::string user_id;
};

class Fake {
  public:
    explicit Fake(fake::Options options = {}, std::optional<fake::Seed> seed = std::nullopt);
    ~Fake();

    std::string url() const { return server_.url(); }
    int port() const { return server_.port(); }
    fake::FakeServer& server() { return server_; }
    Client& http() { return *client_; }

    // Control API (JSON).
    Json control_get(const std::string& path);
    Reply control(const std::string& method, const std::string& path, const std::string& body = "");

    // Tableau API.
    SignedIn sign_in_pat(const std::string& site, const std::string& name, const std::string& secret);
    SignedIn sign_in_password(const std::string& site, const std::string& user, const std::string& password);
    SignedIn admin(const std::string& site = "marketing") {
        return sign_in_pat(site, "tabhook-ci", "tabhook-ci-secret");
    }
    std::string api(const std::string& rest) const { return "/api/3.24" + rest; }
    std::string hooks(const SignedIn& s, const std::string& rest = "") const {
        return api("/sites/" + s.site_id + "/webhooks" + rest);
    }
    Reply as(const SignedIn& s, const std::string& method, const std::string& path, const std::string& body = "",
             bool json = false);
    // Creates a webhook through the XML API; returns its id (fails the test on a non-201).
    std::string create_webhook(const SignedIn& s, const std::string& name, const std::string& event,
                               const std::string& url);
    std::string receiver_url(const std::string& name, const std::string& query = "") const;

  private:
    fake::FakeServer server_;
    std::unique_ptr<Client> client_;
};

std::string webhook_xml(const std::string& name, const std::string& event_attr, const std::string& source_element,
                        const std::string& url, const std::string& extra_attrs = "");

// Every element name and element@attribute name in a document, e.g. {"webhook", "webhook@id"}.
std::set<std::string> names_of(const pugi::xml_node& root, bool skip_source_children = false);
std::set<std::string> names_of_file(const std::string& fixture, bool skip_source_children = false);
std::string fixture_text(const std::string& name);

// XPath-free helpers: first descendant element with this name.
pugi::xml_node find(const pugi::xml_node& root, const char* name);

} // namespace conformance
