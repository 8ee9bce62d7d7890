#pragma once
// The webhook endpoints of one site over a shared Session. SiteClient is what `connect()` returns;
// ReadOnlySiteClient (from `connect_read_only()`) has no write methods, and its session refuses writes too.
#include <memory>

#include "tableau/client.hpp"
#include "tableau/session.hpp"

namespace tabhook::tableau {

class ReadOnlySiteClient final : public ReadClient {
  public:
    explicit ReadOnlySiteClient(std::shared_ptr<Session> session) : session_(std::move(session)) {}
    const SessionInfo& session() const override { return session_->info(); }
    ApiResult<model::LiveWebhooks> list_webhooks() override;
    ApiResult<model::LiveWebhook> get_webhook(const std::string& id) override;
    ClientStats stats() const override { return session_->stats(); }
    ApiResult<SiteUser> signed_in_user() override;

  private:
    std::shared_ptr<Session> session_;
};

class SiteClient final : public WriteClient {
  public:
    explicit SiteClient(std::shared_ptr<Session> session) : session_(std::move(session)) {}
    const SessionInfo& session() const override { return session_->info(); }
    ApiResult<model::LiveWebhooks> list_webhooks() override;
    ApiResult<model::LiveWebhook> get_webhook(const std::string& id) override;
    ClientStats stats() const override { return session_->stats(); }
    ApiResult<SiteUser> signed_in_user() override;

    // Create expects 201 (accepts 200). The body names the event with the `event` attribute from API 3.9,
    // with the `webhook-source` element below it.
    ApiResult<model::LiveWebhook> create_webhook(const WebhookSpec& spec) override;
    // PUT, API >= 3.8 (ApiError{unsupported} below). Tableau documents 201; 200 is accepted too (UNCONFIRMED
    // which one a real server sends).
    ApiResult<model::LiveWebhook> update_webhook(const std::string& id, const WebhookSpec& spec) override;
    // 204 (200 accepted). A 404 is returned as ApiError{http, 404}, not treated as success: whether "already
    // gone" is fine depends on why the caller deleted it (a plan made from a stale list should notice).
    ApiResult<void> delete_webhook(const std::string& id) override;
    ApiResult<TestResult> test_webhook(const std::string& id) override;

  private:
    std::shared_ptr<Session> session_;
};

} // namespace tabhook::tableau
