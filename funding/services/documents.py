"""Decision documents (beslutshandling): snapshot, PDF rendering, and the zip export.

A decision's document is rendered once, at signing, from a *snapshot* — a dict of
plain strings — and the versioned template ``funding/pdf/decision_<version>.html``
(v1 until issue 15; v2 follows seed 002's "Exempel beslutshandling": the decision block
of NSP/IB/Dok.01, "Beslutsmotivering", the complementarity paragraph and the operative
sentence, ``decision_wording``).
The snapshot, the template version, the PDF bytes and their SHA-256 are stored, so an
old decision re-renders with the same content even after the template or the rates
change (a new wording is a new template file, never an edit of an old one).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import translation

from funding.choices import GRANTING_OUTCOMES, ApplicationKind, Outcome
from funding.services.wording import decision_wording, kr
from nsp.pdf import render_pdf, sha256

if TYPE_CHECKING:
    from funding.models import Decision, FundingApplication

CURRENT_TEMPLATE_VERSION = "v2"
DOCUMENT_CODE = "NSP/BH"

KIND_SV = {
    ApplicationKind.ADMISSION: "Tillträde till NSP (initial behovsbedömning NSP/IB/Dok.01)",
    ApplicationKind.REST: "Max 30 dagars vila",
    ApplicationKind.INTERVENTION: "Punktinsats (inköpsanmodan NSP/IA/Dok.06)",
    ApplicationKind.INTEGRATION: "Max 90 dagars integration (NSP/AI/Dok.07)",
    ApplicationKind.RECONSIDERATION: "Omprövning av beslut (NSP/OB/Dok.08)",
}
OUTCOME_SV = {
    Outcome.GRANTED: "Beviljas",
    Outcome.PARTLY_GRANTED: "Beviljas delvis",
    Outcome.DENIED: "Nekas",
    Outcome.MORE_INFO: "Ytterligare information efterfrågas",
}


def _day(d: date | None) -> str:
    return d.isoformat() if d else ""


def decision_snapshot(decision: Decision) -> dict[str, Any]:
    """Everything the document shows, as plain strings (no initials, no names of the
    person: the case number is the only client reference). Always in Swedish."""
    with translation.override("sv"):
        return _snapshot(decision)


def _snapshot(decision: Decision) -> dict[str, Any]:
    application = decision.application
    case = application.case
    kind = application.effective_kind
    rate_lines = _rate_lines(decision, kind)
    applied_for = _applied_for(application, kind)
    guidelines = _guideline_rows(decision) if kind == ApplicationKind.INTEGRATION else []
    decider = decision.decided_by
    return {
        **decision_wording(decision),
        "document_code": DOCUMENT_CODE,
        "edition": f"{CURRENT_TEMPLATE_VERSION} 2026",
        "reference": decision.reference,
        "decided_on": _day(decision.decided_on),
        "case_number": case.case_number or "—",
        "actor": application.organisation.name,
        "kind": kind,
        "kind_label": KIND_SV[ApplicationKind(kind)],
        "application_kind_label": KIND_SV[ApplicationKind(application.kind)],
        "with_admission": application.with_admission,
        "applied_for": applied_for,
        "submitted_on": _day(application.submitted_on),
        "outcome": decision.outcome,
        "outcome_label": OUTCOME_SV[Outcome(decision.outcome)],
        "granted_start": _day(decision.granted_start),
        "granted_end": _day(decision.granted_end),
        "granted_days": decision.granted_days or "",
        "granted_amount": kr(decision.granted_amount),
        "rate_lines": rate_lines,
        "motivation": decision.motivation,
        "guidelines": guidelines,
        "special_circumstances": decision.special_circumstances,
        # 30 days' rest: nights the person had been granted before, of the maximum.
        "rest_days_before": (
            "" if decision.rest_days_before is None else str(decision.rest_days_before)
        ),
        "rest_days_max": str(application.phase.rest_max_days),
        "actor_override_reason": decision.actor_override_reason,
        "retroactive_motivation": decision.retroactive_motivation,
        "public_funding_sought": application.public_funding_sought,
        "public_funding_outcome": str(application.get_public_funding_outcome_display()),
        "contested": (
            application.contested_decision.reference if application.contested_decision else ""
        ),
        "decider_name": decider.display_name,
        "decider_role": str(decider.get_role_display()),
    }


def _rate_lines(decision: Decision, kind: str) -> list[str]:
    """The day rate's parts times the granted days, one line each (grants of periods)."""
    application = decision.application
    rate = application.day_rate()
    rate_lines: list[str] = []
    if rate is not None and decision.outcome in GRANTING_OUTCOMES and decision.granted_days:
        days = decision.granted_days
        if rate.housing:
            rate_lines.append(
                f"Boende och mat: {kr(rate.housing)} × {days} dagar = {kr(rate.housing * days)}"
            )
        if rate.support:
            label = "Skydd och stöd" if kind == ApplicationKind.REST else "Integrationsinsatser"
            rate_lines.append(
                f"{label}: {kr(rate.support)} × {days} dagar = {kr(rate.support * days)}"
            )
        if rate.children:
            rate_lines.append(
                f"Barntillägg: {kr(rate.children / max(application.children_count, 1))} × "
                f"{application.children_count} barn × {days} dagar = {kr(rate.children * days)}"
            )
    return rate_lines


def _applied_for(application: FundingApplication, kind: str) -> str:
    """What was applied for: the intervention and its cost, or the kind and the period (a
    reconsideration shows the contested application's)."""
    source = application
    if application.kind == ApplicationKind.RECONSIDERATION and application.contested_decision:
        source = application.contested_decision.application
    if kind == ApplicationKind.INTERVENTION and source.item is not None:
        return (
            f"{source.item.name}: {source.quantity} × {kr(source.unit_cost)} = "
            f"{kr(source.requested_amount)}"
        )
    if source.period_start and source.period_end:
        period = f"{_day(source.period_start)} – {_day(source.period_end)}"
        return f"{KIND_SV[ApplicationKind(kind)]}, {period}"
    return KIND_SV[ApplicationKind(kind)]


# The four guidelines in the words of NSP/AI/Dok.07, "Övergripande riktlinjer för
# beslutsfattande" (seed 002).
GUIDELINES_SV = (
    "1. De i ansökan nämnda stödinsatserna har utförts.",
    "2. Klienten har genom det arbete som utförts bedömts ha ett behov av en period av "
    "integrationsinriktat stöd inom ramen för stödprogrammet (se programhandledningen).",
    "3. Det finns en reell möjlighet att säkerställa klientens fortsatta integrering i Sverige "
    "genom integrationsperioden eventuellt tillsammans andra planerade insatser.",
    "4. Stödprogrammet skall endast komplettera annat tillgängligt stöd.",
)


def _guideline_rows(decision: Decision) -> list[list[str]]:
    """The four decision guidelines of an integration decision with their answers."""
    if decision.guideline_work_done is None:
        return []
    yes_no = {True: "Ja", False: "Nej", None: "—"}
    answers = (
        decision.guideline_work_done,
        decision.guideline_need_established,
        decision.guideline_real_chance,
        decision.guideline_complements,
    )
    return [[text, yes_no[answer]] for text, answer in zip(GUIDELINES_SV, answers, strict=True)]


def render_decision_pdf(snapshot: dict[str, Any], template_version: str) -> bytes:
    return render_pdf(f"funding/pdf/decision_{template_version}.html", {"d": snapshot})


def decision_document_store(decision: Decision) -> None:
    """Render and attach the document at signing (inside the decision's transaction)."""
    decision.template_version = CURRENT_TEMPLATE_VERSION
    decision.snapshot = decision_snapshot(decision)
    data = render_decision_pdf(decision.snapshot, decision.template_version)
    decision.pdf = data
    decision.pdf_sha256 = sha256(data)


def decision_filename(decision: Decision) -> str:
    return f"beslut-{decision.reference}.pdf"


ProgressCallback = Callable[[int, int], None]


def build_decision_zip(
    decisions: Iterable[Decision], output_path: Path, progress: ProgressCallback | None = None
) -> dict[str, Any]:
    """Write every decision's stored PDF to one zip with a manifest (number, date, case
    number, SHA-256 of the PDF) and report ``progress(done, total)`` after each file.

    A pure function of its arguments: the background-job framework (nsp/jobs) can run it
    in a worker unchanged. The stored bytes are used, never a re-rendering.
    """
    items = list(decisions)
    total = len(items)
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["decision", "decided_on", "case_number", "outcome", "file", "sha256"])
    with zipfile.ZipFile(output_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, decision in enumerate(items, start=1):
            data = bytes(decision.pdf or b"")
            name = decision_filename(decision)
            archive.writestr(name, data)
            writer.writerow(
                [
                    decision.reference,
                    decision.decided_on.isoformat(),
                    decision.snapshot.get("case_number", ""),
                    decision.outcome,
                    name,
                    sha256(data),
                ]
            )
            if progress is not None:
                progress(done, total)
        archive.writestr("manifest.csv", manifest.getvalue())
    if progress is not None and total == 0:
        progress(0, 0)
    return {"count": total, "path": str(output_path)}
