from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest, form: Form, *, title: str, back: str, intro: str = "", **extra: Any
) -> HttpResponse:
    return render(
        request,
        "certification/form.html",
        {"form": form, "title": title, "back": back, "intro": intro, **extra},
    )


def saved(request: HttpRequest, text: str) -> None:
    messages.success(request, text)
