"""The evaluation survey: the coordinator's overview and side-by-side page with its
exports, and the actor manager's answer page."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nsp.audit.access import log_access
from nsp.audit.models import AccessAction
from nsp.permissions import require
from nsp.reauth import require_recent_auth
from nsp.viewtools import acting_user, add_service_errors, ensure
from surveys import exports, selectors, services
from surveys.forms import AnswersForm, OpenForm
from surveys.models import Survey
from surveys.permissions import (
    can_answer_surveys,
    can_edit_answers,
    can_read_survey_answers,
    can_run_surveys,
)
from surveys.questions import INTRO, TITLE


@require_http_methods(["GET", "POST"])
@require(can_read_survey_answers)
def overview(request: HttpRequest) -> HttpResponse:
    form = OpenForm(request.POST or None)
    if request.method == "POST":
        ensure(can_run_surveys, request.user)
        if form.is_valid():
            try:
                survey = services.survey_open(
                    year=form.cleaned_data["year"], by=acting_user(request)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("surveys:detail", survey_id=survey.pk)
    return render(
        request,
        "surveys/overview.html",
        {
            "surveys": selectors.surveys(),
            "form": form,
            "can_run": bool(can_run_surveys(request.user)),
            "title": TITLE,
        },
    )


@require_GET
@require(can_read_survey_answers)
def detail(request: HttpRequest, survey_id: str) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    log_access(request, survey)
    return render(
        request,
        "surveys/detail.html",
        {
            "table": selectors.side_by_side(survey),
            "can_run": bool(can_run_surveys(request.user)),
            "title": TITLE,
        },
    )


@require_POST
@require(can_run_surveys)
def close(request: HttpRequest, survey_id: str) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    with contextlib.suppress(ValidationError):  # already closed: the page shows it
        services.survey_close(survey=survey, by=acting_user(request))
    return redirect("surveys:detail", survey_id=survey.pk)


@require_GET
@require(can_read_survey_answers)
@require_recent_auth()
def export(request: HttpRequest, survey_id: str, fmt: str) -> HttpResponse:
    if fmt not in exports.TYPES:
        raise Http404
    survey = get_object_or_404(Survey, pk=survey_id)
    body = exports.render(selectors.side_by_side(survey), fmt)
    log_access(request, survey, AccessAction.EXPORT)
    response = HttpResponse(body, content_type=exports.TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="nsp-utvardering-{survey.year}.{fmt}"'
    return response


@require_GET
@require(can_answer_surveys)
def mine(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    assert user.organisation is not None  # an actor manager has an organisation
    return render(
        request,
        "surveys/mine.html",
        {"surveys": selectors.actor_surveys(user.organisation), "title": TITLE},
    )


@require_http_methods(["GET", "POST"])
@require(can_answer_surveys)
def answer(request: HttpRequest, survey_id: str) -> HttpResponse:
    user = acting_user(request)
    organisation = user.organisation
    assert organisation is not None
    survey = get_object_or_404(Survey, pk=survey_id)
    response = selectors.response_of(survey, organisation)
    if not survey.is_open and response is None:
        raise Http404  # a closed year the actor never answered
    editable = can_edit_answers(user, survey)
    form = AnswersForm(request.POST or None, response=response)
    if request.method == "POST":
        ensure(can_edit_answers, user, survey)
        if form.is_valid():
            submit = "submit" in request.POST
            service = services.response_submit if submit else services.response_save
            try:
                service(
                    survey=survey, organisation=organisation, by=user, answers=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if submit:
                    text = _("The answers were submitted to the coordinator.")
                else:
                    text = _("The draft was saved.")
                messages.success(request, text)
                return redirect("surveys:answer", survey_id=survey.pk)
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "response": response,
            "organisation": organisation,
            "form": form,
            "editable": bool(editable),
            "reason": editable.reason,
            "title": TITLE,
            "intro": INTRO,
        },
    )
