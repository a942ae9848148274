"""A working day at the bureau, for Locust (benchmarks/working_day.py runs it; issue 18).

Runs in its own virtual environment (benchmarks/requirements-load.txt), not the project's:
it imports nothing of the project and talks to the stack through nginx like any browser,
kiosk or app. The fixtures (tokens, an application body, items, search words, logins) come
from ``working_day.py prepare`` in WORKING_DAY_FIXTURES.

The request mix (weights are per-user task weights; user classes have their own weights):
- citizens browsing (anonymous): the catalogue, an item's guide, a search, the tracking page;
- citizens applying and tracking through the API (bearer token, Idempotency-Key);
- citizens rating a finished case on its page (session);
- clerks at the window: the queue, a case, accepting it;
- approvers: the worklist, a task, their opinion (approve at the task's level);
- supervisors and leaders: the statistics board, the overdue list, the home board.

The rating citizen, the clerk, the approver, the supervisor and the leader are one user each
(``fixed_count``) at every load; the other users are citizens browsing and applying (10:4).

Every request is named ``role: action`` so the statistics are per page. A 409 (someone
else acted on the case first) is expected under load and counted as an answer, not a
failure; anything else outside 2xx/3xx is a failure.
"""

import json
import os
import random
import re
import uuid

from locust import HttpUser, between, constant, task

with open(os.environ["WORKING_DAY_FIXTURES"], encoding="utf-8") as _handle:
    FIXTURES = json.load(_handle)
THINK = between(0.5, 2.0) if os.environ.get("WORKING_DAY_THINK") else constant(0)

CASE_LINK = re.compile(r'href="(/cases/window/cases/DY\d+/)"')
TASK_LINK = re.compile(r'href="(/cases/department/tasks/\d+/)"')
APPROVE_LEVEL = re.compile(r'name="approve-level"[^>]*value="([^"]*)"')
RATE_LINK = re.compile(r'href="(/feedback/cases/DY\d+/rate/)"')
# The production profile names it __Host-csrftoken (settings.py); a dev server csrftoken.
CSRF_COOKIES = ("__Host-csrftoken", "csrftoken")


def _ok(response, also=()):
    if 200 <= response.status_code < 400 or response.status_code in also:
        response.success()
    else:
        response.failure(f"HTTP {response.status_code}")


class Base(HttpUser):
    abstract = True
    wait_time = THINK

    def on_start(self):
        self.client.verify = False  # the stack's self-signed certificate

    def _csrf(self):
        for name in CSRF_COOKIES:
            value = self.client.cookies.get(name)
            if value:
                return value
        return ""

    def post_form(self, path, data, name, also=(409,)):
        data = {**data, "csrfmiddlewaretoken": self._csrf()}
        headers = {"Referer": f"{self.host}{path}"}
        with self.client.post(
            path, data=data, headers=headers, name=name, catch_response=True, allow_redirects=False
        ) as response:
            _ok(response, also)
            return response

    def get(self, path, name, also=()):
        with self.client.get(path, name=name, catch_response=True) as response:
            _ok(response, also)
            return response

    def login(self, username, password):
        self.client.get("/accounts/login/", name="login: page")
        response = self.post_form(
            "/accounts/login/", {"username": username, "password": password}, "login: post", ()
        )
        if response.status_code != 302:
            raise RuntimeError(f"login of {username} failed: HTTP {response.status_code}")


class Ceiling(HttpUser):
    """The bare view (GET /healthz: no database, cache or session) through nginx and TLS."""

    wait_time = constant(0)

    def on_start(self):
        self.client.verify = False

    @task
    def bare(self):
        with self.client.get("/healthz", name="ceiling: /healthz", catch_response=True) as r:
            _ok(r)


class CitizenBrowsing(Base):
    weight = 10

    @task(4)
    def browse(self):
        self.get("/services/", "citizen: catalogue")

    @task(4)
    def guide(self):
        code = random.choice(FIXTURES["items"])
        self.get(f"/services/items/{code}/", "citizen: item guide")

    @task(3)
    def search(self):
        word = random.choice(FIXTURES["search_words"])
        self.get(f"/services/search/?q={word}", "citizen: search")

    @task(1)
    def track_page(self):
        self.get("/cases/track/", "citizen: tracking page")


class CitizenApplying(Base):
    weight = 4

    def on_start(self):
        super().on_start()
        self.token = random.choice(FIXTURES["tokens"])
        self.numbers = []

    def _auth(self):
        return {"Authorization": f"Bearer {self.token}"}

    @task(2)
    def apply(self):
        headers = {
            **self._auth(),
            "Content-Type": "application/json",
            "Idempotency-Key": f"load-{uuid.uuid4()}",
        }
        with self.client.post(
            "/api/cases/apply",
            data=json.dumps(FIXTURES["application"]),
            headers=headers,
            name="citizen: apply (API)",
            catch_response=True,
        ) as response:
            _ok(response)
            if response.status_code == 201:
                self.numbers.append(response.json()["number"])

    @task(3)
    def mine(self):
        with self.client.get(
            "/api/cases/mine?page_size=20",
            headers=self._auth(),
            name="citizen: my cases (API)",
            catch_response=True,
        ) as response:
            _ok(response)

    @task(3)
    def track(self):
        if not self.numbers:
            return self.mine()
        number = random.choice(self.numbers[-20:])
        with self.client.get(
            f"/api/cases/{number}",
            headers=self._auth(),
            name="citizen: track a case (API)",
            catch_response=True,
        ) as response:
            _ok(response)


class CitizenRating(Base):
    fixed_count = 1  # one at every load: the roles' pages are always in the mix

    def on_start(self):
        super().on_start()
        self.username = random.choice(sorted(FIXTURES["rateable"]))
        self.rateable = list(FIXTURES["rateable"][self.username])
        random.shuffle(self.rateable)
        self.login(self.username, FIXTURES["password"])

    @task(2)
    def my_cases(self):
        self.get("/cases/mine/", "citizen: my cases page")

    @task(1)
    def rate(self):
        if not self.rateable:
            return self.my_cases()
        number = self.rateable.pop()  # this citizen's finished case, not rated yet
        path = f"/feedback/cases/{number}/rate/"
        page = self.get(path, "citizen: rating page")
        if 'name="level"' not in page.text:
            return  # rated meanwhile (another run)
        self.post_form(
            path,
            {"level": random.choice(["5", "5", "5", "4", "3"]), "comment": ""},
            "citizen: rate",
        )


class Clerk(Base):
    fixed_count = 1  # one at every load: the roles' pages are always in the mix

    def on_start(self):
        super().on_start()
        self.login(FIXTURES["clerk"], FIXTURES["password"])

    @task(3)
    def queue(self):
        self.get("/cases/window/", "clerk: window queue")

    @task(2)
    def accept(self):
        queue = self.get("/cases/window/", "clerk: window queue")
        links = CASE_LINK.findall(queue.text)
        if not links:
            return
        path = random.choice(links)
        page = self.get(path, "clerk: case page")
        if 'value="accept"' not in page.text:
            return
        self.post_form(path, {"action": "accept"}, "clerk: accept")


class Approver(Base):
    fixed_count = 1  # one at every load: the roles' pages are always in the mix

    def on_start(self):
        super().on_start()
        self.login(FIXTURES["approver"], FIXTURES["password"])

    @task(3)
    def worklist(self):
        self.get("/cases/department/", "approver: worklist")

    @task(2)
    def decide(self):
        worklist = self.get("/cases/department/", "approver: worklist")
        links = TASK_LINK.findall(worklist.text)
        if not links:
            return
        path = random.choice(links)
        page = self.get(path, "approver: task page")
        if 'value="start_review"' in page.text:
            self.post_form(path, {"action": "start_review"}, "approver: start review")
            page = self.get(path, "approver: task page")
        level = APPROVE_LEVEL.search(page.text)
        if level is None:
            return
        self.post_form(
            path,
            {"action": "approve", "approve-level": level.group(1), "approve-reason": "同意。"},
            "approver: opinion",
        )


class Supervisor(Base):
    fixed_count = 1  # one at every load: the roles' pages are always in the mix

    def on_start(self):
        super().on_start()
        self.login(FIXTURES["supervisor"], FIXTURES["password"])

    @task(2)
    def statistics(self):
        self.get("/cases/statistics/", "supervisor: statistics board")

    @task(1)
    def overdue(self):
        self.get("/cases/department/overdue/", "supervisor: overdue list")


class Leader(Base):
    fixed_count = 1  # one at every load: the roles' pages are always in the mix

    def on_start(self):
        super().on_start()
        self.login(FIXTURES["leader"], FIXTURES["password"])

    @task(2)
    def home(self):
        self.get("/", "leader: home board")

    @task(1)
    def statistics(self):
        self.get("/cases/statistics/", "leader: statistics board")
