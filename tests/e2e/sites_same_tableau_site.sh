#!/usr/bin/env bash
# Two Site documents on one Tableau site, both `prune: owned`, each plan against the other's webhooks:
# without a guard every apply creates one webhook per Site and the next deletes both, forever. Written
# alike (contentUrl and server in another case, a default port), validate rejects them and apply sends
# nothing; written as `localhost` and `127.0.0.1`, which no manifest check can see through, the site id
# from sign-in does: apply, plan and drift refuse both before any write. With name prefixes that cannot
# overlap, both Sites converge on the one site and a second apply is a no-op.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
# b signs in as the same account as a, with a password: a PAT holds one session, and two Sites on
# different server spellings are not known to share it, so they would sign each other out.
export ADMIN_PASSWORD=admin-password
localhost_url="http://localhost:$FAKE_PORT"

# two_sites DIR SERVER_A CONTENT_URL_A SERVER_B CONTENT_URL_B [PREFIX_A PREFIX_B]: Sites a and b, one
# webhook each (named PREFIX + "refresh").
two_sites() {
  local dir=$1
  rm -rf "$dir"
  mkdir -p "$dir"
  local own_a="" own_b=""
  [[ -n "${6:-}" ]] && own_a=$'  ownership:\n    namePrefix: '"$6"
  [[ -n "${7:-}" ]] && own_b=$'  ownership:\n    namePrefix: '"$7"
  cat >"$dir/a.yaml" <<YAML
apiVersion: tabhook/v1
kind: Site
metadata:
  name: a
spec:
  server: $2
  contentUrl: "$3"
  auth:
    personalAccessToken:
      name: \${env:TABLEAU_PAT_NAME}
      secret: \${env:TABLEAU_PAT_SECRET}
  prune: owned
$own_a
YAML
  cat >"$dir/b.yaml" <<YAML
apiVersion: tabhook/v1
kind: Site
metadata:
  name: b
spec:
  server: $4
  contentUrl: "$5"
  auth:
    password:
      username: admin
      password: \${env:ADMIN_PASSWORD}
  prune: owned
$own_b
YAML
  add_webhook "$dir/a.yaml" a "${6:-}refresh-a" WorkbookCreated "$FAKE_URL/_fake/receiver/a"
  add_webhook "$dir/b.yaml" b "${7:-}refresh-b" WorkbookCreated "$FAKE_URL/_fake/receiver/b"
}

# 1. Literal duplicates (contentUrl case, server case, a default port and a trailing slash aside): validate
#    names both Sites and the fix; every command refuses before sending anything.
two_sites "$WORK/literal" "$FAKE_URL" marketing "HTTP://127.0.0.1:$FAKE_PORT/" Marketing
log_clear
run_tabhook 1 validate validate "$WORK/literal"
assert_contains "$WORK/validate.err" "b.yaml:4:9: error: site 'b' is the same Tableau site as site 'a' at $WORK/literal/a.yaml:4:9 ($FAKE_URL, contentUrl 'Marketing')"
assert_contains "$WORK/validate.err" "give each Site its own ownership.namePrefix that is not a prefix of the other's, or merge them"
run_tabhook 1 apply-literal apply "$WORK/literal"
run_tabhook 1 plan-literal plan "$WORK/literal"
assert_eq "$(log_count)" 0 "requests sent for manifests that do not validate"

# 2. localhost and 127.0.0.1: the manifests validate, the site ids agree, nothing is written to either.
two_sites "$WORK/alias" "$localhost_url" marketing "$FAKE_URL" Marketing
run_tabhook 0 validate-alias validate "$WORK/alias"
site_id=$(curl -fsS "$FAKE_URL/_fake/sites" | json_get '[s["id"] for s in d["sites"] if s["contentUrl"] == "marketing"][0]')
log_clear
run_tabhook 1 apply-alias apply "$WORK/alias"
for site in a b; do
  assert_contains "$WORK/apply-alias.err" "error: site $site: sites a and b both sign in to Tableau site $site_id (a: $localhost_url, contentUrl 'marketing', $WORK/alias/a.yaml:4:9; b: $FAKE_URL, contentUrl 'Marketing'"
done
assert_contains "$WORK/apply-alias.err" "refusing to write to either"
assert_eq "$(log_writes)" 0 "webhook writes by an apply on two Sites that are one site"
assert_eq "$(api_list marketing | wc -l | tr -d ' ')" 0 "webhooks on marketing"
# plan and drift report both as site errors, in the plan too, so no one reads it as "nothing to do".
run_tabhook 1 plan-alias plan "$WORK/alias"
assert_contains "$WORK/plan-alias.err" "error: site a: sites a and b both sign in to Tableau site $site_id"
assert_contains "$WORK/plan-alias.out" "error: sites a and b both sign in to Tableau site $site_id"
run_tabhook 1 drift-alias drift "$WORK/alias"
assert_contains "$WORK/drift-alias.err" "sites a and b both sign in to Tableau site $site_id"
run_tabhook 1 apply-alias-again apply "$WORK/alias"
assert_eq "$(log_writes)" 0 "webhook writes after a second apply"

# 3. Name prefixes that cannot overlap: both Sites share the site, converge, and stay converged.
two_sites "$WORK/prefixed" "$localhost_url" marketing "$FAKE_URL" Marketing team-a- team-b-
run_tabhook 0 apply-prefixed apply "$WORK/prefixed"
assert_contains "$WORK/apply-prefixed.out" "2 done, 0 failed"
assert_eq "$(api_list marketing | cut -f1 | sort | tr '\n' ' ')" "team-a-refresh-a team-b-refresh-b " "webhooks on marketing"
log_clear
run_tabhook 0 apply-prefixed-again apply "$WORK/prefixed"
assert_eq "$(log_writes)" 0 "webhook writes by a second apply"
run_tabhook 0 plan-prefixed plan "$WORK/prefixed" --detailed-exitcode
echo "sites_same_tableau_site: ok"
