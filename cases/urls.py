from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("forfragningar/", views.inquiry_list, name="inquiry_list"),
    path("forfragningar/ny/", views.inquiry_create, name="inquiry_create"),
    path("forfragningar/<uuid:inquiry_id>/", views.inquiry_update, name="inquiry_update"),
    path("ansokan/ny/", views.application_create, name="application_create"),
    path("<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("<uuid:case_id>/handelser/", views.case_timeline, name="case_timeline"),
    path("<uuid:case_id>/beslut/", views.case_decide, name="case_decide"),
    path("<uuid:case_id>/uppgifter/", views.case_details_update, name="case_details_update"),
    path("<uuid:case_id>/samma-person/", views.same_person, name="same_person"),
    path("<uuid:case_id>/jamfor/", views.assessment_compare, name="assessment_compare"),
    path("<uuid:case_id>/dokument/<slug:kind>/ny/", views.document_create, name="document_create"),
    path("<uuid:case_id>/barn/ny/", views.child_edit, name="child_create"),
    path("<uuid:case_id>/plan/", views.implementation_plan_edit, name="implementation_plan"),
    path("<uuid:case_id>/plan/ny/", views.plan_item_edit, name="plan_item_create"),
    path("dokument/<uuid:document_id>/", views.document_detail, name="document_detail"),
    path("dokument/<uuid:document_id>/redigera/", views.document_edit, name="document_edit"),
    path("dokument/<uuid:document_id>/korrigera/", views.document_correct, name="document_correct"),
    path("dokument/<uuid:document_id>/mottagen/", views.document_receive, name="document_receive"),
    path("dokument/<uuid:document_id>/avsluta/", views.exit_confirm, name="exit_confirm"),
    path("barn/<uuid:child_id>/", views.child_edit, name="child_update"),
    path("plan/<uuid:item_id>/", views.plan_item_edit, name="plan_item_update"),
]
