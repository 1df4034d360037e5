from django.urls import path

from journal import views

app_name = "journal"

urlpatterns = [
    path("<uuid:case_id>/", views.case_journal, name="case_journal"),
    path("<uuid:case_id>/ny/", views.entry_create, name="entry_create"),
    path("post/<uuid:entry_id>/redigera/", views.entry_edit, name="entry_edit"),
    path("post/<uuid:entry_id>/korrigera/", views.entry_correct, name="entry_correct"),
    path("post/<uuid:entry_id>/kommentar/", views.comment_create, name="comment_create"),
    path("post/<uuid:entry_id>/bilaga/", views.entry_attachment, name="entry_attachment"),
]
