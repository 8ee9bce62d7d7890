#include "apply/operation.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "plan/planner.hpp"

namespace tabhook::apply {

using tableau::ApiError;

namespace {

tableau::WebhookSpec spec_of(const model::Webhook& d) {
    return tableau::WebhookSpec{d.name, d.event, d.url, d.enabled, d.url_reference_values};
}

// A create the server refused with a 4xx about the request itself. Whether Tableau refuses a second
// webhook with an existing name, and with which status and code, is UNCONFIRMED (409, or 400 with a code
// nobody documents: fake-tableau's --duplicate-names rows), so no status or code is matched: a replace
// whose create is refused lists the site and decides from what it sees. 401, 403 and 429 are about the
// session, the account or the rate, never about the name: another order of writes cannot help.
bool refused_request(const ApiError& e) {
    return e.kind == ApiError::Kind::http && e.http_status >= 400 && e.http_status < 500 && e.http_status != 401 &&
           e.http_status != 403 && e.http_status != 429;
}

// An answer to a delete that may mean "no such webhook": a 404 with any code, or a 400 (the code for an
// unknown id is UNCONFIRMED: 404050, another 404 code, or 400113 as Test a Webhook documents; a delete
// has no body for a 400 to be about). Whether the webhook is gone is then decided by listing the site.
bool maybe_missing(const ApiError& e) {
    return e.kind == ApiError::Kind::http && (e.http_status == 404 || e.http_status == 400);
}

// A write whose outcome is unknown (timed out, connection dropped, response lost) may have happened.
bool maybe_happened(const ApiError& e) {
    return e.kind == ApiError::Kind::outcome_unknown || e.kind == ApiError::Kind::transport;
}

} // namespace

plan::Outcome Operation::run(const plan::Change& change) {
    plan::Outcome out;
    out.change = change;
    switch (change.action) {
    case plan::Action::create: create(*change.desired, out); break;
    case plan::Action::replace: replace(change, out); break;
    case plan::Action::update: update(change, out); break;
    case plan::Action::reenable:
        if (change.in_place)
            update(change, out);
        else
            replace(change, out);
        break;
    case plan::Action::remove: remove(change.live->id, change.name, change.live->url, out); break;
    }
    if (out.status == plan::Outcome::Status::skipped) out.status = plan::Outcome::Status::done;
    return out;
}

void Operation::audit(const std::string& action, const std::string& name, const std::string& id, const std::string& url,
                      bool ok, const std::string& detail) {
    if (audit_) audit_->write(AuditEntry{site_, action, name, id, url, ok, detail});
}

void Operation::fail(plan::Outcome& out, const std::string& what) {
    out.status = plan::Outcome::Status::failed;
    out.error = what;
}

// After a create whose response never came: list again and adopt a webhook with the declared name
// that did not exist before the run and matches the declaration. Never creates twice.
std::optional<model::LiveWebhook> Operation::find_created(const model::Webhook& d) {
    auto listed = client_.list_webhooks();
    if (!listed) return std::nullopt;
    for (const auto& l : *listed) {
        if (l.name != d.name || known_ids_.count(l.id) || !plan::matches(d, l)) continue;
        return l;
    }
    return std::nullopt;
}

bool Operation::create(const model::Webhook& d, plan::Outcome& out) {
    auto created = client_.create_webhook(spec_of(d));
    if (created) {
        audit("create", d.name, created->id, d.url, true, "");
        out.new_id = created->id;
        return true;
    }
    if (maybe_happened(created.error())) {
        if (auto adopted = find_created(d)) {
            audit("create", d.name, adopted->id, d.url, true, "response lost; the created webhook was adopted");
            out.new_id = adopted->id;
            out.notes.push_back("the create's response was lost; the webhook it created was found and adopted");
            return true;
        }
    }
    audit("create", d.name, "", d.url, false, created.error().message());
    fail(out, created.error().message());
    last_error_ = created.error();
    return false;
}

// Whether the site still has a webhook with this id; nullopt when the site cannot be listed.
std::optional<bool> Operation::still_listed(const std::string& id) {
    auto listed = client_.list_webhooks();
    if (!listed) return std::nullopt;
    return std::any_of(listed->begin(), listed->end(), [&](const model::LiveWebhook& l) { return l.id == id; });
}

bool Operation::remove(const std::string& id, const std::string& name, const std::string& url, plan::Outcome& out) {
    auto removed = client_.delete_webhook(id);
    if (removed) {
        audit("delete", name, id, url, true, audit_detail_);
        return true;
    }
    // Whether it is gone is checked by listing, not read from a code or assumed: a delete is idempotent
    // to verify.
    const bool missing = maybe_missing(removed.error());
    if (missing || maybe_happened(removed.error())) {
        if (still_listed(id) == false) {
            audit("delete", name, id, url, true, missing ? "already gone" : "response lost; the webhook is gone");
            out.notes.push_back(missing ? "already deleted by someone else"
                                        : "the delete's response was lost; the webhook is gone");
            return true;
        }
    }
    audit("delete", name, id, url, false, removed.error().message());
    fail(out, removed.error().message());
    return false;
}

void Operation::replace(const plan::Change& c, plan::Outcome& out) {
    if (create(*c.desired, out)) {
        if (!remove(c.live->id, c.name, c.live->url, out)) {
            out.notes.push_back("the new webhook was created but the old one could not be deleted; "
                                "two webhooks carry the name until the next apply removes the old one");
        }
        return;
    }
    if (!last_error_ || !refused_request(*last_error_)) return;
    // Refused: perhaps because the old webhook holds the name. Look before deleting anything.
    const ApiError refusal = *last_error_;
    auto listed = client_.list_webhooks();
    if (!listed) {
        out.notes.push_back("the site could not be listed after the refused create; the old webhook is kept");
        return;
    }
    for (const auto& l : *listed) {
        if (l.name != c.desired->name || known_ids_.count(l.id) || !plan::matches(*c.desired, l)) continue;
        // The server made it after all: keep it, and the replace goes on as planned.
        audit("create", c.name, l.id, c.desired->url, true, "refused, yet found by the re-list; adopted");
        out.new_id = l.id;
        out.error.clear();
        out.status = plan::Outcome::Status::skipped;
        out.notes.push_back("the create was refused, yet the webhook was found by listing the site; adopted");
        if (!remove(c.live->id, c.name, c.live->url, out))
            out.notes.push_back("the old webhook could not be deleted; two webhooks carry the name until the "
                                "next apply removes the old one");
        return;
    }
    // Not made: delete the old webhook first, then create (the order a server that refuses duplicate names
    // needs). Should the create still be refused, the old webhook is created again: never neither.
    out.error.clear();
    out.status = plan::Outcome::Status::skipped;
    out.notes.push_back(fmt::format("the server refused the new webhook while the old one exists (HTTP {}{}): "
                                    "deleted the old webhook first, then created the new one",
                                    refusal.http_status, refusal.code.empty() ? "" : " " + refusal.code));
    if (!remove(c.live->id, c.name, c.live->url, out)) return;
    if (create(*c.desired, out)) return;
    const model::LiveWebhook& old = *c.live;
    auto restored = client_.create_webhook(tableau::WebhookSpec{old.name, old.event, old.url, old.enabled, {}});
    if (restored) {
        audit("create", c.name, restored->id, old.url, true, "the old webhook restored: its replacement was refused");
        out.notes.push_back("the new webhook was refused after the old one was deleted: the old one was created "
                            "again (id " +
                            restored->id + ")");
    } else {
        audit("create", c.name, "", old.url, false, restored.error().message());
        out.notes.push_back("the new webhook was refused after the old one was deleted, and creating the old one "
                            "again failed too (" +
                            restored.error().message() +
                            "): the site has no webhook named like this until the "
                            "next apply");
    }
}

void Operation::update(const plan::Change& c, plan::Outcome& out) {
    auto updated = client_.update_webhook(c.live->id, spec_of(*c.desired));
    if (updated) {
        audit("update", c.name, c.live->id, c.desired->url, true, "");
        out.new_id = updated->id.empty() ? c.live->id : updated->id;
        return;
    }
    audit("update", c.name, c.live->id, c.desired->url, false, updated.error().message());
    if (updated.error().kind == ApiError::Kind::unsupported) {
        out.notes.push_back("the server does not support in-place updates: replacing");
        replace(c, out);
        return;
    }
    fail(out, updated.error().message());
}

} // namespace tabhook::apply
