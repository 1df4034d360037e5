from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("arenden/<uuid:case_id>/", views.case_requests, name="case_requests"),
    path("arenden/<uuid:case_id>/radera/", views.case_erase, name="case_erase"),
    path("utdrag/<uuid:extract_id>/<slug:fmt>/", views.extract_download, name="extract_download"),
]
