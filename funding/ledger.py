"""The budget streams' ledger (seed 002, Tabell 2): each draw by case number and each
transfer, in the order they happened, read in one query for any number of streams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef, QuerySet, TextField
from django.db.models.functions import Cast, JSONObject

from funding.choices import Stream
from funding.models import BudgetStream, BudgetTransfer, Decision


@dataclass(frozen=True)
class LedgerLine:
    label: str
    amount: Decimal
    when: date
    # When it was recorded (a decision's signature, a transfer's creation): the order of
    # the lines of one day (seed 002, Tabell 2: the transfer that made a grant possible
    # comes before the grant).
    at: str = ""


def with_ledger(qs: QuerySet[BudgetStream]) -> QuerySet[BudgetStream]:
    """The streams, each with its ledger read in the same query (one query for any number
    of streams): ``ledger_draws`` (decisions drawing from it, by decision date and number),
    ``ledger_out`` and ``ledger_in`` (transfers, by date). ``ledger_lines`` arranges them."""
    text = TextField()
    draws = (
        Decision.objects.filter(stream=OuterRef("pk"), draw__gt=0)
        .order_by("decided_on", "number")
        .values(
            line=JSONObject(
                label=F("application__case__case_number"),
                amount=Cast("draw", text),  # text, never a float, on its way through JSON
                when=F("decided_on"),
                at=F("signed_at"),
            )
        )
    )

    def transfers(own: str, other: str) -> ArraySubquery:
        return ArraySubquery(
            BudgetTransfer.objects.filter(**{own: OuterRef("pk")})
            .order_by("made_on", "created_at")
            .values(
                line=JSONObject(
                    stream=F(f"{other}__stream"),
                    amount=Cast("amount", text),
                    when=F("made_on"),
                    at=F("created_at"),
                )
            )
        )

    return qs.annotate(
        ledger_draws=ArraySubquery(draws),
        ledger_out=transfers("source", "target"),
        ledger_in=transfers("target", "source"),
    )


def ledger_lines(stream: BudgetStream) -> list[LedgerLine]:
    """Table 2 of the seed for a stream from ``with_ledger``: each draw by case number and
    each transfer, in the order they happened (by date, then by the moment each was
    recorded: a transfer made to allow a grant comes before the grant)."""
    labels = dict(Stream.choices)
    lines = [
        LedgerLine(
            d["label"] or "—",
            -Decimal(d["amount"]),
            date.fromisoformat(d["when"]),
            _moment(d.get("at")),
        )
        for d in stream.ledger_draws  # type: ignore[attr-defined]
    ]
    for key, arrow, sign in (("ledger_out", "→", -1), ("ledger_in", "←", 1)):
        lines += [
            LedgerLine(
                f"{arrow} {labels.get(t['stream'], t['stream'])}",
                sign * Decimal(t["amount"]),
                date.fromisoformat(t["when"]),
                _moment(t.get("at")),
            )
            for t in getattr(stream, key)
        ]
    return sorted(lines, key=lambda line: (line.when, line.at))


def _moment(value: str | None) -> str:
    """A recorded moment from JSON as a sortable UTC string ('' when unknown sorts first)."""
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(UTC).isoformat()


def stream_ledger(stream: BudgetStream) -> list[LedgerLine]:
    """The ledger of one stream (one query); for several, ``with_ledger`` and ``ledger_lines``."""
    return ledger_lines(with_ledger(BudgetStream.objects.filter(pk=stream.pk)).get())
