"""The wording of a decision document (template v2), after seed 002's "Exempel
beslutshandling" and the decision block of NSP/IB/Dok.01 ("Beslut och motivering").

The seed's example is a grant of admission and 30 days' rest; the sentences are adapted here
to refusals, partial grants, the other kinds, and a request for more information. Each
decision stores the result in its snapshot, so its document never changes afterwards.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from funding.choices import GRANTING_OUTCOMES, ApplicationKind, Outcome
from funding.rates import nights_in

if TYPE_CHECKING:
    from funding.models import Decision, FundingApplication

# The decision block's boxes: "Tillträde till NSP: Beviljas / Nekas", "30 dagars vila: …",
# "Inköp beviljas/nekas" (NSP/IA/Dok.06), "Integrationsperiod beviljas/nekas/ytterligare
# information efterfrågas" (NSP/AI/Dok.07).
BOX_SV = {
    ApplicationKind.ADMISSION: "Tillträde till NSP",
    ApplicationKind.REST: "30 dagars vila",
    ApplicationKind.INTERVENTION: "Inköp (punktinsats)",
    ApplicationKind.INTEGRATION: "Integrationsperiod",
}
BOX_OUTCOME_SV = {
    Outcome.GRANTED: "Beviljas",
    Outcome.PARTLY_GRANTED: "Beviljas delvis",
    Outcome.DENIED: "Nekas",
    Outcome.MORE_INFO: "Ytterligare information efterfrågas",
}
# What an application asks for, as the operative sentence names it.
WHAT_SV = {
    ApplicationKind.ADMISSION: "tillträde till NSP",
    ApplicationKind.REST: "max 30 dagars vilo-period",
    ApplicationKind.INTERVENTION: "punktinsats",
    ApplicationKind.INTEGRATION: "max 90 dagars integrationsperiod",
}
PERIOD_SV = {
    ApplicationKind.REST: "de max 30 dagarna",
    ApplicationKind.INTEGRATION: "de max 90 dagarna",
}
NEED_SV = {
    ApplicationKind.REST: "behov av skydd och stöd",
    ApplicationKind.INTEGRATION: "behov av integrationsinriktat stöd",
    ApplicationKind.INTERVENTION: "behov av insatsen",
}
OPENING = "Med grund i det ovan sagda är jag"


def kr(amount: Decimal | int | None) -> str:
    """Swedish money for the document: 45000 → "45 000 kr"."""
    if amount is None:
        return "—"
    value = Decimal(amount)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0kr"


def _money(amount: Decimal | None) -> str:
    return kr(amount)


def admission_decision_of(application: FundingApplication) -> Decision | None:
    """The case's latest admission decision (what "Tillträde till NSP" says on a decision
    about support applied for together with admission)."""
    from funding.models import Decision

    return (
        Decision.objects.filter(
            application__case_id=application.case_id,
            application__kind=ApplicationKind.ADMISSION,
        )
        .order_by("-number")
        .first()
    )


def _subject(decision: Decision, admission_granted: bool) -> tuple[str, str]:
    """How the person is named: "NSP002" (the seed's "X (ärende nr. NSPXXX)"), or, without a
    case number, "den sökande" (nominative, genitive)."""
    number = decision.application.case.case_number
    if number and admission_granted:
        return number, number
    return "den sökande", "den sökandes"


def _partial_detail(decision: Decision, application: FundingApplication, kind: str) -> str:
    source = application
    if application.kind == ApplicationKind.RECONSIDERATION and application.contested_decision:
        source = application.contested_decision.application
    if kind == ApplicationKind.INTERVENTION:
        return f"{_money(decision.granted_amount)} av sökta {_money(source.requested_amount)}"
    granted = f"{decision.granted_start} – {decision.granted_end} ({decision.granted_days} dygn)"
    if source.period_start and source.period_end:
        asked = nights_in(source.period_start, source.period_end)
        return f"{granted} av sökta {source.period_start} – {source.period_end} ({asked} dygn)"
    return granted


def _intervention_name(application: FundingApplication) -> str:
    source = application
    if application.kind == ApplicationKind.RECONSIDERATION and application.contested_decision:
        source = application.contested_decision.application
    return source.item.name if source.item is not None else ""


def _join(parts: list[str]) -> str:
    return " och ".join(parts)


def decision_wording(decision: Decision) -> dict[str, Any]:
    """The v2 document's boxes and sentences for ``decision`` (plain strings)."""
    application = decision.application
    kind = ApplicationKind(application.effective_kind)
    outcome = Outcome(decision.outcome)
    # The items decided, in the order of the form: admission first.
    items: list[tuple[ApplicationKind, Outcome, str]] = []
    admission_ref = ""
    if kind != ApplicationKind.ADMISSION and application.with_admission:
        admission = admission_decision_of(application)
        if admission is not None:
            items.append((ApplicationKind.ADMISSION, Outcome(admission.outcome), ""))
            admission_ref = admission.reference
    items.append((kind, outcome, ""))
    admission_outcomes = [o for k, o, _ in items if k == ApplicationKind.ADMISSION]
    admission_refused = Outcome.DENIED in admission_outcomes
    admission_granted = Outcome.GRANTED in admission_outcomes or (
        kind != ApplicationKind.ADMISSION and not admission_refused
    )
    x, x_gen = _subject(decision, admission_granted)

    boxes = [[BOX_SV[k], BOX_OUTCOME_SV[o]] for k, o, _ in items]
    if kind != ApplicationKind.ADMISSION and application.with_admission and not admission_ref:
        boxes.insert(0, [BOX_SV[ApplicationKind.ADMISSION], "Ej beslutad"])

    def phrase(index: int, item_kind: ApplicationKind) -> str:
        what = WHAT_SV[item_kind]
        name = _intervention_name(application)
        if item_kind == ApplicationKind.INTERVENTION and name:
            what = f"{what} ({name})"
        if index == 0:
            if item_kind == ApplicationKind.ADMISSION:
                return f"ansökan gällande {x_gen} {what}"
            return f"ansökan gällande {x} om {what}"
        return f"ansökan om {what}"

    granted = [phrase(i, k) for i, (k, o, _) in enumerate(items) if o in GRANTING_OUTCOMES]
    denied = [phrase(i, k) for i, (k, o, _) in enumerate(items) if o == Outcome.DENIED]
    if outcome == Outcome.MORE_INFO:
        operative = (
            "Innan beslut fattas efterfrågas ytterligare information från aktören "
            "(se beslutsmotiveringen)."
        )
    elif outcome == Outcome.PARTLY_GRANTED:
        detail = _partial_detail(decision, application, kind)
        others = granted[:-1]
        lead = f"{_join(others)} ska beviljas och att " if others else ""
        operative = (
            f"{OPENING} tillfredsställd att {lead}{granted[-1]} ska beviljas delvis: {detail}."
        )
    elif granted and denied:
        operative = (
            f"{OPENING} tillfredsställd att {_join(granted)} ska beviljas, men inte att "
            f"{_join(denied)} ska beviljas; den nekas."
        )
    elif granted:
        operative = f"{OPENING} tillfredsställd att {_join(granted)} ska beviljas."
    else:
        refused = "ansökan nekas" if len(denied) == 1 else "ansökningarna nekas"
        operative = f"{OPENING} inte tillfredsställd att {_join(denied)} ska beviljas; {refused}."

    if application.kind == ApplicationKind.RECONSIDERATION and application.contested_decision:
        contested = application.contested_decision.reference
        operative = f"Efter omprövning av beslut {contested}: {operative[0].lower()}{operative[1:]}"
    grant = outcome in GRANTING_OUTCOMES or (
        kind == ApplicationKind.ADMISSION and outcome == Outcome.GRANTED
    )
    target_group = ""
    if grant and kind in (ApplicationKind.ADMISSION, ApplicationKind.REST):
        target_group = (
            f"{x.capitalize() if x == 'den sökande' else x} har utsatts för människohandel "
            "eller människohandelsliknande brott och faller därmed in i NSPs målgrupp. I "
            f"enlighet med aktörens bedömning, har {x} också behov av skydd och stöd till följd "
            "av sin utsatthet som offer för människohandel."
        )
    basis = ""
    if grant and kind != ApplicationKind.ADMISSION:
        during = " under max 30 dagar" if kind == ApplicationKind.REST else ""
        basis = (
            f"Offentligt stöd som sökts först: {application.public_funding_sought} "
            f"({application.get_public_funding_outcome_display()}). Därmed kan NSP verka "
            f"kompletterande för att säkerställa {x_gen} {NEED_SV[kind]} genom den "
            f"verksamhet som aktören bedriver{during}."
        )
    responsibility = ""
    if grant and kind in PERIOD_SV and decision.granted_start:
        period = f"{decision.granted_start} – {decision.granted_end}"
        responsibility = (
            f"Under {PERIOD_SV[kind]} ({period}) har aktören ansvar att säkerställa att NSP "
            f"fortsätter att verka kompletterande, dvs. om {x} bestämmer sig för att "
            "polisanmälan och/eller asyl söks under perioden ska man försöka få tillträde "
            f"till {x_gen} rättigheter via dessa kanaler. Dessa försök ska dokumenteras och "
            "informationen göras tillgänglig för NSP vid behov. Om man lyckas se till att "
            f"{x} får tillträde till sina rättigheter upphör NSPs "
            f"{'viloperiod' if kind == ApplicationKind.REST else 'integrationsperiod'} från "
            "den dag då myndigheternas ansvar förverkligas. Aktören ska hålla NSPs samordnare "
            "informerad om utvecklingen i dessa frågor i ärendet."
        )
    return {
        "boxes": boxes,
        "subject": x,
        "admission_reference": admission_ref,
        "admission_refused": admission_refused
        or (kind == ApplicationKind.ADMISSION and outcome == Outcome.DENIED),
        "target_group": target_group,
        "basis": basis,
        "responsibility": responsibility,
        "operative": operative,
    }
