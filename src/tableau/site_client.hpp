#pragma once
// The webhook endpoints of one site over a shared Session. SiteClient is what `connect()` returns;
// ReadOnlySiteClient (from `connect_read_only()`) has no write methods, and its session refuses writes too.
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "tableau/client.hpp"
#include "tableau/session.hpp"

namespace tabhook::tableau {

// The last list a client decoded, with the body it was decoded from, so that a byte-identical answer (an
// idle site, polled by `tabhook run`) is not decoded again: list_webhooks_shared() then returns the very
// same list. Only a list that came in one page is kept (Tableau documents no paging for webhooks); a
// paged list is decoded every time. One body and one list per client: bounded by the sites.
// Decoding is a function of the body alone (its URLs were learned by this session's redactor when it was
// decoded, and the session outlives the memo), so serving it again is exactly what decoding would give.
class ListMemo {
  public:
    ApiResult<std::shared_ptr<const model::LiveWebhooks>> list(Session& session);

  private:
    std::mutex mutex_; // one list at a time per client
    std::optional<std::string> body_;
    std::shared_ptr<const model::LiveWebhooks> webhooks_;
};

// What both clients read, over one session: `Interface` is ReadClient or WriteClient (instantiated for
// those two in site_client.cpp).
template <class Interface> class SiteReads : public Interface {
  public:
    explicit SiteReads(std::shared_ptr<Session> session) : session_(std::move(session)) {}
    const SessionInfo& session() const override { return session_->info(); }
    ApiResult<model::LiveWebhooks> list_webhooks() override;
    ApiResult<std::shared_ptr<const model::LiveWebhooks>> list_webhooks_shared() override {
        return memo_.list(*session_);
    }
    ApiResult<model::LiveWebhook> get_webhook(const std::string& id) override;
    ClientStats stats() const override { return session_->stats(); }
    ApiResult<void> switch_site(const model::Site& site) override { return session_->switch_site(site); }
    ApiResult<SiteUser> signed_in_user() override;

  protected:
    std::shared_ptr<Session> session_;

  private:
    ListMemo memo_;
};

class ReadOnlySiteClient final : public SiteReads<ReadClient> {
  public:
    using SiteReads::SiteReads;
};

class SiteClient final : public SiteReads<WriteClient> {
  public:
    using SiteReads::SiteReads;

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
    // Below API 3.8: `what` ("creating a disabled webhook") is not possible on this server.
    ApiError needs_api_3_8(const ApiCall& call, const std::string& what) const;
    // Sends a create or update with its body; `include_enabled`: isEnabled is sent (API >= 3.8).
    ApiResult<model::LiveWebhook> write_webhook(ApiCall call, const WebhookSpec& spec, bool include_enabled);
};

} // namespace tabhook::tableau
