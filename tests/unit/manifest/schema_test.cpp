#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "model/events.hpp"
#include "support.hpp"

using namespace tabhook;
using namespace tabhook::manifest;
using namespace tabhook::manifest::testing;

namespace {
nlohmann::json schema() {
    std::ifstream in(std::string(TABHOOK_SOURCE_DIR) + "/schemas/tabhook-v1.json");
    REQUIRE(in);
    return nlohmann::json::parse(in);
}
} // namespace

TEST_CASE("schema: the event enum is exactly what the loader accepts", "[manifest][schema]") {
    const auto doc = schema();
    std::set<std::string> in_schema;
    for (const auto& e : doc["$defs"]["Webhook"]["properties"]["spec"]["properties"]["event"]["enum"])
        in_schema.insert(e.get<std::string>());
    for (const auto& spelling : in_schema) {
        INFO(spelling);
        CHECK(model::find_event(spelling) != nullptr);
    }
    for (const auto spelling : model::event_spellings()) {
        INFO(spelling);
        CHECK(in_schema.count(std::string(spelling)) == 1);
    }
}

TEST_CASE("schema: every spec field it describes is one the loader knows", "[manifest][schema]") {
    const auto doc = schema();
    for (const char* kind : {"Site", "Webhook"}) {
        for (const auto& [field, _] : doc["$defs"][kind]["properties"]["spec"]["properties"].items()) {
            const std::string text =
                std::string(kind) == "Site" ? kSite + "  " + field + ": {}\n" : with_webhook("  " + field + ": {}\n");
            for (const auto& d : load_text(text).errors) {
                INFO(kind << " spec." << field << ": " << to_string(d));
                CHECK(d.rule != "unknown-field");
            }
        }
    }
}
