"""Locust scenario for ``make load`` (run by ``bench.load``; traffic to 127.0.0.1 only).

* ``StaffUser`` (actor staff, no MFA): logs in through allauth's form, then mostly opens
  the dashboard, now and then logs out and in again;
* ``Visitor`` (anonymous): the public pages that exist today — the login page, the
  health check and the stylesheet.

Coordinators are not simulated: allauth accepts each TOTP code once per authenticator,
so fifty simultaneous coordinator logins would measure the replay guard, not the app.
"""

from __future__ import annotations

import itertools
import os
from urllib.parse import urlsplit

from locust import HttpUser, between, task

USERS = int(os.environ.get("NSP_LOAD_ACCOUNTS", "50"))
PASSWORD = os.environ.get("NSP_LOAD_PASSWORD", "nsp-load-losenord-2026")
_names = itertools.cycle(f"last.{i:03d}" for i in range(USERS))


class StaffUser(HttpUser):
    weight = 4
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        host = urlsplit(self.host or "")
        if host.hostname not in ("127.0.0.1", "localhost"):
            raise RuntimeError("The load test only targets the loopback interface.")
        self.username = next(_names)
        self.log_in()

    def log_in(self) -> None:
        self.client.get("/accounts/login/", name="login form")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/accounts/login/",
            {"login": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")

    @task(8)
    def dashboard(self) -> None:
        with self.client.get("/", name="dashboard", catch_response=True) as response:
            if response.status_code != 200 or "/accounts/login/" in response.url:
                response.failure("dashboard did not open")

    @task(1)
    def log_out_and_in(self) -> None:
        token = self.client.cookies.get("csrftoken", "")
        self.client.post("/accounts/logout/", {"csrfmiddlewaretoken": token}, name="logout")
        self.log_in()


class Visitor(HttpUser):
    weight = 1
    wait_time = between(1.0, 3.0)

    @task(3)
    def login_page(self) -> None:
        self.client.get("/accounts/login/", name="login form (anonymous)")

    @task(1)
    def health(self) -> None:
        self.client.get("/healthz", name="healthz")

    @task(1)
    def stylesheet(self) -> None:
        self.client.get("/static/css/nsp.css", name="static css")
