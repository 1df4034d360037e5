"""The case journal's pages: the journal of a case, writing, correcting, commenting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.views._common import case_or_404
from journal import selectors, services
from journal.forms import CommentForm, EntryForm
from journal.models import JournalEntry
from journal.permissions import (
    can_comment_journal,
    can_correct_journal_entry,
    can_edit_journal_entry,
    can_write_journal,
)
from nsp.audit.access import log_access
from nsp.permissions import get_for_user_or_404, require_case_reader
from nsp.uploads import serve_protected_file
from nsp.viewtools import acting_user, add_service_errors, ensure


def _entry_or_404(request: HttpRequest, entry_id: Any) -> JournalEntry:
    return get_for_user_or_404(
        request.user,
        JournalEntry.objects.select_related("case__organisation"),
        org_path="case__organisation",
        pk=entry_id,
    )


@require_case_reader
def case_journal(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_or_404(request, case_id)
    log_access(request, case)
    entries = list(selectors.journal_entries(case))
    now = timezone.now()
    can_comment = can_comment_journal(request.user)
    takeover = selectors.takeover_decision(case) if can_comment else None
    rows = [
        {
            "entry": e,
            "locked": e.is_locked(now),
            "can_edit": bool(can_edit_journal_entry(request.user, e)),
            "offers_takeover": takeover is not None and selectors.offers_takeover(e),
        }
        for e in entries
    ]
    return render(
        request,
        "journal/case_journal.html",
        {
            "case": case,
            "rows": rows,
            "can_write": can_write_journal(request.user, case),
            "can_comment": can_comment,
            "takeover": takeover,
            "comment_form": CommentForm(),
        },
    )


def _entry_form(
    request: HttpRequest, case: Any, *, entry: JournalEntry | None, corrects: JournalEntry | None
) -> HttpResponse:
    initial: dict[str, object] = {"entry_date": timezone.localdate()}
    if entry is not None:
        initial = EntryForm.initial_from(entry)
    elif corrects is not None:
        initial = {**EntryForm.initial_from(corrects), "entry_date": timezone.localdate()}
    form = EntryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if entry is not None:
                saved = services.entry_update(entry=entry, by=acting_user(request), **data)
            else:
                saved = services.entry_add(
                    case=case, by=acting_user(request), corrects=corrects, **data
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(_journal_url(case.pk, saved.pk))
    if entry is not None:
        title = _("Edit journal entry")
    elif corrects is not None:
        title = _("Correct journal entry")
    else:
        title = _("New journal entry")
    return render(
        request,
        "journal/entry_form.html",
        {"form": form, "case": case, "title": title, "corrects": corrects, "entry": entry},
    )


def _journal_url(case_id: Any, entry_id: Any) -> str:
    return reverse("journal:case_journal", args=[case_id]) + f"#entry-{entry_id}"


@require_case_reader
def entry_create(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_or_404(request, case_id)
    ensure(can_write_journal, request.user, case)
    log_access(request, case)
    return _entry_form(request, case, entry=None, corrects=None)


@require_case_reader
def entry_edit(request: HttpRequest, entry_id: Any) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    ensure(can_edit_journal_entry, request.user, entry)
    log_access(request, entry)
    return _entry_form(request, entry.case, entry=entry, corrects=None)


@require_case_reader
def entry_correct(request: HttpRequest, entry_id: Any) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    ensure(can_correct_journal_entry, request.user, entry)
    log_access(request, entry)
    return _entry_form(request, entry.case, entry=None, corrects=entry)


@require_POST
@require_case_reader
def comment_create(request: HttpRequest, entry_id: Any) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    ensure(can_comment_journal, request.user)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the comment."))
    else:
        try:
            services.comment_add(
                entry=entry, by=acting_user(request), text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(_journal_url(entry.case_id, entry.pk))


@require_case_reader
def entry_attachment(request: HttpRequest, entry_id: Any) -> HttpResponseBase:
    entry = _entry_or_404(request, entry_id)
    if not entry.attachment:
        raise Http404
    return serve_protected_file(request, entry.attachment, entry.attachment_name or "bilaga", entry)
