"""Views: the folder is private to its organisation; the directory is public and bare."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from certification import records
from certification.choices import ActionStatus, CertificationStatus, ProfileStatus
from certification.models import ActivityProfile, Certification, FolderDocument, FolderNote
from nsp.accounts.models import Organisation, User
from nsp.audit.models import AccessLog
from tests.certification import factories as cf
from tests.conftest import login
from tests.factories import UserFactory
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_b(org_b: Organisation) -> User:
    user: User = UserFactory(username="manager_b", organisation=org_b, manager=True)
    return user


def test_it_checks_ownership_of_folder_assessment_action_profile_and_document(
    org_a: Organisation, staff_b: User, manager_b: User
) -> None:
    assessment = cf.completed_assessment(org_a)
    action = assessment.action_items.get()
    profile = cf.submitted_profile(org_a)
    document = cf.document(org_a)
    urls = [
        f"/certifiering/aktor/{org_a.pk}/",
        f"/certifiering/bedomning/{assessment.pk}/",
        f"/certifiering/bedomning/{assessment.pk}/pdf/",
        f"/certifiering/atgard/{action.pk}/",
        f"/certifiering/profil/{profile.pk}/",
        f"/certifiering/dokument/{document.pk}/",
        f"/certifiering/aktor/{org_a.pk}/profil/",
    ]
    for outsider in (staff_b, manager_b):
        client = login(outsider)
        for url in urls:
            assert client.get(url).status_code in (403, 404), (outsider, url)
        # Writing into another actor's folder or action plan is refused too.
        assert client.post(urls[0], {"note-text": "x"}).status_code == 404
        assert client.post(urls[3], {"upd-note": "x"}).status_code == 404
    assert not FolderNote.objects.exists()
    # My own folder shows my organisation only.
    own = login(manager_b).get("/certifiering/min-mapp/").content.decode()
    assert org_a.name not in own and assessment.catalogue.code not in own


def test_staff_may_read_but_not_write_the_folder(org_a: Organisation, staff_a: User) -> None:
    client = login(staff_a)
    assert client.get(f"/certifiering/aktor/{org_a.pk}/").status_code == 200
    assert client.post(f"/certifiering/aktor/{org_a.pk}/", {"note-text": "x"}).status_code == 403


def test_the_manager_fills_in_and_submits_the_profile(
    org_a: Organisation, manager_a: User, coordinator: User
) -> None:
    cf.catalogues()
    client = login(manager_a)
    url = f"/certifiering/aktor/{org_a.pk}/profil/"
    page = client.get(url).content.decode()
    assert "Stödsamtal" in page and "Säkerheten bedöms vara" in page
    response = client.post(
        url,
        {
            "2.3.1__offers": "on",
            "2.3.1__assistance": ["internal"],
            "2.3.1__target_group": ["women", "children"],
            "2.3.1__geography": "Stockholm",
            "housing__places": "6",
            "housing__security": "Hög",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    profile = ActivityProfile.objects.get(organisation=org_a)
    assert profile.status == ProfileStatus.SUBMITTED
    assert profile.services["2.3.1"]["target_group"] == ["women", "children"]
    assert profile.housing == {"places": 6, "security": "Hög"}
    # Submitted: the manager can no longer change it; the coordinator reviews.
    assert client.get(url).status_code == 302
    review = login(coordinator).post(
        f"/certifiering/profil/{profile.pk}/granska/", {"decision": "accept", "comment": ""}
    )
    assert review.status_code == 302
    assert Certification.objects.get(organisation=org_a).status == CertificationStatus.STEP_2


def test_the_coordinator_records_a_visit_through_the_form(
    org_a: Organisation, coordinator: User
) -> None:
    catalogue = cf.minimum_requirements()
    client = login(coordinator)
    response = client.post(
        f"/certifiering/aktor/{org_a.pk}/bedomning/ny/",
        {"catalogue": catalogue.pk, "visit_date": "2026-10-01"},
    )
    assert response.status_code == 302
    assessment = org_a.assessments.get()
    data = {}
    for answer in assessment.answers.select_related("item"):
        data[f"{answer.pk}__outcome"] = "met" if answer.item.number != "5" else "not_met"
        data[f"{answer.pk}__answer"] = "Svar"
        if answer.item.number == "5":
            data[f"{answer.pk}__recommendation"] = "Skriv rutin"
            data[f"{answer.pk}__agreed_deadline"] = "2026-12-01"
    data["complete"] = "1"
    response = client.post(f"/certifiering/bedomning/{assessment.pk}/svar/", data)
    assert response.status_code == 302
    action = assessment.action_items.get()
    assert action.description == "Skriv rutin"
    assert str(action.deadline) == "2026-12-01"


def test_the_action_plan_through_the_views(
    org_a: Organisation, manager_a: User, coordinator: User
) -> None:
    action = cf.completed_assessment(org_a).action_items.get()
    url = f"/certifiering/atgard/{action.pk}/"
    login(manager_a).post(url, {"upd-note": "Klart nu", "upd-mark_done": "on"})
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    # The actor cannot verify its own item.
    assert login(manager_a).post(url, {"ver-decision": "close"}).status_code == 403
    login(coordinator).post(url, {"ver-decision": "close", "ver-note": ""})
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert AccessLog.objects.filter(object_id=str(action.pk)).exists()


def test_status_change_refused_is_shown_not_saved(org_a: Organisation, coordinator: User) -> None:
    cf.CertificationFactory(organisation=org_a)
    response = login(coordinator).post(
        f"/certifiering/aktor/{org_a.pk}/status/",
        {"to_status": CertificationStatus.CERTIFIED, "reason": "x", "on": "2026-01-01"},
    )
    assert response.status_code == 200  # the form lists only allowed targets
    assert Certification.objects.get(organisation=org_a).status == CertificationStatus.NOT_STARTED


def test_documents_are_checked_by_content_and_downloads_are_logged(
    org_a: Organisation, manager_a: User, staff_a: User
) -> None:
    client = login(manager_a)
    url = f"/certifiering/aktor/{org_a.pk}/"
    fake = SimpleUploadedFile("rutin.pdf", b"<html>not a pdf</html>", "application/pdf")
    client.post(url, {"doc-title": "Falsk", "doc-file": fake})
    assert not FolderDocument.objects.exists()
    real = SimpleUploadedFile("rutin.pdf", b"%PDF-1.4\n%...", "application/octet-stream")
    assert client.post(url, {"doc-title": "Rutin", "doc-file": real}).status_code == 302
    document = FolderDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert "rutin" not in document.file.name  # never the uploader's file name on disk
    response = login(staff_a).get(f"/certifiering/dokument/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert AccessLog.objects.filter(object_id=str(document.pk), action="download").exists()


def test_the_assessment_pdf_has_the_action_plan(org_a: Organisation, manager_a: User) -> None:
    assessment = cf.completed_assessment(org_a)
    response = login(manager_a).get(f"/certifiering/bedomning/{assessment.pk}/pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Åtgärda krav 7" in text and "NSP/MC/Dok.10" in text
    assert AccessLog.objects.filter(object_id=str(assessment.pk), action="print").exists()


def test_the_directory_is_public_searchable_and_bare(
    org_a: Organisation, org_b: Organisation
) -> None:
    cf.certify(org_a)
    cf.accepted_profile(  # B has a profile but is not certified: not listed
        org_b, **{"4.1": {"offers": True, "target_group": ["men"]}}
    )
    records.note_add(organisation=org_a, by=cf.manager_of(org_a), text="Intern hemlighet")
    anonymous = Client()
    page = anonymous.get("/katalog/").content.decode()
    assert org_a.name in page and org_b.name not in page
    assert "Stödsamtal" in page and "Intern hemlighet" not in page
    assert org_a.name in anonymous.get("/katalog/?service=2.3.1").content.decode()
    assert org_a.name not in anonymous.get("/katalog/?service=4.1").content.decode()
    assert org_a.name not in anonymous.get("/katalog/?target_group=men").content.decode()
    assert org_a.name in anonymous.get("/katalog/?target_group=women").content.decode()
    assert org_a.name not in anonymous.get("/katalog/?region=Skåne").content.decode()
    assert anonymous.get(f"/katalog/{org_b.pk}/").status_code == 404
    detail = anonymous.get(f"/katalog/{org_a.pk}/").content.decode()
    assert "Stödsamtal" in detail and "Intern hemlighet" not in detail


def test_the_overview_shows_the_pilot_table(
    org_a: Organisation, org_b: Organisation, coordinator: User
) -> None:
    cf.certify(org_a)
    cf.submitted_profile(org_b)
    page = login(coordinator).get("/certifiering/").content.decode()
    assert org_a.name in page and org_b.name in page
    assert "Åtgärda krav 7" in page  # the open action item


def test_documents_over_10_mb_are_refused(org_a: Organisation, manager_a: User) -> None:
    big = SimpleUploadedFile(
        "stor.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "application/pdf"
    )
    response = login(manager_a).post(
        f"/certifiering/aktor/{org_a.pk}/", {"doc-title": "Stor", "doc-file": big}
    )
    assert response.status_code == 200
    assert "10 MB" in response.content.decode()
    assert not FolderDocument.objects.exists()


def test_opening_a_folder_is_logged(org_a: Organisation, coordinator: User) -> None:
    login(coordinator).get(f"/certifiering/aktor/{org_a.pk}/")
    assert AccessLog.objects.filter(object_id=str(org_a.pk), user=coordinator).exists()
