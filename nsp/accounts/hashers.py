"""Password hashing: Argon2id with the OWASP Password Storage Cheat Sheet's parameters.

OWASP's first choice is Argon2id with at least 19 MiB of memory, 2 iterations and one
degree of parallelism. Django's own ``Argon2PasswordHasher`` defaults to 100 MiB and
parallelism 8, sized for a dedicated server with many cores; on our two-core servers a
login would then take as much CPU as the PBKDF2 we are leaving. docs/SECURITY.md
("Password storage") has the reasoning and the measured times.

The algorithm name stays ``argon2``, so hashes made by Django's class verify here and
vice versa; Django re-hashes at the next login any hash whose parameters differ from
these (``must_update``), PBKDF2 ones included (PBKDF2 stays in ``PASSWORD_HASHERS`` to
verify the hashes stored before the switch).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id, m = 19 MiB (19 456 KiB), t = 2, p = 1."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
