from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<uuid:survey_id>/", views.detail, name="detail"),
    path("<uuid:survey_id>/stang/", views.close, name="close"),
    path("<uuid:survey_id>/export.<str:fmt>", views.export, name="export"),
    path("mina/", views.mine, name="mine"),
    path("<uuid:survey_id>/svar/", views.answer, name="answer"),
]
