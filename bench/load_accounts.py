"""The load test's accounts, shared by ``bench.load`` (creates them) and the locustfile.

No Django import here: the locustfile reads these names before Django is set up.

* ``last.NNN`` — actor staff (no MFA), spread over the demo organisations;
* ``last.prog.NNN`` — coordinators (even NNN) and programme managers (odd NNN), each with
  its own TOTP authenticator whose secret is :func:`totp_secret` of the username.

The secrets are derived from the username with a fixed bench-only key so that both
processes know them without passing them around; they protect bench accounts in the
``nsp_bench`` database only.
"""

from __future__ import annotations

import base64
import hashlib

PASSWORD = "nsp-load-losenord-2026"  # noqa: S105 - bench accounts only
_TOTP_KEY = b"nsp-load-totp-2026"  # bench accounts only


def actor_username(i: int) -> str:
    return f"last.{i:03d}"


def programme_username(i: int) -> str:
    return f"last.prog.{i:03d}"


def totp_secret(username: str) -> str:
    """A base32 TOTP secret (160 bits, as allauth generates) for a bench account."""
    digest = hashlib.sha256(_TOTP_KEY + username.encode()).digest()[:20]
    return base64.b32encode(digest).decode("ascii")
