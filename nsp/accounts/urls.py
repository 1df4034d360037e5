from django.urls import path

from nsp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("anvandare/", views.user_list, name="user_list"),
    path("anvandare/ny/", views.user_create, name="user_create"),
    path("anvandare/<int:user_id>/", views.user_update, name="user_update"),
    path("organisationer/", views.organisation_list, name="organisation_list"),
    path("organisationer/ny/", views.organisation_create, name="organisation_create"),
    path(
        "organisationer/<uuid:organisation_id>/",
        views.organisation_update,
        name="organisation_update",
    ),
]
