from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("ansokningar/", views.application_list, name="application_list"),
    path("ansokningar/ny/<slug:kind>/", views.application_create, name="application_create"),
    path("ansokningar/<uuid:pk>/", views.application_detail, name="application_detail"),
    path(
        "ansokningar/<uuid:pk>/underlag/", views.application_document, name="application_document"
    ),
    path("ansokningar/<uuid:pk>/komplettera/", views.application_inform, name="application_inform"),
    path("ansokningar/<uuid:pk>/beslut/", views.application_decide, name="application_decide"),
    path("beslut/", views.decision_register, name="decision_register"),
    path("beslut/export/", views.decision_export, name="decision_export"),
    path("beslut/<uuid:pk>/", views.decision_detail, name="decision_detail"),
    path("beslut/<uuid:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    path("beslut/<uuid:pk>/omprovning/", views.decision_reconsider, name="decision_reconsider"),
    path("beslut/<uuid:pk>/overtagande/", views.decision_takeover, name="decision_takeover"),
    path("beslut/<uuid:pk>/faktura/", views.invoice_create, name="invoice_create"),
    path("fakturor/<uuid:pk>/attest/", views.invoice_attest, name="invoice_attest"),
    path("fakturor/<uuid:pk>/<slug:which>/", views.invoice_file, name="invoice_file"),
    path("budget/", views.budget, name="budget"),
    path("budget/overforing/", views.transfer_create, name="transfer_create"),
]
