#!/usr/bin/env bash
# The CI examples in examples/ci do what docs/ci.md says, run locally against fake-tableau:
# - GitHub Actions (tabhook-plan.yml, tabhook-apply.yml) and GitLab CI (.gitlab-ci.yml) are parsed with
#   PyYAML; their shell steps run with the environment the workflow gives them, the Tableau variables set
#   to examples/README.md's demo values and the servers pointed at fake-tableau. Asserted: validate exits 0
#   with no ::error line; plan exits 0 with "changes pending" recorded and a comment body that starts with
#   the marker; the comment is posted once, then updated in place (the API is a stub on PATH that records
#   its arguments and refuses any host but the two APIs); apply exits 0 and writes the audit log the
#   artifact step uploads; a plan against a server outside the allowlist fails and says so in the comment.
#   Static rules: the pull-request jobs never apply, the allowlist covers every server, permissions and
#   concurrency are as documented, no ${{ }} expression inside a run: script.
# - The pre-commit hook (.pre-commit-hooks.yaml at the root, and its copy in examples/ci/pre-commit) runs
#   through pre-commit itself: passes on the examples, fails on a broken manifest.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
: "${TABHOOK_SOURCE_DIR:?}"

mkdir -p "$WORK/bin" "$WORK/stub"
ln -s "$TABHOOK" "$WORK/bin/tabhook"

# A stand-in for curl and gh: records every call as a JSON line in $STUB_LOG and answers the few GitHub and
# GitLab API calls the workflows make. Anything else (another host, gh at all) fails like a network error.
cat >"$WORK/stub/curl" <<'PY'
#!/usr/bin/env python3
import json, os, sys, urllib.parse
args = sys.argv[1:]
method, url, body, out, headers = "GET", None, None, None, []
i = 0
while i < len(args):
    a = args[i]
    if a in ("-X", "--request"):
        method = args[i + 1]; i += 1
    elif a in ("-H", "--header"):
        headers.append(args[i + 1]); i += 1
    elif a in ("-d", "--data", "--data-binary", "--data-raw"):
        v = args[i + 1]; i += 1
        body = open(v[1:]).read() if v.startswith("@") else v
        if method == "GET": method = "POST"
    elif a in ("-o", "--output"):
        out = args[i + 1]; i += 1
    elif not a.startswith("-"):
        url = a
    i += 1
with open(os.environ["STUB_LOG"], "a") as log:
    log.write(json.dumps({"tool": "curl", "method": method, "url": url, "headers": headers, "body": body}) + "\n")
host = urllib.parse.urlsplit(url or "").hostname
if host not in ("api.github.com", "gitlab.example.com"):
    sys.stderr.write(f"curl: (6) Could not resolve host: {host}\n"); sys.exit(6)
path = urllib.parse.urlsplit(url).path
if method == "GET" and path.endswith("/user"):
    answer = json.dumps({"id": 99, "username": "project_7_bot"})
elif method == "GET":
    answer = open(os.environ["STUB_LIST"]).read() if os.environ.get("STUB_LIST") else "[]"
else:
    answer = json.dumps({"id": 1})
if out: open(out, "w").write(answer)
else: sys.stdout.write(answer)
PY
cat >"$WORK/stub/gh" <<'PY'
#!/usr/bin/env python3
import json, os, sys
with open(os.environ["STUB_LOG"], "a") as log:
    log.write(json.dumps({"tool": "gh", "args": sys.argv[1:]}) + "\n")
sys.stderr.write("gh: not expected in these workflows\n"); sys.exit(1)
PY
chmod +x "$WORK/stub/curl" "$WORK/stub/gh"

cat >"$WORK/ci_check.py" <<'PY'
import json, os, re, shutil, subprocess, sys
import yaml

SRC = os.environ["TABHOOK_SOURCE_DIR"]
CI = os.path.join(SRC, "examples/ci")
WORK = os.environ["WORK"]
FAKE_URL = os.environ["FAKE_URL"]
PORT = os.environ["FAKE_PORT"]
MARKER = "<!-- tabhook-plan -->"
failures = []


def fail(msg):
    print("FAIL:", msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


# The demo environment, as examples/README.md gives it.
readme = open(os.path.join(SRC, "examples/README.md")).read()
DEMO = {k: v.replace("$PORT", PORT) for k, v in re.findall(r"^export (\w+)=(\S+)$", readme, re.M)}
check(len(DEMO) >= 9, f"examples/README.md: expected the demo's export lines, found {sorted(DEMO)}")
SECRET_VALUES = [v for k, v in DEMO.items() if k.endswith("_SECRET")] + ["/_fake/receiver/"]

BASE_ENV = {"PATH": f"{WORK}/stub:{WORK}/bin:/usr/bin:/bin", "HOME": WORK, "LANG": "C.UTF-8",
            "STUB_LOG": f"{WORK}/stub.log", "CI": "true"}


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def point_at_fake(env, where):
    """Asserts the allowlist covers every server the workflow names, then points both at fake-tableau."""
    allow = [s.strip() for s in str(env.get("TABHOOK_ALLOWED_SERVERS", "")).split(",") if s.strip()]
    check(allow, f"{where}: TABHOOK_ALLOWED_SERVERS is not set")
    for k, v in env.items():
        if k.endswith("_SERVER_URL"):
            check(v in allow, f"{where}: {k}={v} is not in the allowlist {allow}")
            env[k] = FAKE_URL
    env["TABHOOK_ALLOWED_SERVERS"] = FAKE_URL


def run_script(name, script, env, cwd):
    """Runs a step like the runner does (bash -eo pipefail); returns (exit code, stdout+stderr)."""
    p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    with open(os.path.join(WORK, f"{name}.log"), "w") as f:
        f.write(p.stdout)
    return p.returncode, p.stdout


def expect_rc(name, rc, out, want):
    if rc != want:
        print(out, file=sys.stderr)
        fail(f"{name}: exited {rc}, expected {want}")


def stub_calls():
    path = os.path.join(WORK, "stub.log")
    calls = [json.loads(l) for l in open(path)] if os.path.exists(path) else []
    open(path, "w").close()
    return calls


def assert_no_secret(text, where):
    for s in SECRET_VALUES:
        check(s not in text, f"{where} contains the secret value {s!r}")


def fresh_repo(name):
    repo = os.path.join(WORK, name)
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(os.path.join(SRC, "examples"), repo)
    return repo


def reset_fake():
    subprocess.run(["curl", "-fsS", "-X", "POST", "-o", "/dev/null", f"{FAKE_URL}/_fake/reset"], check=True)


def webhook_count():
    out = subprocess.run(["curl", "-fsS", f"{FAKE_URL}/_fake/webhooks"], check=True, capture_output=True, text=True)
    return len(json.loads(out.stdout)["webhooks"])


# ---------------------------------------------------------------------------------------------- GitHub
GH = os.path.join(CI, "github/.github/workflows")


def gh_static(plan_wf, apply_wf):
    on = plan_wf.get("on", plan_wf.get(True))  # PyYAML reads the key `on` as True (YAML 1.1)
    check(on and "pull_request" in on, "tabhook-plan.yml: not triggered by pull_request")
    check(plan_wf.get("permissions") == {"contents": "read", "pull-requests": "write"},
          f"tabhook-plan.yml: permissions {plan_wf.get('permissions')}")
    job = plan_wf["jobs"]["plan"]
    check("head.repo.full_name == github.repository" in str(job.get("if", "")),
          "tabhook-plan.yml: the job is not skipped for forks")
    ids = [s.get("id") for s in job["steps"] if "run" in s]
    check(ids == ["install", "validate", "plan", "comment"], f"tabhook-plan.yml: run steps {ids}")
    on = apply_wf.get("on", apply_wf.get(True))
    check(on and on.get("push", {}).get("branches") == ["main"], "tabhook-apply.yml: not triggered by push to main")
    check(apply_wf.get("permissions") == {"contents": "read"}, "tabhook-apply.yml: permissions wider than contents: read")
    conc = apply_wf.get("concurrency") or apply_wf["jobs"]["apply"].get("concurrency")
    check(conc and conc.get("group") and conc.get("cancel-in-progress") is False,
          "tabhook-apply.yml: applies are not serialised (concurrency group, cancel-in-progress: false)")
    steps = apply_wf["jobs"]["apply"]["steps"]
    apply_step = next(s for s in steps if s.get("id") == "apply")
    m = re.search(r"--audit-log (\S+)", apply_step["run"])
    check(m, "tabhook-apply.yml: apply writes no audit log")
    upload = next((s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")), None)
    check(upload and upload["with"]["path"] == m.group(1), "tabhook-apply.yml: the audit log is not uploaded")
    check("always()" in str(upload.get("if", "")), "tabhook-apply.yml: the audit log is not uploaded when apply fails")
    for name, wf in (("tabhook-plan.yml", plan_wf), ("tabhook-apply.yml", apply_wf)):
        for j in wf["jobs"].values():
            for s in j["steps"]:
                check("${{" not in s.get("run", ""), f"{name}: an expression inside a run: script (use env:)")
    for s in job["steps"]:
        check("tabhook apply" not in s.get("run", ""), "tabhook-plan.yml: the pull-request job applies")


def gh_env(wf, job, step, **extra):
    env = dict(BASE_ENV)
    env.update({k: str(v) for k, v in (wf.get("env") or {}).items()})
    env.update({k: str(v) for k, v in (job.get("env") or {}).items()})
    env.update({k: str(v) for k, v in (step.get("env") or {}).items()})
    point_at_fake(env, "workflow env")
    runner = {"GITHUB_TOKEN": "ghs_STUB", "PR_NUMBER": "42", "HEAD_SHA": "0123abc"}
    for k, v in list(env.items()):
        if "${{" in v:
            if k in DEMO:
                env[k] = DEMO[k]
            elif k in runner:
                env[k] = runner[k]
            else:
                fail(f"the test does not know what to give {k}={v}")
    env.update({"GITHUB_ACTIONS": "true", "GITHUB_API_URL": "https://api.github.com",
                "GITHUB_REPOSITORY": "example/webhooks", "GITHUB_OUTPUT": f"{WORK}/github_output",
                "GITHUB_STEP_SUMMARY": f"{WORK}/step_summary"})
    env.update(extra)
    return env


def gh_run(wf, job_name, step_id, repo, **extra):
    job = wf["jobs"][job_name]
    step = next(s for s in job["steps"] if s.get("id") == step_id)
    open(f"{WORK}/github_output", "w").close()
    rc, out = run_script(f"gh-{job_name}-{step_id}", step["run"], gh_env(wf, job, step, **extra), repo)
    outputs = dict(l.split("=", 1) for l in open(f"{WORK}/github_output").read().split("\n") if "=" in l)
    return rc, out, outputs


def github():
    plan_wf = load(os.path.join(GH, "tabhook-plan.yml"))
    apply_wf = load(os.path.join(GH, "tabhook-apply.yml"))
    gh_static(plan_wf, apply_wf)
    reset_fake()
    repo = fresh_repo("gh-repo")
    stub_calls()

    rc, out, _ = gh_run(plan_wf, "plan", "validate", repo)
    expect_rc("github validate", rc, out, 0)
    check("::error" not in out, f"github validate printed annotations:\n{out}")
    check("valid" in out, f"github validate: no summary:\n{out}")

    rc, out, outputs = gh_run(plan_wf, "plan", "plan", repo)
    expect_rc("github plan", rc, out, 0)
    check(outputs.get("exitcode") == "2", f"github plan: exitcode output {outputs}, expected 2 (changes pending)")
    comment = open(os.path.join(repo, "comment.md")).read()
    check(comment.startswith(MARKER + "\n"), "github plan: the comment does not start with the marker")
    check("### tabhook plan" in comment and "11 to create" in comment, f"github plan: comment:\n{comment}")
    assert_no_secret(comment, "the pull-request comment")
    check(webhook_count() == 0, "github plan wrote to the site")

    # First run: no comment yet, so one is posted.
    rc, out, _ = gh_run(plan_wf, "plan", "comment", repo)
    expect_rc("github comment (new)", rc, out, 0)
    calls = stub_calls()
    check([c["method"] for c in calls] == ["GET", "POST"], f"github comment (new): calls {calls}")
    check(calls[0]["url"].startswith("https://api.github.com/repos/example/webhooks/issues/42/comments?"), calls[0]["url"])
    check(calls[1]["url"] == "https://api.github.com/repos/example/webhooks/issues/42/comments", calls[1]["url"])
    check("Authorization: Bearer ghs_STUB" in calls[1]["headers"], "github comment: no token sent")
    body = json.loads(calls[1]["body"])["body"]
    check(body.startswith(MARKER) and "11 to create" in body, f"github comment body:\n{body}")
    assert_no_secret(calls[1]["body"], "the posted comment")

    # Next push: the bot's marked comment is updated; a person's comment quoting the marker is left alone.
    listing = [{"id": 555, "body": f"quoting {MARKER}", "user": {"login": "alice"}},
               {"id": 777, "body": MARKER + "\nold plan", "user": {"login": "github-actions[bot]"}}]
    with open(f"{WORK}/comments.json", "w") as f:
        json.dump(listing, f)
    rc, out, _ = gh_run(plan_wf, "plan", "comment", repo, STUB_LIST=f"{WORK}/comments.json")
    expect_rc("github comment (update)", rc, out, 0)
    calls = stub_calls()
    check([(c["method"], c["url"]) for c in calls][1:] ==
          [("PATCH", "https://api.github.com/repos/example/webhooks/issues/comments/777")],
          f"github comment (update): calls {calls}")

    # Merge: apply, with the audit log the artifact step uploads.
    rc, out, _ = gh_run(apply_wf, "apply", "validate", repo)
    expect_rc("github apply validate", rc, out, 0)
    rc, out, _ = gh_run(apply_wf, "apply", "apply", repo)
    expect_rc("github apply", rc, out, 0)
    check("11 done, 0 failed" in out, f"github apply:\n{out}")
    audit = open(os.path.join(repo, "audit.jsonl")).read()
    check(audit.count('"action":"create"') == 11, f"github apply: audit log:\n{audit}")
    assert_no_secret(audit, "the audit log")
    check(webhook_count() == 11, "github apply: the site does not hold the 11 webhooks")
    check(stub_calls() == [], "github apply called an API through curl or gh")

    # After the merge, a pull request's plan shows nothing to do.
    rc, out, outputs = gh_run(plan_wf, "plan", "plan", repo)
    expect_rc("github plan after apply", rc, out, 0)
    check(outputs.get("exitcode") == "0", f"github plan after apply: {outputs}")

    # A pull request pointing a site at a server outside the allowlist: plan refuses, the comment says so.
    job = plan_wf["jobs"]["plan"]
    step = next(s for s in job["steps"] if s.get("id") == "plan")
    env = gh_env(plan_wf, job, step)
    env["TABHOOK_ALLOWED_SERVERS"] = job["env"]["TABHOOK_ALLOWED_SERVERS"]
    rc, out = run_script("gh-plan-outside-allowlist", step["run"], env, repo)
    check(rc != 0, "github plan: a server outside the allowlist did not fail the step")
    comment = open(os.path.join(repo, "comment.md")).read()
    check(comment.startswith(MARKER) and "tabhook plan failed" in comment and "allowlist" in comment,
          f"github plan outside the allowlist: comment:\n{comment}")

    # A broken manifest: annotations and exit 1.
    with open(os.path.join(repo, "webhooks/broken.yaml"), "w") as f:
        f.write("apiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n  name: gitops-broken\n  site: production\n"
                "spec:\n  event: DatasourceRefreshFaild\n  url: https://relay.example.com/x\n")
    rc, out, _ = gh_run(plan_wf, "plan", "validate", repo)
    check(rc == 1 and "::error file=" in out, f"github validate on a broken manifest: rc {rc}:\n{out}")
    print("github: ok")


# ---------------------------------------------------------------------------------------------- GitLab
def gl_static(ci):
    rules = json.dumps(ci["workflow"]["rules"])
    check("merge_request_event" in rules and "CI_DEFAULT_BRANCH" in rules, ".gitlab-ci.yml: workflow rules")
    for name in ("validate", "plan"):
        r = json.dumps(ci[name]["rules"])
        check("merge_request_event" in r and "DEFAULT_BRANCH" not in r, f".gitlab-ci.yml: {name} rules {r}")
        check(all("tabhook apply" not in line for line in ci[name]["script"]), f".gitlab-ci.yml: {name} applies")
    r = json.dumps(ci["apply"]["rules"])
    check("CI_DEFAULT_BRANCH" in r and "merge_request_event" not in r, f".gitlab-ci.yml: apply rules {r}")
    check(ci["apply"].get("resource_group"), ".gitlab-ci.yml: applies are not serialised (resource_group)")
    m = re.search(r"--audit-log (\S+)", "\n".join(ci["apply"]["script"]))
    check(m and m.group(1) in ci["apply"]["artifacts"]["paths"] and ci["apply"]["artifacts"].get("when") == "always",
          ".gitlab-ci.yml: the audit log is not kept as an artifact")
    check(ci["plan"]["artifacts"].get("when") == "always" and "plan.md" in ci["plan"]["artifacts"]["paths"],
          ".gitlab-ci.yml: the plan is not kept as an artifact")


def gl_env(ci, job, **extra):
    env = dict(BASE_ENV)
    env.update({k: str(v) for k, v in (ci.get("variables") or {}).items()})
    point_at_fake(env, ".gitlab-ci.yml variables")
    # Project CI/CD variables: the PLAN_* and APPLY_* tokens carry the demo PATs.
    project = {"TABHOOK_GITLAB_TOKEN": "glpat-STUB"}
    for k, v in DEMO.items():
        if k.startswith("TABLEAU_") and "_PAT_" in k:
            project["PLAN_" + k[len("TABLEAU_"):]] = v
            project["APPLY_" + k[len("TABLEAU_"):]] = v
        elif not k.endswith("_SERVER_URL"):
            project[k] = v
    env.update(project)
    for k, v in (ci[job].get("variables") or {}).items():  # GitLab expands $VAR in job variables
        env[k] = re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), str(v))
    env.update({"GITLAB_CI": "true", "CI_API_V4_URL": "https://gitlab.example.com/api/v4", "CI_PROJECT_ID": "7",
                "CI_MERGE_REQUEST_IID": "5", "CI_COMMIT_SHORT_SHA": "0123abc", "CI_DEFAULT_BRANCH": "main"})
    env.update(extra)
    return env


def gl_run(ci, job, repo, drop=(), **extra):
    env = gl_env(ci, job, **extra)
    for k in drop:
        env.pop(k, None)
    return run_script(f"gl-{job}", "\n".join(ci[job]["script"]), env, repo)


def gitlab():
    ci = load(os.path.join(CI, "gitlab/.gitlab-ci.yml"))
    gl_static(ci)
    reset_fake()
    repo = fresh_repo("gl-repo")
    stub_calls()

    rc, out = gl_run(ci, "validate", repo)
    expect_rc("gitlab validate", rc, out, 0)

    rc, out = gl_run(ci, "plan", repo)
    expect_rc("gitlab plan", rc, out, 0)
    check(webhook_count() == 0, "gitlab plan wrote to the site")
    note = open(os.path.join(repo, "note.md")).read()
    check(note.startswith(MARKER + "\n") and "11 to create" in note, f"gitlab plan: note:\n{note}")
    check(os.path.exists(os.path.join(repo, "plan.md")), "gitlab plan: no plan.md artifact")
    calls = stub_calls()
    api = "https://gitlab.example.com/api/v4"
    check([c["method"] for c in calls] == ["GET", "GET", "POST"], f"gitlab plan (new note): calls {calls}")
    check(calls[0]["url"] == f"{api}/user", calls[0]["url"])
    check(calls[1]["url"].startswith(f"{api}/projects/7/merge_requests/5/notes?"), calls[1]["url"])
    check(calls[2]["url"] == f"{api}/projects/7/merge_requests/5/notes", calls[2]["url"])
    check("PRIVATE-TOKEN: glpat-STUB" in calls[2]["headers"], "gitlab note: no token sent")
    check(json.loads(calls[2]["body"])["body"].startswith(MARKER), "gitlab note: no marker")
    assert_no_secret(calls[2]["body"], "the merge-request note")

    listing = [{"id": 555, "body": f"quoting {MARKER}", "author": {"id": 12}},
               {"id": 777, "body": MARKER + "\nold plan", "author": {"id": 99}}]
    with open(f"{WORK}/notes.json", "w") as f:
        json.dump(listing, f)
    rc, out = gl_run(ci, "plan", repo, STUB_LIST=f"{WORK}/notes.json")
    expect_rc("gitlab plan (update)", rc, out, 0)
    calls = stub_calls()
    check([(c["method"], c["url"]) for c in calls][2:] == [("PUT", f"{api}/projects/7/merge_requests/5/notes/777")],
          f"gitlab plan (update note): calls {calls}")

    rc, out = gl_run(ci, "plan", repo, drop=("TABHOOK_GITLAB_TOKEN",))
    expect_rc("gitlab plan without a token", rc, out, 0)
    check(stub_calls() == [] and "artifacts only" in out, "gitlab plan without a token called the API")

    rc, out = gl_run(ci, "apply", repo)
    expect_rc("gitlab apply", rc, out, 0)
    check(webhook_count() == 11, "gitlab apply: the site does not hold the 11 webhooks")
    audit = open(os.path.join(repo, "audit.jsonl")).read()
    check(audit.count('"action":"create"') == 11, f"gitlab apply: audit log:\n{audit}")
    check(stub_calls() == [], "gitlab apply called an API")

    env_allow = ci["variables"]["TABHOOK_ALLOWED_SERVERS"]
    rc, out = gl_run(ci, "plan", repo, TABHOOK_ALLOWED_SERVERS=env_allow)
    check(rc != 0 and "allowlist" in open(os.path.join(repo, "note.md")).read(),
          f"gitlab plan outside the allowlist: rc {rc}")
    stub_calls()
    print("gitlab: ok")


# ------------------------------------------------------------------------------------------ pre-commit
HOOK_KEYS = ("id", "entry", "language", "files", "pass_filenames", "args")


def git(repo, *args):
    subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, env=pc_env())


def pc_env():
    env = dict(BASE_ENV)
    env.update({"PRE_COMMIT_HOME": f"{WORK}/pre-commit-home", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1"})
    return env


def precommit():
    hooks = load(os.path.join(SRC, ".pre-commit-hooks.yaml"))
    check(isinstance(hooks, list) and len(hooks) == 1, ".pre-commit-hooks.yaml: expected one hook")
    hook = hooks[0]
    check(hook["id"] == "tabhook-validate" and hook["entry"].startswith("tabhook validate --offline"),
          f".pre-commit-hooks.yaml: {hook}")
    config_path = os.path.join(CI, "pre-commit/.pre-commit-config.yaml")
    local = load(config_path)["repos"][0]
    check(local["repo"] == "local", "examples/ci/pre-commit: the first repo is not local")
    copy = local["hooks"][0]
    for k in HOOK_KEYS:
        check(copy.get(k) == hook.get(k), f"examples/ci/pre-commit: {k} differs from .pre-commit-hooks.yaml")

    have = shutil.which("pre-commit")
    if not have:
        print("pre-commit is not installed (scripts/install-deps.sh installs it): running the entry directly")

    # tabhook's repository as pre-commit sees it: a git repository with the hook definition.
    hookrepo = os.path.join(WORK, "hookrepo")
    os.makedirs(hookrepo)
    shutil.copy(os.path.join(SRC, ".pre-commit-hooks.yaml"), hookrepo)
    git(hookrepo, "init", "-q")
    git(hookrepo, "add", ".")
    git(hookrepo, "commit", "-qm", "hooks")
    rev = subprocess.run(["git", "-C", hookrepo, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    remote_config = yaml.safe_dump({"repos": [{"repo": hookrepo, "rev": rev, "hooks": [{"id": "tabhook-validate"}]}]})

    for label, config in (("local", open(config_path).read()), ("from tabhook's repository", remote_config)):
        repo = fresh_repo("pc-repo")
        with open(os.path.join(repo, ".pre-commit-config.yaml"), "w") as f:
            f.write(config)
        git(repo, "init", "-q")
        git(repo, "add", ".")
        git(repo, "commit", "-qm", "manifests")

        def run_hook(name):
            if have:
                p = subprocess.run(["pre-commit", "run", "--all-files", "--color", "never"], cwd=repo, env=pc_env(),
                                   capture_output=True, text=True, timeout=120)
            else:
                cmd = hook["entry"].split() + list(hook["args"])
                p = subprocess.run(cmd, cwd=repo, env=pc_env(), capture_output=True, text=True)
            out = p.stdout + p.stderr
            with open(os.path.join(WORK, f"pre-commit-{name}.log"), "w") as f:
                f.write(out)
            return p.returncode, out

        rc, out = run_hook("ok")
        expect_rc(f"pre-commit ({label}) on the examples", rc, out, 0)
        if have:
            check("Passed" in out, f"pre-commit ({label}): the hook did not run:\n{out}")
        with open(os.path.join(repo, "webhooks/analytics.yaml"), "a") as f:
            f.write("---\napiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n  name: gitops-typo\n  site: production\n"
                    "spec:\n  event: WorkbookRefreshFaild\n  url: https://relay.example.com/${env:NOPE\n")
        git(repo, "add", ".")
        rc, out = run_hook("broken")
        check(rc != 0, f"pre-commit ({label}) passed a broken manifest:\n{out}")
        check("analytics.yaml:" in out and "error" in out, f"pre-commit ({label}): no located error:\n{out}")
    print("pre-commit: ok" + ("" if have else " (entry run directly)"))


which = sys.argv[1]
{"github": github, "gitlab": gitlab, "precommit": precommit}[which]()
PY

export WORK
for part in github gitlab precommit; do
  python3 "$WORK/ci_check.py" "$part" || fail "examples/ci: $part"
done
echo "ci_workflows_run_locally: ok"
