from django.urls import path

from nsp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("anvandare/", views.user_list, name="user_list"),
    path("anvandare/ny/", views.user_create, name="user_create"),
    path("anvandare/<int:user_id>/", views.user_update, name="user_update"),
    path("behorighet/", views.access_changes, name="access_changes"),
    path(
        "behorighet/<uuid:change_id>/beslut/",
        views.access_change_decide,
        name="access_change_decide",
    ),
    path("last/", views.locked_users, name="locked_users"),
    path("last/<int:user_id>/las-upp/", views.user_unlock, name="user_unlock"),
    path("organisationer/", views.organisation_list, name="organisation_list"),
    path("organisationer/ny/", views.organisation_create, name="organisation_create"),
    path(
        "organisationer/<uuid:organisation_id>/",
        views.organisation_update,
        name="organisation_update",
    ),
]
