"""Locust scenario for ``make load`` (run by ``bench.load``; traffic to 127.0.0.1 only).

A working day compressed: every simulated user logs in once at start (password, plus a
TOTP code for the programme roles), then mostly reads pages — lists and case pages —
with now and then the dashboard, and rarely logs out and in again. Programme users also
open the statistics page and download decision PDFs, a small share of their requests.

* ``ActorStaff`` (actor staff, no MFA; accounts ``last.NNN``): dashboard, the case list,
  cases picked from the list's own links (never an id of another organisation; each case
  page followed by its timeline fragment, as the page's htmx asks for it; a programme
  user's also by the same-person hint), the
  inquiry list and the funding application list.
* ``ProgrammeUser`` (coordinator or programme manager with TOTP; ``last.prog.NNN``): the
  same pages from the programme's side, plus the decision register, a decision (its page
  and its PDF, picked from the register's links) and the statistics page (its default
  range: this year so far).

Every response is checked — status 200 straight away (a redirect, e.g. to the login, MFA
or re-authentication page, fails), the PDF served as ``application/pdf`` — and anything
else counts as an error. Locust's ``FastHttpUser`` (geventhttpclient) sends the requests:
it costs about half the CPU of the ``requests``-based client on the cores being measured.

allauth accepts a TOTP code once per authenticator, so each programme user has its own
account and waits for the next 30-second window before it reuses one in a re-login.
Codes are computed with allauth's own functions (``hotp_value``) under the bench settings.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import time
from typing import Any
from urllib.parse import urlsplit

import django
import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

from bench import load_accounts as accounts

django.setup()  # bench.settings (set by bench.load): allauth's TOTP period and digits

from allauth.mfa import app_settings as mfa_settings  # noqa: E402

from nsp.accounts.allauth_internal import format_hotp_value, hotp_value  # noqa: E402

# Every request's start and duration, written at the end for ``bench.load`` (which reports
# the figures over the whole run and over the part after the users' ramp-up).
_timings: list[tuple[float, float]] = []


@events.request.add_listener
def _record(start_time: float, response_time: float, **_kwargs: Any) -> None:
    _timings.append((start_time, response_time))


@events.quitting.add_listener
def _write_timings(**_kwargs: Any) -> None:
    path = os.environ.get("NSP_LOAD_TIMINGS")
    if path:
        with open(path, "w") as handle:
            handle.writelines(f"{start:.3f} {millis:.1f}\n" for start, millis in _timings)


_actor_numbers = itertools.count()
_programme_numbers = itertools.count()

CASE_LINK = re.compile(r'href="(/arenden/[0-9a-f-]{36}/)"')
APPLICATION_LINK = re.compile(r'href="(/finansiering/ansokningar/[0-9a-f-]{36}/)"')
DECISION_LINK = re.compile(r'href="(/finansiering/beslut/[0-9a-f-]{36}/)"')
PDF_LINK = re.compile(r'href="(/finansiering/beslut/[0-9a-f-]{36}/pdf/)"')
# Where the app sends a request it will not serve: login, MFA, re-authentication.
_AUTH_PAGES = ("/accounts/login/", "/accounts/2fa/", "/accounts/reauthenticate/")


class NspUser(FastHttpUser):
    abstract = True
    # The programme roles' case page also asks for the same-person hint (htmx, on load).
    programme = False
    wait_time = between(0.5, 2.0)
    username = ""

    def on_start(self) -> None:
        host = urlsplit(self.host or "")
        if host.hostname not in ("127.0.0.1", "localhost"):
            raise RuntimeError("The load test only targets the loopback interface.")
        self.case_urls: list[str] = []
        self.log_in()

    def csrf_token(self) -> str:
        return next((c.value or "" for c in self.client.cookiejar if c.name == "csrftoken"), "")

    # --- Logging in -------------------------------------------------------------------

    def log_in(self) -> None:
        self.client.get("/accounts/login/", name="login form")
        token = self.csrf_token()
        with self.client.post(
            "/accounts/login/",
            {"login": self.username, "password": accounts.PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or location.startswith("/accounts/login"):
                response.failure(f"login answered {response.status_code} → {location!r}")
                raise StopUser()
        if location.startswith("/accounts/2fa/"):
            self.second_factor(location)

    def second_factor(self, url: str) -> None:
        """Hook: the programme roles answer allauth's TOTP step."""
        raise StopUser()

    def log_out_and_in(self) -> None:
        token = self.csrf_token()
        with self.client.post(
            "/accounts/logout/",
            {"csrfmiddlewaretoken": token},
            name="logout",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"logout answered {response.status_code}")
        self.log_in()

    # --- Pages --------------------------------------------------------------------------

    def page(
        self, url: str, name: str, content_type: str = "text/html", headers: Any = None
    ) -> Any:
        """GET ``url``; a failure unless answered 200 of ``content_type`` directly (a
        redirect — to the login, MFA or re-authentication page — is a failure)."""
        with self.client.get(
            url, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = urlsplit(response.headers.get("Location", "")).path
                response.failure(f"status {response.status_code} → {where or '-'}")
            elif not response.headers.get("Content-Type", "").startswith(content_type):
                response.failure(f"content type {response.headers.get('Content-Type')!r}")
            elif content_type == "application/pdf" and not response.content.startswith(b"%PDF"):
                response.failure("not a PDF document")
            return response

    def dashboard(self) -> None:
        self.page("/", "dashboard")

    def case_list(self) -> None:
        response = self.page("/arenden/", "case list")
        self.case_urls = CASE_LINK.findall(response.text or "") or self.case_urls

    def case_detail(self) -> None:
        if not self.case_urls:
            self.case_list()
        if self.case_urls:
            url = random.choice(self.case_urls)  # noqa: S311
            self.page(url, "case detail")
            # The page then asks for its timeline (htmx, on load), as a browser does.
            self.page(f"{url}handelser/", "case timeline", headers={"HX-Request": "true"})
            if self.programme:
                self.page(f"{url}samma-person/", "same-person hint", headers={"HX-Request": "true"})

    def inquiry_list(self) -> None:
        self.page("/arenden/forfragningar/", "inquiry list")

    def application_list(self) -> None:
        self.page("/finansiering/ansokningar/", "application list")


class ActorStaff(NspUser):
    weight = 4

    def on_start(self) -> None:
        self.username = accounts.actor_username(next(_actor_numbers))
        super().on_start()

    @task(10)
    def t_dashboard(self) -> None:
        self.dashboard()

    @task(20)
    def t_case_list(self) -> None:
        self.case_list()

    @task(30)
    def t_case_detail(self) -> None:
        self.case_detail()

    @task(5)
    def t_inquiry_list(self) -> None:
        self.inquiry_list()

    @task(5)
    def t_application_list(self) -> None:
        self.application_list()

    @task(1)
    def t_relogin(self) -> None:
        self.log_out_and_in()


# The last TOTP time step each programme account used, so that no code is offered twice.
_last_step: dict[str, int] = {}


class ProgrammeUser(NspUser):
    weight = 1
    programme = True

    def on_start(self) -> None:
        self.username = accounts.programme_username(next(_programme_numbers))
        self.secret = accounts.totp_secret(self.username)
        self.decision_urls: list[str] = []
        super().on_start()

    def second_factor(self, url: str) -> None:
        period = mfa_settings.TOTP_PERIOD
        step = int(time.time()) // period
        if _last_step.get(self.username) == step:  # this window's code is spent
            gevent.sleep(period - time.time() % period + 0.1)
            step = int(time.time()) // period
        _last_step[self.username] = step
        code = format_hotp_value(hotp_value(self.secret, step))
        self.client.get(url, name="2fa form")
        token = self.csrf_token()
        with self.client.post(
            url,
            {"code": code, "csrfmiddlewaretoken": token},
            name="2fa",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or location.startswith(_AUTH_PAGES):
                response.failure(f"TOTP step answered {response.status_code} → {location!r}")
                raise StopUser()

    @task(10)
    def t_dashboard(self) -> None:
        self.dashboard()

    @task(15)
    def t_case_list(self) -> None:
        self.case_list()

    @task(25)
    def t_case_detail(self) -> None:
        self.case_detail()

    @task(5)
    def t_inquiry_list(self) -> None:
        self.inquiry_list()

    @task(5)
    def t_application_list(self) -> None:
        self.application_list()

    @task(5)
    def t_decision_register(self) -> None:
        response = self.page("/finansiering/beslut/", "decision register")
        self.decision_urls = DECISION_LINK.findall(response.text or "")

    @task(3)
    def t_decision_pdf(self) -> None:
        """Open a decision from the register, then its PDF (the page's own link)."""
        if not self.decision_urls:
            self.t_decision_register()
        if not self.decision_urls:
            return
        detail = self.page(random.choice(self.decision_urls), "decision detail")  # noqa: S311
        for pdf in PDF_LINK.findall(detail.text or "")[:1]:
            self.page(pdf, "decision pdf", content_type="application/pdf")

    @task(2)
    def t_statistics(self) -> None:
        self.page("/rapporter/statistik/", "statistics")

    @task(1)
    def t_relogin(self) -> None:
        self.log_out_and_in()
