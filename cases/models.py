"""Cases: one person supported by the programme, known by initials and case number."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.choices import CaseStatus, ChildLocation, Gender
from nsp.accounts.models import Organisation
from nsp.models import DomainModel

initial_validator = RegexValidator(
    r"^[A-ZÅÄÖÆØÜÉ]$", _("One capital letter (an initial, never a name).")
)


class Case(DomainModel):
    """A person in (or applying to) the programme.

    Identified only by initials and birth year; ``case_number`` (NSP001, …) is assigned
    at admission and is the client reference on every later document. URLs use the
    opaque UUID ``id``, never the case number or initials.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="cases"
    )
    case_number = models.CharField(
        _("case number"), max_length=12, unique=True, null=True, blank=True, editable=False
    )
    # The integer behind the case number (NSP001 ↔ 1), assigned by cases.services.case_admit.
    number = models.PositiveIntegerField(unique=True, null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.APPLIED
    )
    surname_initial = models.CharField(
        _("surname initial"), max_length=1, validators=[initial_validator]
    )
    first_name_initial = models.CharField(
        _("first-name initial"), max_length=1, validators=[initial_validator]
    )
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                name="case_number_format",
                condition=Q(case_number__isnull=True) | Q(case_number__regex=r"^NSP[0-9]{3,}$"),
            ),
            models.CheckConstraint(
                name="case_number_matches_integer",
                condition=(Q(case_number__isnull=True) & Q(number__isnull=True))
                | (Q(case_number__isnull=False) & Q(number__isnull=False)),
            ),
            models.CheckConstraint(
                name="case_admitted_has_number",
                condition=~Q(status__in=["admitted", "closed"]) | Q(case_number__isnull=False),
            ),
            models.CheckConstraint(
                name="case_initials_are_single_letters",
                condition=Q(surname_initial__regex=r"^.$") & Q(first_name_initial__regex=r"^.$"),
            ),
        ]

    def __str__(self) -> str:
        # Never the initials: a case is shown by its number (or as "not yet admitted").
        return self.case_number or str(_("Case not yet admitted"))

    @property
    def reference(self) -> str:
        return str(self)

    @property
    def accompanying_children_count(self) -> int:
        return self.children.filter(location=ChildLocation.WITH_PARENT).count()


class Child(DomainModel):
    """A minor child of the person; accompanying children are part of the support."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="children"
    )
    age = models.PositiveSmallIntegerField(_("age"), validators=[MaxValueValidator(17)])
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    location = models.CharField(
        _("where the child is"), max_length=16, choices=ChildLocation.choices
    )
    needs_notes = models.TextField(_("the child's needs"), blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            models.CheckConstraint(name="child_age_minor", condition=Q(age__lte=17)),
        ]

    def __str__(self) -> str:
        return str(_("Child, %(age)s years") % {"age": self.age})
