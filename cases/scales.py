"""Scale summaries of an assessment: per section of 0–3 items, answered, sum, items at
high or very high extent, and the flagged items (read through ``cases.questionnaire``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HIGH_SCALE = 2  # "I hög utsträckning" and above


@dataclass
class ScaleSummary:
    key: str
    title: str
    items: int
    answered: int
    total: int
    maximum: int
    high: int
    flags: list[str]


def scale_summaries(definition: dict[str, Any], answers: dict[str, Any]) -> list[ScaleSummary]:
    """Per section made of 0–3 scale items: answered, sum, items at high/very high, flags."""
    result = []
    for section in definition["sections"]:
        scale_items = [
            i for i in section["items"] if i["type"] == "scale4" and not i.get("choices")
        ]
        if not scale_items:
            continue
        values = {i["key"]: answers.get(i["key"]) for i in scale_items}
        answered = [int(v) for v in values.values() if v not in (None, "")]
        flags = [
            str(i["label"])
            for i in scale_items
            if i.get("flag") and values[i["key"]] not in (None, "", "0")
        ]
        result.append(
            ScaleSummary(
                key=section["key"],
                title=section["title"],
                items=len(scale_items),
                answered=len(answered),
                total=sum(answered),
                maximum=3 * len(scale_items),
                high=sum(1 for v in answered if v >= HIGH_SCALE),
                flags=flags,
            )
        )
    return result
