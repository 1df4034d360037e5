from django.urls import path

from nsp.api import token_views

app_name = "api_tokens"

urlpatterns = [
    path("", token_views.token_list, name="list"),
    path("<int:token_id>/aterkalla/", token_views.token_revoke, name="revoke"),
]
