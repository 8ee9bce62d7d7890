#include <catch2/catch.hpp>

#include "support.hpp"

using namespace tabhook;
using namespace tabhook::manifest;
using namespace tabhook::manifest::testing;

// Every way a secret could leak into a message: a literal PAT secret or password, a URL path, a
// resolved value. None may appear in any diagnostic.
TEST_CASE("manifest: no diagnostic ever contains a secret", "[manifest][secrets]") {
    const std::string site = R"(apiVersion: tabhook/v1
kind: Site
metadata:
  name: marketing
spec:
  server: http://tableau.example.com/SENTINEL-SERVER-PATH
  contentUrl: marketing
  auth:
    personalAccessToken:
      name: n
      secret: SENTINEL-PAT-SECRET
---
apiVersion: tabhook/v1
kind: Site
metadata:
  name: other
spec:
  server: ${env:SERVER}
  contentUrl: other
  auth:
    password:
      username: u
      password: 12345678
)";
    const std::string webhooks = R"(apiVersion: tabhook/v1
kind: Webhook
metadata: {name: a, site: marketing}
spec:
  event: DatasourceRefreshFailed
  url: http://hooks.example.com/SENTINEL-URL-PATH?token=SENTINEL-QUERY
---
apiVersion: tabhook/v1
kind: Webhook
metadata: {name: b, site: marketing}
spec:
  event: DatasourceRefreshFailed
  url: "SENTINEL-NOT-A-URL"
---
apiVersion: tabhook/v1
kind: Webhook
metadata: {name: c, site: marketing}
spec:
  event: DatasourceRefreshFailed
  url: https://hooks.example.com/SENTINEL-UNTERMINATED/${env:TOKEN
---
apiVersion: tabhook/v1
kind: Webhook
metadata: {name: d, site: marketing}
spec:
  event: DatasourceRefreshFailed
  url: ${env:URL}
---
apiVersion: tabhook/v1
kind: Webhook
metadata: {name: e, site: marketing}
spec:
  event: DatasourceRefreshFailed
  url: ${env:BAD}
---
apiVersion: tabhook/v1
kind: Webhook
metadata: {name: f, site: marketing}
spec:
  event: DatasourceRefreshFailed
  url: [SENTINEL-IN-A-LIST]
)";
    const auto options = options_with({{"SERVER", "http://SENTINEL-RESOLVED-HOST/SENTINEL-RESOLVED-PATH"},
                                       {"URL", "http://hooks.example.com/SENTINEL-RESOLVED-URL"},
                                       {"BAD", "https://hooks.example.com/SENTINEL\nINJECTED"}});
    const auto r = load_sources({{"s.yaml", site}, {"w.yaml", webhooks}}, options);
    REQUIRE(r.errors.size() >= 8);
    for (const auto& d : r.errors) {
        INFO(to_string(d));
        CHECK(to_string(d).find("SENTINEL") == std::string::npos);
        CHECK(to_string(d).find("12345678") == std::string::npos);
    }
}
