"""The parts of allauth's private ``internal`` packages this project uses, in one place.

allauth has no public API for these: recording an authentication in the session (a login
that does not pass through allauth's own flow, e.g. the session-limit re-login), the TOTP
and recovery-code wrappers (activating MFA for seeded demo users) and computing a TOTP
code (the development ``demo_totp`` command, the tests and the load test). Public names
are used wherever allauth has them (``allauth.account.authentication``). An allauth
upgrade that moves one of these breaks this module alone.
"""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    validate_totp_code,
)

__all__ = [
    "TOTP",
    "RecoveryCodes",
    "format_hotp_value",
    "hotp_value",
    "record_authentication",
    "validate_totp_code",
]
