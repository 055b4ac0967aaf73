"""Load test of the customer area (issue 17): customers browse, open tickets
and reply. Started by tests/benchmark/run against a server with --workers 4;
each simulated customer is one of the benchmark's portal accounts (bench_c1
... bench_c50, password = login), logged in beforehand when
QANAT_BENCH_SESSIONS names their sessions."""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

ACCOUNTS = itertools.cycle(f"bench_c{index}" for index in range(1, 51))
# Sessions of customers already logged in, from QANAT_BENCH_SESSIONS (a JSON
# list written by ``bench.py sessions``); without it each customer logs in.
SESSIONS = (
    json.load(open(os.environ["QANAT_BENCH_SESSIONS"], encoding="utf-8"))
    if os.environ.get("QANAT_BENCH_SESSIONS")
    else []
)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
DEVICE_OPTION = re.compile(r'<option[^>]*value="(\d+)"')
TICKET_LINK = re.compile(r'href="(?:/fa)?/my/tickets/(\d+)')


class Customer(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.tickets = []
        if SESSIONS:
            # Logged in beforehand (tests/benchmark/run): browsing only.
            self.client.cookies.set("session_id", SESSIONS.pop())
            return
        login = next(ACCOUNTS)
        page = self.client.get("/web/login", name="/web/login")
        self.client.post(
            "/web/login",
            data={
                "login": login,
                "password": login,
                "csrf_token": CSRF.search(page.text).group(1),
            },
            name="/web/login (post)",
        )

    @task(5)
    def browse(self):
        for path in ("/my", "/my/devices", "/my/tickets", "/my/invoices"):
            self.client.get(path, name=path)

    @task(3)
    def read_ticket(self):
        page = self.client.get("/my/tickets", name="/my/tickets")
        ids = TICKET_LINK.findall(page.text)
        if ids:
            self.client.get(
                f"/my/tickets/{random.choice(ids)}", name="/my/tickets/<id>"
            )

    @task(1)
    def open_ticket(self):
        form = self.client.get("/my/tickets/new", name="/my/tickets/new")
        devices = DEVICE_OPTION.findall(form.text)
        token = CSRF.search(form.text)
        if not (devices and token):
            return
        self.client.post(
            "/my/tickets/new",
            data={
                "csrf_token": token.group(1),
                "device_id": devices[0],
                "name": "Load test: the unit does not start",
                "description": "Opened by the load test.",
                "priority": "1",
            },
            name="/my/tickets/new (post)",
        )

    @task(2)
    def reply(self):
        page = self.client.get("/my/tickets", name="/my/tickets")
        ids = TICKET_LINK.findall(page.text)
        if not ids:
            return
        self.client.post(
            "/mail/message/post",
            data=json.dumps(
                {
                    "params": {
                        "thread_model": "qanat.ticket",
                        "thread_id": int(random.choice(ids)),
                        "post_data": {
                            "body": "A reply from the load test.",
                            "message_type": "comment",
                            "subtype_xmlid": "mail.mt_comment",
                        },
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
            name="/mail/message/post",
        )
