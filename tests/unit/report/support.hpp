#pragma once
// What the report tests share: golden files, and the site their plans are made for.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "model/desired.hpp"
#include "model/live.hpp"

// Golden files: tests/golden/NAME holds a renderer's expected output; UPDATE_GOLDEN=1 rewrites them.
inline void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = std::string(TABHOOK_SOURCE_DIR) + "/tests/golden/" + name;
    if (std::getenv("UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << actual;
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream expected;
    expected << in.rdbuf();
    CHECK(actual == expected.str());
}

// A webhook as a site lists it.
inline tabhook::model::LiveWebhook live(std::string id, std::string name, std::string event, std::string url,
                                        bool enabled, std::string reason, std::string owner_id,
                                        std::string owner_name) {
    return tabhook::model::LiveWebhook{std::move(id),
                                       std::move(name),
                                       tabhook::model::Event(event),
                                       std::move(url),
                                       enabled,
                                       std::move(reason),
                                       std::move(owner_id),
                                       std::move(owner_name),
                                       ""};
}

// A webhook the manifests declare for site "marketing", tested as required.
inline tabhook::model::Webhook wh(std::string name, std::string event, std::string url) {
    return tabhook::model::Webhook{std::move(name),
                                   "marketing",
                                   tabhook::model::Event(event),
                                   std::move(url),
                                   true,
                                   tabhook::model::TestPolicy::required,
                                   {}};
}

// Site "marketing" (contentUrl "marketing") on `server`, pruning what tabhook's account owns.
inline tabhook::model::Site marketing_site(std::string server = "https://tableau.example.com") {
    tabhook::model::Site s;
    s.name = "marketing";
    s.server = std::move(server);
    s.content_url = "marketing";
    s.prune = tabhook::model::Prune::owned;
    return s;
}
