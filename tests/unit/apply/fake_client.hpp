#pragma once
// An in-memory WriteClient that records every call, for executor tests. It emulates the server rules the
// executor depends on (unique names, lost responses) without HTTP.
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tableau/client.hpp"

namespace tabhook::testing {

class FakeClient : public tableau::WriteClient {
  public:
    model::LiveWebhooks webhooks;
    bool unique_names = false;
    int duplicate_status = 409; // how unique_names refuses: 409 or 400, with these codes
    std::string duplicate_code = "409004";
    std::string refuse_url;   // creates with this URL get 400 400000 (a refused declaration)
    int missing_status = 404; // the answer to a delete or get of an unknown id: 404 or 400
    std::string missing_code = "404031";
    int lose_create_responses = 0;          // the next N creates happen, but the caller sees outcome_unknown
    int fail_deletes = 0;                   // the next N deletes fail with a 500
    std::map<std::string, int> test_status; // by webhook name; default 200
    std::map<std::string, tableau::TestResult> test_results; // by webhook name; before test_status
    std::vector<std::string> calls;                          // "create gitops-a", "delete 1", "test gitops-a", ...

    const tableau::SessionInfo& session() const override { return session_; }
    tableau::ClientStats stats() const override { return {}; }

    tableau::ApiResult<model::LiveWebhooks> list_webhooks() override {
        const std::lock_guard lock(mutex_);
        calls.push_back("list");
        return webhooks;
    }
    tableau::ApiResult<model::LiveWebhook> get_webhook(const std::string& id) override {
        const std::lock_guard lock(mutex_);
        calls.push_back("get " + id);
        for (const auto& w : webhooks)
            if (w.id == id) return w;
        return tl::unexpected(http(missing_status, missing_code));
    }
    tableau::ApiResult<model::LiveWebhook> create_webhook(const tableau::WebhookSpec& spec) override {
        const std::lock_guard lock(mutex_);
        calls.push_back("create " + spec.name);
        if (!refuse_url.empty() && spec.url == refuse_url) return tl::unexpected(http(400, "400000"));
        if (unique_names)
            for (const auto& w : webhooks)
                if (w.name == spec.name) return tl::unexpected(http(duplicate_status, duplicate_code));
        model::LiveWebhook w{"new-" + std::to_string(next_id_++),
                             spec.name,
                             model::Event(spec.event),
                             spec.url,
                             spec.enabled,
                             "",
                             "me",
                             "admin",
                             ""};
        webhooks.push_back(w);
        if (lose_create_responses > 0) {
            --lose_create_responses;
            tableau::ApiError e;
            e.kind = tableau::ApiError::Kind::outcome_unknown;
            return tl::unexpected(e);
        }
        return w;
    }
    tableau::ApiResult<model::LiveWebhook> update_webhook(const std::string& id,
                                                          const tableau::WebhookSpec& spec) override {
        const std::lock_guard lock(mutex_);
        calls.push_back("update " + id);
        for (auto& w : webhooks)
            if (w.id == id) {
                w.event = model::Event(spec.event);
                w.url = spec.url;
                w.enabled = spec.enabled;
                w.status_change_reason.clear();
                return w;
            }
        return tl::unexpected(http(404, "404031"));
    }
    tableau::ApiResult<void> delete_webhook(const std::string& id) override {
        const std::lock_guard lock(mutex_);
        calls.push_back("delete " + id);
        if (fail_deletes > 0) {
            --fail_deletes;
            return tl::unexpected(http(500, "500000"));
        }
        const auto before = webhooks.size();
        std::erase_if(webhooks, [&](const auto& w) { return w.id == id; });
        if (webhooks.size() == before) return tl::unexpected(http(missing_status, missing_code));
        return {};
    }
    tableau::ApiResult<tableau::TestResult> test_webhook(const std::string& id) override {
        const std::lock_guard lock(mutex_);
        for (const auto& w : webhooks)
            if (w.id == id) {
                calls.push_back("test " + w.name);
                if (const auto r = test_results.find(w.name); r != test_results.end()) return r->second;
                const auto it = test_status.find(w.name);
                return tableau::TestResult{it == test_status.end() ? 200 : it->second, ""};
            }
        return tl::unexpected(http(404, "404031"));
    }

  private:
    static tableau::ApiError http(int status, std::string code) {
        tableau::ApiError e;
        e.kind = tableau::ApiError::Kind::http;
        e.http_status = status;
        e.code = std::move(code);
        return e;
    }
    tableau::SessionInfo session_{"3.24", "site-id", "me"};
    std::mutex mutex_;
    int next_id_ = 0;
};

} // namespace tabhook::testing
