"""Background job results are followed on the jobs pages (nsp/jobs), not in the admin."""

from __future__ import annotations

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

admin.site.unregister(DBTaskResult)
