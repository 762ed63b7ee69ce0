"""A working day on the portal, for locust (started by `python -m benchmarks load`).

Partners browse the list, search, open proposals, comment and give their organisation's
position; staff work through the review queue and write private notes; the chair follows the
pact and requests drafts, and waits for each to be ready ("draft ready" in the statistics: the
time from the request until the worker has rendered it). Users log in by a session made
beforehand (benchmarks/_prepare.py); BENCH_INFO names the JSON file with the cookies and ids.
"""

import json
import os
import random
import time
from html.parser import HTMLParser

from locust import HttpUser, between, task

INFO = json.loads(open(os.environ["BENCH_INFO"]).read())  # noqa: SIM115, PTH123
WORDS = ["opleiding", "stages", "duaal leren", "energie", "mobiliteit", "jongeren", "KMO"]
DRAFT_TIMEOUT = float(os.environ.get("BENCH_DRAFT_TIMEOUT", "120"))


class _Form(HTMLParser):
    """The fields (inputs, textareas, checked radios) of the form posting to `action`, and the
    options of its selects (`options[name]`)."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.fields, self.options = action, False, {}, {}
        self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif self.inside and tag == "select":
            self.select = a.get("name")
            self.options.setdefault(self.select, [])
        elif self.inside and tag == "option" and self.select:
            self.options[self.select].append(a.get("value") or "")
        elif self.inside and tag in ("input", "textarea") and a.get("name"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.fields.setdefault(a["name"], a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def form_fields(html: str, action: str) -> dict | None:
    """What a person sends by pressing the button: every field as rendered, and for each select
    one of its options at random."""
    parser = _Form(action)
    parser.feed(html)
    if not parser.fields:
        return None
    for name, options in parser.options.items():
        parser.fields[name] = random.choice(options) if options else ""
    return parser.fields


class _Portal(HttpUser):
    abstract = True
    wait_time = between(1, 4)

    def login(self, cookie: str):
        name, value = cookie.split("=", 1)
        self.client.cookies.set(name, value)

    def post_form(self, page: str, action: str, values: dict, name: str, page_name: str):
        """Load `page`, fill the form posting to `action` as rendered, and send it."""
        response = self.client.get(page, name=page_name)
        fields = form_fields(response.text, action)
        if fields is None:  # the form is not offered (e.g. the proposal closed meanwhile)
            return None
        fields.update(values)
        return self.client.post(action, data=fields, name=name, headers={"Referer": page})


class Partner(_Portal):
    weight = 6

    def on_start(self):
        index = random.randrange(len(INFO["cookies"]["partners"]))
        self.login(INFO["cookies"]["partners"][index])
        self.targets = INFO["partner_targets"][index]

    @task(6)
    def browse(self):
        self.client.get(f"/proposals/?page={random.randint(1, 5)}", name="/proposals/?page=n")

    @task(3)
    def search(self):
        self.client.get(f"/proposals/?q={random.choice(WORDS)}", name="/proposals/?q=…")

    @task(5)
    def read(self):
        self.client.get(f"/proposals/{random.choice(self.targets)}/", name="/proposals/[id]/")

    @task(1)
    def comment(self):
        pk = random.choice(self.targets)
        self.post_form(f"/proposals/{pk}/", f"/proposals/{pk}/comments/",
                       {"text": "Wij willen meewerken (belastingstest)."},
                       name="POST /proposals/[id]/comments/",
                       page_name="/proposals/[id]/")  # fmt: skip

    @task(1)
    def support(self):
        pk = random.choice(self.targets)
        self.post_form(f"/proposals/{pk}/", f"/proposals/{pk}/support/",
                       {"stance": "support", "reason": ""},
                       name="POST /proposals/[id]/support/",
                       page_name="/proposals/[id]/")  # fmt: skip

    @task(1)
    def home(self):
        self.client.get("/", name="/")


class Staff(_Portal):
    weight = 2

    def on_start(self):
        self.login(INFO["cookies"]["staff"])

    @task(4)
    def queue(self):
        self.client.get(f"/proposals/review/?page={random.randint(1, 3)}",
                        name="/proposals/review/")  # fmt: skip

    @task(4)
    def review(self):
        self.client.get(f"/proposals/{random.choice(INFO['open_proposals'])}/",
                        name="/proposals/[id]/")  # fmt: skip

    @task(1)
    def note(self):
        pk = random.choice(INFO["open_proposals"])
        self.post_form(f"/proposals/{pk}/", f"/proposals/{pk}/notes/",
                       {"text": "Nakijken met de sector."},
                       name="POST /proposals/[id]/notes/",
                       page_name="/proposals/[id]/")  # fmt: skip

    @task(1)
    def pact(self):
        self.client.get("/pact/", name="/pact/")


class Chair(_Portal):
    weight = 1
    fixed_count = 1  # one chair
    wait_time = between(5, 10)

    def on_start(self):
        self.login(INFO["cookies"]["chair"])
        self.request_draft()  # every run measures at least one draft

    @task(2)
    def pact(self):
        self.client.get("/pact/", name="/pact/")

    @task(1)
    def request_draft(self):
        started = time.perf_counter()
        response = self.post_form("/pact/", "/pact/drafts/request/", {},
                                  name="POST /pact/drafts/request/",
                                  page_name="/pact/")  # fmt: skip
        if response is None or "/pact/drafts/" not in response.url:
            return
        status_url = response.url.rstrip("/") + "/status/"
        status, exception = "", None
        while time.perf_counter() - started < DRAFT_TIMEOUT:
            fragment = self.client.get(status_url, name="/pact/drafts/[id]/status/").text
            status = fragment.split('data-status="', 1)[-1].split('"', 1)[0]
            if status in ("ready", "failed"):
                break
            time.sleep(1)
        if status != "ready":
            exception = RuntimeError(f"draft {status or 'unknown'} after {DRAFT_TIMEOUT:.0f} s")
        self.environment.events.request.fire(
            request_type="DRAFT", name="draft ready",
            response_time=(time.perf_counter() - started) * 1000, response_length=0,
            exception=exception, context={},
        )  # fmt: skip
