"""Factories for the case journal."""

from __future__ import annotations

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from journal.choices import EntryKind
from journal.models import JournalEntry
from tests.cases.factories import CaseFactory
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n%test\n"


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    case = factory.SubFactory(CaseFactory, admitted=True)
    author = factory.SubFactory(UserFactory)
    kind = EntryKind.PUBLIC_BODY_CONTACT
    entry_date = factory.LazyFunction(timezone.localdate)
    text = "Kontakt med socialtjänsten om boende."

    class Params:
        with_attachment = factory.Trait(
            attachment=factory.LazyFunction(lambda: ContentFile(PDF, name="intyg.pdf")),
            attachment_name="intyg.pdf",
        )
