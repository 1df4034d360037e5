"""The database itself refuses to change or delete access-log rows, whoever asks."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only (%).', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_accesslog_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_accesslog_append_only ON audit_accesslog;
DROP FUNCTION IF EXISTS audit_accesslog_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_usersession")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
