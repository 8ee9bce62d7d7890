#!/usr/bin/env python3
"""Writes the 10,000-webhook plan benchmark's inputs into DIR: seed10k.json (a fake-tableau seed whose site
`marketing` holds webhooks gitops-00000..09999) and m10k/ (100 manifest files declaring the same 10,000, all
on site `bench`; the caller adds the Site manifest, which names the fake's port).
Usage: gen_plan10k.py DIR"""
import json
import os
import sys

work = sys.argv[1]
hooks = [{"site": "marketing", "name": f"gitops-{i:05d}", "event": "DatasourceRefreshFailed",
          "url": f"https://relay.example.com/hooks/{i}", "owner": "admin"} for i in range(10000)]
seed = {"sites": [{"name": "Default", "contentUrl": ""}, {"name": "marketing", "contentUrl": "marketing"}],
        "users": [{"name": "admin", "password": "admin-password", "siteRole": "SiteAdministratorCreator",
                   "personalAccessTokens": [{"name": "tabhook-ci", "secret": "tabhook-ci-secret"}]}],
        "webhooks": hooks}
with open(os.path.join(work, "seed10k.json"), "w") as out:
    json.dump(seed, out)
os.makedirs(os.path.join(work, "m10k"))
for f in range(100):
    with open(os.path.join(work, "m10k", f"team-{f:03d}.yaml"), "w") as out:
        for i in range(f * 100, f * 100 + 100):
            out.write(f"---\napiVersion: tabhook/v1\nkind: Webhook\nmetadata: {{name: gitops-{i:05d}, site: bench}}\n"
                      f"spec: {{event: DatasourceRefreshFailed, url: 'https://relay.example.com/hooks/{i}'}}\n")
