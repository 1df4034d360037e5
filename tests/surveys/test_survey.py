"""The actors' evaluation survey (issue 19; 002, "BILAGA Utvärdering av piloten").

Issue 19: "The actors' evaluation questionnaire of the pilot … is a yearly survey: the
coordinator opens it, each actor's manager answers once, the coordinator sees the answers
side by side and exports them."
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from openpyxl import load_workbook

from nsp.accounts.models import Organisation, User
from nsp.audit.models import AccessAction, AccessLog
from surveys import selectors, services
from surveys.choices import ResponseStatus, SurveyStatus
from surveys.models import Survey, SurveyResponse
from surveys.questions import QUESTIONS
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

YES_NO_ALL = {"q1_applied": True, "q2_manuals": True, "q3_participated": False}


@pytest.fixture
def manager_b(org_b: Organisation) -> User:
    user: User = UserFactory(username="manager_b", organisation=org_b, manager=True)
    return user


@pytest.fixture
def survey(coordinator: User) -> Survey:
    return services.survey_open(year=2026, by=coordinator)


# --- The questionnaire is the seed's ----------------------------------------------------


def test_the_questions_are_the_seeds_field_for_field() -> None:
    """002, BILAGA Utvärdering av piloten: "1. Har du ansökt om medel via NSP? … 8. Övrigt,
    något mer du vill tillägga?" — every question, in the seed's order and wording."""
    with translation.override("sv"):
        labels = [q.label for q in QUESTIONS]
    assert labels == [
        "1. Har du ansökt om medel via NSP?",
        "Om ja: Hur var det att fylla i formulären och skicka in ansökan?",
        "Om ja: Vad tycker du om hanteringen av ärenden och besluten?",
        "Om nej: Varför inte?",
        "Om nej: Behöver du mer stöd/hjälp/resurser för att använda NSP?",
        "2. Använder du behovsbedömningsmanualerna i alla ärenden?",
        "Om nej, varför inte?",
        "3. Certifieringsprocessen. Har du deltagit i den?",
        "Om ja: Har du fått det stöd och den hjälp du behöver för att uppfylla kriterierna?",
        "Om ja: Hur mycket arbete bedömer du att det krävs för att bli certifierad för er "
        "organisation? Eller uppfyller ni dem redan?",
        "Om nej: Varför inte?",
        "Om nej: Vad bedömer du behövs för hjälp/stöd/resurser för att ni ska ansöka om att "
        "certifieras?",
        "4. Hur tycker du kriterierna för certifiering är? Bra, eller för höga, eller?",
        "5. Hur ser du på kopplingen mellan samhällets insatser och det ideella stödet (NSP, "
        "MMM, Återvändande)? Är det tydligt eller finns problem?",
        "6. Vad tycker du ska förbättras i NSP? Vilka är de största bristerna?",
        "7. Vad tycker du är det bästa, största fördelarna med NSP?",
        "8. Övrigt, något mer du vill tillägga?",
    ]


# --- Services ---------------------------------------------------------------------------


def test_one_survey_per_year(coordinator: User, survey: Survey) -> None:
    with pytest.raises(ValidationError):
        services.survey_open(year=2026, by=coordinator)
    with pytest.raises(ValidationError):
        services.survey_open(year=2014, by=coordinator)  # before the pilot


def test_each_actor_answers_once_draft_then_submit_then_locked(
    org_a: Organisation, manager_a: User, survey: Survey
) -> None:
    draft = services.response_save(
        survey=survey, organisation=org_a, by=manager_a, answers={"q1_applied": True}
    )
    assert draft.status == ResponseStatus.DRAFT
    # The three yes/no questions are required to submit.
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            survey=survey, organisation=org_a, by=manager_a, answers={"q1_applied": True}
        )
    assert set(error.value.message_dict) == {"q2_manuals", "q3_participated"}
    assert SurveyResponse.objects.get().status == ResponseStatus.DRAFT

    submitted = services.response_submit(
        survey=survey,
        organisation=org_a,
        by=manager_a,
        answers={**YES_NO_ALL, "q1_forms": "Enkelt", "q8_other": "Tack"},
    )
    assert submitted.status == ResponseStatus.SUBMITTED and submitted.submitted_by == manager_a
    assert SurveyResponse.objects.count() == 1
    with pytest.raises(ValidationError):
        services.response_save(
            survey=survey, organisation=org_a, by=manager_a, answers={"q8_other": "Ändrat"}
        )
    assert SurveyResponse.objects.get().q8_other == "Tack"


def test_the_database_holds_one_answer_per_actor_per_year(
    org_a: Organisation, manager_a: User, survey: Survey
) -> None:
    SurveyResponse.objects.create(survey=survey, organisation=org_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, organisation=org_a)


def test_a_submitted_answer_without_the_yes_no_answers_is_refused_by_the_database(
    org_a: Organisation, manager_a: User, survey: Survey
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(
            survey=survey, organisation=org_a, status=ResponseStatus.SUBMITTED
        )


def test_the_follow_ups_of_the_answer_not_chosen_are_cleared(
    org_a: Organisation, manager_a: User, survey: Survey
) -> None:
    """002: "Om ja: … Om nej: Varför inte?" — a response holds one branch only."""
    response = services.response_save(
        survey=survey,
        organisation=org_a,
        by=manager_a,
        answers={"q1_applied": True, "q1_forms": "Bra", "q1_why_not": "—", "q2_why_not": "x"},
    )
    assert (response.q1_forms, response.q1_why_not, response.q2_why_not) == ("Bra", "", "x")
    response = services.response_save(
        survey=survey, organisation=org_a, by=manager_a, answers={"q2_manuals": True}
    )
    assert response.q2_why_not == ""


def test_a_closed_survey_takes_no_more_answers(
    org_a: Organisation, manager_a: User, coordinator: User, survey: Survey
) -> None:
    services.survey_close(survey=survey, by=coordinator)
    assert Survey.objects.get().status == SurveyStatus.CLOSED
    with pytest.raises(ValidationError):
        services.response_save(survey=survey, organisation=org_a, by=manager_a, answers={})
    with pytest.raises(ValidationError):
        services.survey_close(survey=survey, by=coordinator)


def test_the_answers_side_by_side_show_submitted_answers_only(
    org_a: Organisation,
    org_b: Organisation,
    manager_a: User,
    manager_b: User,
    survey: Survey,
) -> None:
    services.response_submit(
        survey=survey, organisation=org_a, by=manager_a, answers={**YES_NO_ALL, "q7_best": "A"}
    )
    services.response_save(
        survey=survey, organisation=org_b, by=manager_b, answers={"q7_best": "B"}
    )
    table = selectors.side_by_side(survey)
    assert [r.organisation for r in table.responses] == [org_a]
    assert table.drafts == [org_b]
    best = next(row for row in table.rows if row.label.startswith("7."))
    assert best.answers == ["A"]


# --- Views ------------------------------------------------------------------------------


def test_the_manager_answers_through_the_page(
    org_a: Organisation, manager_a: User, survey: Survey
) -> None:
    client = login(manager_a)
    assert "2026" in client.get("/utvardering/mina/").content.decode()
    url = f"/utvardering/{survey.pk}/svar/"
    page = client.get(url).content.decode()
    assert "Har du ansökt om medel via NSP?" in page and org_a.name in page
    response = client.post(url, {"q1_applied": "yes", "q1_forms": "Lätt", "save": ""})
    assert response.status_code == 302
    assert SurveyResponse.objects.get().status == ResponseStatus.DRAFT
    data = {"q1_applied": "yes", "q2_manuals": "no", "q2_why_not": "Tid", "q3_participated": "yes"}
    assert client.post(url, {**data, "submit": ""}).status_code == 302
    response_row = SurveyResponse.objects.get()
    assert response_row.status == ResponseStatus.SUBMITTED and response_row.q2_why_not == "Tid"
    # Locked: another post is refused and the page says so.
    assert client.post(url, {**data, "q2_why_not": "Ändrat", "save": ""}).status_code == 403
    assert "låsta" in client.get(url).content.decode()


def test_submitting_without_the_yes_no_answers_shows_the_questions(
    manager_a: User, survey: Survey
) -> None:
    response = login(manager_a).post(f"/utvardering/{survey.pk}/svar/", {"submit": ""})
    assert response.status_code == 200
    assert "Besvara frågan" in response.content.decode()
    assert not SurveyResponse.objects.filter(status=ResponseStatus.SUBMITTED).exists()


def test_it_checks_ownership(
    org_a: Organisation,
    manager_a: User,
    manager_b: User,
    staff_a: User,
    survey: Survey,
) -> None:
    services.response_save(
        survey=survey, organisation=org_a, by=manager_a, answers={"q8_other": "Hemligt A"}
    )
    # Actor B's manager sees and edits only B's own answers.
    page = login(manager_b).get(f"/utvardering/{survey.pk}/svar/").content.decode()
    assert "Hemligt A" not in page
    # Neither the answers side by side nor the exports are for the actors.
    for user in (manager_a, staff_a):
        client = login(user)
        assert client.get(f"/utvardering/{survey.pk}/").status_code == 403
        assert client.get(f"/utvardering/{survey.pk}/export.csv").status_code == 403
    assert login(staff_a).get(f"/utvardering/{survey.pk}/svar/").status_code == 403


def test_only_the_coordinator_opens_and_closes(
    coordinator: User, programme_manager: User, survey: Survey
) -> None:
    pm = login(programme_manager)
    assert pm.get("/utvardering/").status_code == 200
    assert pm.post("/utvardering/", {"year": "2027"}).status_code == 403
    assert pm.post(f"/utvardering/{survey.pk}/stang/").status_code == 403
    client = login(coordinator)
    assert client.post("/utvardering/", {"year": "2027"}).status_code == 302
    assert Survey.objects.filter(year=2027).exists()
    assert client.post(f"/utvardering/{survey.pk}/stang/").status_code == 302
    assert Survey.objects.get(year=2026).status == SurveyStatus.CLOSED


def test_the_coordinator_sees_the_answers_side_by_side_and_exports_them_logged(
    org_a: Organisation,
    org_b: Organisation,
    manager_a: User,
    manager_b: User,
    coordinator: User,
    survey: Survey,
) -> None:
    services.response_submit(
        survey=survey,
        organisation=org_a,
        by=manager_a,
        answers={**YES_NO_ALL, "q6_improve": "=SUM(A1)"},
    )
    services.response_submit(
        survey=survey,
        organisation=org_b,
        by=manager_b,
        answers={"q1_applied": False, "q2_manuals": True, "q3_participated": True},
    )
    client = login(coordinator)
    page = client.get(f"/utvardering/{survey.pk}/").content.decode()
    assert org_a.name in page and org_b.name in page and "=SUM(A1)" in page

    body = client.get(f"/utvardering/{survey.pk}/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0] == ["Fråga", org_a.name, org_b.name]
    assert rows[1] == ["1. Har du ansökt om medel via NSP?", "Ja", "Nej"]
    assert any(row[1] == "'=SUM(A1)" for row in rows)  # neutralised formula
    assert len(rows) == len(QUESTIONS) + 2

    xlsx = client.get(f"/utvardering/{survey.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet["B1"].value == org_a.name and sheet["C2"].value == "Nej"
    exports = AccessLog.objects.filter(user=coordinator, action=AccessAction.EXPORT)
    assert exports.count() == 2
    assert set(exports.values_list("object_id", flat=True)) == {str(survey.pk)}


def test_the_managers_dashboard_reminds_until_the_answers_are_submitted(
    org_a: Organisation, manager_a: User, survey: Survey
) -> None:
    answer_url = f"/utvardering/{survey.pk}/svar/"
    assert answer_url in login(manager_a).get("/").content.decode()
    services.response_submit(survey=survey, organisation=org_a, by=manager_a, answers=YES_NO_ALL)
    assert answer_url not in login(manager_a).get("/").content.decode()
