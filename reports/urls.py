from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("statistik/", views.statistics_view, name="statistics"),
    path("statistik/beslutsunderlag/", views.statistics_notes, name="statistics_notes"),
    path("statistik/export.<str:fmt>", views.statistics_export, name="statistics_export"),
    path("programrapport/", views.programme_report, name="programme_report"),
    path("programrapport/pdf/", views.programme_report_pdf, name="programme_report_pdf"),
    path(
        "aktorsrapport/<uuid:organisation_id>/<int:year>/",
        views.actor_report,
        name="actor_report",
    ),
    path(
        "aktorsrapport/<uuid:organisation_id>/<int:year>/pdf/",
        views.actor_report_pdf,
        name="actor_report_pdf",
    ),
    path("notiser/", views.notifications, name="notifications"),
    path("notiser/<uuid:notification_id>/last/", views.notification_read, name="notification_read"),
    path("notiser/alla-lasta/", views.notifications_read_all, name="notifications_read_all"),
    path("notiser/antal/", views.notifications_count, name="notifications_count"),
    path("notiser/installningar/", views.notification_settings, name="notification_settings"),
]
