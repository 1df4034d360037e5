from django.urls import path

from funding import register_views, views, views_afterwards, views_payments, views_setup
from funding.estimate import application_estimate

app_name = "funding"

urlpatterns = [
    path("ansokningar/", views.application_list, name="application_list"),
    path("ansokningar/ny/<slug:kind>/", views.application_create, name="application_create"),
    path(
        "ansokningar/ny/<slug:kind>/berakning/",
        application_estimate,
        name="application_estimate",
    ),
    path("ansokningar/<uuid:pk>/", views.application_detail, name="application_detail"),
    path(
        "ansokningar/<uuid:pk>/underlag/", views.application_document, name="application_document"
    ),
    path("ansokningar/<uuid:pk>/komplettera/", views.application_inform, name="application_inform"),
    path(
        "ansokningar/<uuid:pk>/aterkalla/", views.application_withdraw, name="application_withdraw"
    ),
    path("ansokningar/<uuid:pk>/beslut/", views.application_decide, name="application_decide"),
    path("beslut/", register_views.decision_register, name="decision_register"),
    path("beslut/export/", register_views.decision_export, name="decision_export"),
    path("beslut/<uuid:pk>/", views.decision_detail, name="decision_detail"),
    path("beslut/<uuid:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    path("beslut/<uuid:pk>/dokument/", register_views.decision_document, name="decision_document"),
    path(
        "beslut/<uuid:pk>/dokument/pdf/",
        register_views.decision_document_pdf,
        name="decision_document_pdf",
    ),
    path("beslut/<uuid:pk>/omprovning/", views.decision_reconsider, name="decision_reconsider"),
    path("beslut/<uuid:pk>/overtagande/", views.decision_takeover, name="decision_takeover"),
    path("beslut/<uuid:pk>/faktura/", views.invoice_create, name="invoice_create"),
    path("fakturor/<uuid:pk>/attest/", views_payments.invoice_attest, name="invoice_attest"),
    path("fakturor/<uuid:pk>/", views_payments.invoice_detail, name="invoice_detail"),
    path("fakturor/<uuid:pk>/skickad/", views_payments.invoice_send, name="invoice_send"),
    path("fakturor/<uuid:pk>/utbetald/", views_payments.invoice_paid, name="invoice_paid"),
    path("efterhand/beslut/", views_afterwards.paper_decision, name="paper_decision"),
    path(
        "beslut/<uuid:pk>/utbetalning-i-efterhand/",
        views_afterwards.paper_payment,
        name="paper_payment",
    ),
    path("efterhand/import/", views_afterwards.register_import_view, name="register_import"),
    path("efterhand/mall.xlsx", views_afterwards.register_template, name="register_template"),
    path("utbetalningar/export/", views_payments.payment_export, name="payment_export"),
    path("fakturor/<uuid:pk>/<slug:which>/", views.invoice_file, name="invoice_file"),
    path("budget/", views_setup.budget, name="budget"),
    path("budget/overforing/", views.transfer_create, name="transfer_create"),
    path("program/faser/", views_setup.phase_list, name="phase_list"),
    path("program/faser/ny/", views_setup.phase_create, name="phase_create"),
    path("program/faser/<uuid:pk>/aktivera/", views_setup.phase_activate, name="phase_activate"),
    path("program/budgetperioder/", views_setup.period_list, name="period_list"),
    path("program/budgetperioder/ny/", views_setup.period_create, name="period_create"),
    path("program/budgetperioder/<uuid:pk>/", views_setup.period_update, name="period_update"),
    path("program/budgetperioder/<uuid:pk>/stang/", views_setup.period_close, name="period_close"),
    path("program/kataloger/", views_setup.catalogue_upload, name="catalogue_upload"),
    path("program/kataloger/bekrafta/", views_setup.catalogue_confirm, name="catalogue_confirm"),
]
