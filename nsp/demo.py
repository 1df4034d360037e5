"""Demo people and organisations, shared by ``seed_demo`` and documentation.

Demo accounts exist only in development databases; the MFA secret is public on purpose
so that a developer can log in as the coordinator (``manage.py demo_totp``).
"""

from __future__ import annotations

from dataclasses import dataclass

from nsp.accounts.choices import Role

DEMO_PASSWORD = "nsp-demo-losenord-2026"
# Base32 TOTP secret shared by the demo accounts that must use MFA. Development only.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    org_number: str
    region: str
    contact_name: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation: str | None  # DemoOrganisation.key
    title: str


ORGANISATIONS = [
    DemoOrganisation("a", "Stiftelsen Trygga Hem", "802400-1111", "Stockholm", "Anna Berg"),
    DemoOrganisation("b", "Föreningen Nordstjärnan", "802400-2222", "Västra Götaland", "Erik Lind"),
    DemoOrganisation("c", "Kvinnojouren Skogsbrynet", "802400-3333", "Skåne", "Maria Holm"),
]

USERS = [
    DemoUser("samordnare", "Sara", "Samuelsson", Role.COORDINATOR, None, "Samordnare"),
    DemoUser("programansvarig", "Per", "Persson", Role.PROGRAMME_MANAGER, None, "Programansvarig"),
    DemoUser("admin", "Ada", "Admin", Role.ADMINISTRATOR, None, "Systemadministratör"),
    DemoUser("handlaggare.a", "Hanna", "Holm", Role.ACTOR_STAFF, "a", "Socionom"),
    DemoUser("ansvarig.a", "Vera", "Viklund", Role.ACTOR_MANAGER, "a", "Verksamhetsansvarig"),
    DemoUser("handlaggare.b", "Bo", "Berglund", Role.ACTOR_STAFF, "b", "Kurator"),
    DemoUser("ansvarig.b", "Britt", "Björk", Role.ACTOR_MANAGER, "b", "Verksamhetsansvarig"),
    DemoUser("ansvarig.c", "Carl", "Carlsson", Role.ACTOR_MANAGER, "c", "Verksamhetsansvarig"),
]
