#pragma once
// The shapes that cross the wire, independent of XML or JSON: what requests carry once parsed, and
// what responses show. xml_codec and json_codec translate between these and bytes.
#include <optional>
#include <string>
#include <vector>

namespace fake {

enum class Format { xml, json };

// POST /auth/signin, either format.
struct SignInRequest {
    std::optional<std::string> name;
    std::optional<std::string> password;
    std::optional<std::string> pat_name;
    std::optional<std::string> pat_secret;
    std::optional<std::string> jwt;
    std::optional<std::string> site_content_url; // absent: the default site ""
    bool impersonate = false;                    // a <user id=…/> inside <credentials>
};

// POST /auth/switchSite, either format: <tsRequest><site contentUrl="…"/></tsRequest> or
// {"site": {"contentUrl": "…"}}. An absent contentUrl is the default site "", as in sign-in.
struct SwitchSiteRequest {
    std::optional<std::string> site_content_url;
};

// POST/PUT /sites/{id}/webhooks[/{id}], either format. Absent fields are nullopt.
struct WebhookRequest {
    std::optional<std::string> name;
    std::optional<std::string> event;          // the `event` attribute
    std::optional<std::string> source_element; // the child of <webhook-source>
    std::optional<std::string> url;
    std::optional<std::string> method;
    std::optional<bool> enabled;
    std::optional<std::string> status_change_reason;
};

struct WebhookView {
    std::string id;
    std::string name;
    std::string event;   // `event` attribute; omitted when empty
    std::string element; // webhook-source child; omitted when empty
    std::string url;
    bool enabled = true;
    std::string status_change_reason;
    bool has_status = true; // isEnabled and statusChangeReason are written (API >= 3.8)
    std::string owner_id;
    std::string owner_name;
    std::string created_at; // createdAt / updatedAt: written only when not empty (--created-at present)
    std::string updated_at;
};

// How JSON answers spell the values whose JSON type the public evidence leaves open (the json-* rows of
// the assumption matrix). The defaults are what tableau-api.md infers.
struct JsonStyle {
    bool enabled_as_string = false;     // --json-enabled string: "isEnabled": "true"
    bool code_as_number = false;        // --json-error-code number: "code": 409009
    bool single_item_as_object = false; // --json-single-item object: a one-element list as its element
};

struct CredentialsView {
    std::string token;
    std::string site_id;
    std::string site_content_url;
    std::string user_id;
    std::string estimated_time_to_expiration; // H+:MM:SS
};

struct ServerInfoView {
    std::string product_version;
    std::string build;
    std::string api_version;
};

// GET /sites/{site-id}/users/{user-id} (Query User On Site): the attributes a real answer carries for a
// local user; lastLogin is left out for a user who never signed in, as Tableau does.
struct UserView {
    std::string id;
    std::string name;
    std::string site_role;
    std::string auth_setting;
    std::string last_login; // ISO-8601, or "" (omitted)
};

struct TestResultView {
    std::string id;
    std::optional<int> status; // nullopt: the `status` attribute/key is left out (--test-result no-status)
    std::string body;
};

} // namespace fake
