from django.urls import path

from nsp.audit import views

app_name = "access"

urlpatterns = [
    path("", views.access_log, name="log"),
    path("arende/<uuid:case_id>/", views.case_access_log, name="case"),
]
