from django.urls import path

from nsp.audit import views

app_name = "audit"

urlpatterns = [
    path("<slug:app_label>/<slug:model_name>/<str:pk>/", views.object_history, name="history"),
]
