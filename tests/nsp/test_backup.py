"""`manage.py backup` and `manage.py restore`: a round trip restores every row."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory

from nsp.accounts import services
from nsp.accounts.models import Organisation, User
from nsp.audit.access import log_access
from nsp.backup import connection_args, find_tool
from tests.factories import OrganisationFactory, UserFactory


def _snapshot() -> dict[str, tuple[int, str]]:
    """Row count and an MD5 of all rows (sorted) for every table, history tables included."""
    tables = connection.introspection.table_names()
    result = {}
    with connection.cursor() as cursor:
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') "  # noqa: S608
                f"FROM {quoted} AS t"
            )
            count, digest = cursor.fetchone()
            result[table] = (count, digest)
    return result


def _populate() -> str:
    """Rows with recognisable personal data; returns the case number."""
    from tests.cases.factories import CaseFactory

    org_a = OrganisationFactory(name="Stiftelsen Trygga Hem")
    org_b = OrganisationFactory(name="Föreningen Nordstjärnan")
    staff = UserFactory(username="handlaggare.a", organisation=org_a)
    UserFactory(username="ansvarig.b", organisation=org_b, manager=True)
    UserFactory(username="samordnare", coordinator=True)
    services.user_update(user=staff, title="Kurator")  # a second history row
    org_b.region = "Skåne"
    org_b.save()  # and one for the organisation
    request = RequestFactory().get("/x/")
    request.user = staff
    log_access(request, org_a)
    case = CaseFactory(organisation=org_a, admitted=True, nationality="Moldavien")
    return str(case.case_number)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_of_every_table(tmp_path: Path) -> None:
    case_number = _populate()
    before = _snapshot()
    assert before["accounts_historicaluser"][0] >= 4
    assert before["audit_accesslog"][0] == 1

    out = io.StringIO()
    dump = tmp_path / "nsp.dump"
    call_command("backup", output=str(dump), stdout=out)
    assert dump.stat().st_size > 0
    assert "accounts_organisation" in out.getvalue()  # progress names the tables
    assert oct(dump.stat().st_mode & 0o777) == "0o600"
    # A stolen file reveals nothing (issue 17 item 14): no pg_dump archive, no name, no
    # user, no case number, no nationality, nothing from an MFA secret.
    content = dump.read_bytes()
    assert content.startswith(b"NSPBAK1")
    for plain in (
        b"PGDMP",
        b"Stiftelsen Trygga Hem",
        b"handlaggare.a",
        b"samordnare",
        case_number.encode(),
        b"Moldavien",
        b"accounts_organisation",
        b"nspenc1:",
    ):
        assert plain not in content, plain
    assert not list(tmp_path.glob("*.partial"))  # no plaintext left beside it

    # Lose and change data: a new organisation, an edit, a deleted user, a wiped log.
    OrganisationFactory(name="Ny aktör")
    Organisation.objects.filter(name="Stiftelsen Trygga Hem").update(region="Gotland")
    User.objects.filter(username="samordnare").delete()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_accesslog")
    changed = _snapshot()
    assert changed != before

    out = io.StringIO()
    call_command("restore", str(dump), yes=True, stdout=out)
    assert "restored" in out.getvalue()
    after = _snapshot()
    differing = sorted(t for t in before if before[t] != after.get(t))
    assert not differing, differing
    assert set(after) == set(before)
    print(f"restore compared {len(before)} tables, {sum(c for c, _ in before.values())} rows")


def test_restore_needs_confirmation(tmp_path: Path, db: None) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.dump"))


def test_restore_refuses_a_missing_file(tmp_path: Path, db: None) -> None:
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", str(tmp_path / "x.dump"), yes=True)


def test_it_uses_client_tools_at_least_as_new_as_the_server(db: None) -> None:
    server_major = connection.pg_version // 10000  # type: ignore[attr-defined]
    assert find_tool("pg_dump", server_major).major >= server_major
    with pytest.raises(CommandError):
        find_tool("pg_dump", 999)


def test_the_password_never_appears_on_the_command_line() -> None:
    args, env = connection_args(
        {"NAME": "nsp", "USER": "nsp", "PASSWORD": "hemligt", "HOST": "db", "PORT": 5432}
    )
    assert "hemligt" not in " ".join(args)
    assert env["PGPASSWORD"] == "hemligt"
    assert args == ["--dbname", "dbname='nsp' host='db' port='5432' user='nsp'"]


def test_a_socket_directory_in_options_is_used_as_host() -> None:
    args, _env = connection_args({"NAME": "nsp", "OPTIONS": {"host": "/run/pg's"}})
    assert args[1] == "dbname='nsp' host='/run/pg\\'s'"


def _write(tmp_path: Path, data: bytes, name: str = "x.bin") -> Path:
    from nsp.backup_crypto import encrypt_stream

    path = tmp_path / name
    with path.open("wb") as target:
        encrypt_stream(io.BytesIO(data), target)
    return path


def _read(path: Path) -> bytes:
    from nsp.backup_crypto import decrypt_chunks

    with path.open("rb") as source:
        return b"".join(decrypt_chunks(source))


@pytest.mark.parametrize("size", [0, 1, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024 + 7])
def test_encryption_round_trips_any_size(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    assert _read(_write(tmp_path, data)) == data


def test_a_wrong_key_truncation_or_tampering_is_refused(tmp_path: Path, settings: object) -> None:
    from cryptography.fernet import Fernet

    from nsp.backup_crypto import BackupKeyError

    path = _write(tmp_path, b"PGDMP" * 400_000)
    content = path.read_bytes()
    for broken in (content[:-1], content[:-100], content[: len(content) // 2]):
        (tmp_path / "broken").write_bytes(broken)
        with pytest.raises(BackupKeyError):
            _read(tmp_path / "broken")
    flipped = bytearray(content)
    flipped[-50] ^= 1
    (tmp_path / "flipped").write_bytes(bytes(flipped))
    with pytest.raises(BackupKeyError):
        _read(tmp_path / "flipped")
    settings.NSP_BACKUP_KEY = Fernet.generate_key().decode()  # type: ignore[attr-defined]
    with pytest.raises(BackupKeyError, match="another key"):
        _read(path)


def test_with_a_public_key_only_the_private_key_restores(tmp_path: Path, settings: object) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from nsp.backup_crypto import BackupKeyError

    private = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (tmp_path / "backup.pub").write_bytes(public_pem)
    settings.NSP_BACKUP_PUBLIC_KEY = str(tmp_path / "backup.pub")  # type: ignore[attr-defined]
    path = _write(tmp_path, b"secret rows")
    assert path.read_bytes()[7:8] == b"P"
    with pytest.raises(BackupKeyError, match="NSP_BACKUP_PRIVATE_KEY"):
        _read(path)
    settings.NSP_BACKUP_PRIVATE_KEY = private_pem.decode()  # type: ignore[attr-defined]
    assert _read(path) == b"secret rows"


def test_restore_refuses_an_unencrypted_dump(tmp_path: Path, db: None) -> None:
    (tmp_path / "old.dump").write_bytes(b"PGDMP plaintext archive")
    with pytest.raises(CommandError, match="Not an encrypted NSP backup"):
        call_command("restore", str(tmp_path / "old.dump"), yes=True)
