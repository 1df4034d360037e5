"""Funding's API (``/api/v1/…``): ``routes`` plugs its viewsets into the project's router
(``NSP_API_PROVIDERS``); serializers and viewsets live in the two modules beside it."""

from __future__ import annotations

from django.urls import URLPattern, path
from rest_framework.routers import BaseRouter

from funding.api import payments, views


def routes(router: BaseRouter) -> list[URLPattern]:
    """Registers the intervention list, applications, purchase requests, decisions,
    invoices and budget streams; the payment export at ``payments/export/``."""
    router.register(
        "catalogues/interventions",
        views.InterventionCatalogueViewSet,
        basename="intervention-catalogue",
    )
    router.register("applications", views.ApplicationViewSet, basename="application")
    router.register("purchase-requests", views.PurchaseRequestViewSet, basename="purchase-request")
    router.register("decisions", views.DecisionViewSet, basename="decision")
    router.register("invoices", views.InvoiceViewSet, basename="invoice")
    router.register("budget-streams", views.BudgetStreamViewSet, basename="budget-stream")
    return [path("payments/export/", payments.PaymentExportView.as_view(), name="payment-export")]
