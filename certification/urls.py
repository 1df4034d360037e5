from django.urls import path

from certification.views import folder, overview, requests, staff, steps

app_name = "certification"

urlpatterns = [
    path("certifiering/", overview.overview, name="overview"),
    path("certifiering/min-mapp/", folder.my_folder, name="my_folder"),
    path("certifiering/aktor/<uuid:organisation_id>/", folder.folder, name="folder"),
    path(
        "certifiering/aktor/<uuid:organisation_id>/status/",
        folder.status_change,
        name="status_change",
    ),
    path(
        "certifiering/aktor/<uuid:organisation_id>/profil/",
        steps.profile_edit,
        name="profile_edit",
    ),
    path(
        "certifiering/aktor/<uuid:organisation_id>/profil/begaran/",
        requests.profile_request,
        name="profile_request",
    ),
    path(
        "certifiering/aktor/<uuid:organisation_id>/bedomning/ny/",
        steps.assessment_open,
        name="assessment_open",
    ),
    path("certifiering/profil/<uuid:profile_id>/", steps.profile_detail, name="profile_detail"),
    path(
        "certifiering/profil/<uuid:profile_id>/granska/",
        steps.profile_review,
        name="profile_review",
    ),
    path(
        "certifiering/bedomning/<uuid:assessment_id>/",
        steps.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "certifiering/bedomning/<uuid:assessment_id>/svar/",
        steps.assessment_record,
        name="assessment_record",
    ),
    path(
        "certifiering/bedomning/<uuid:assessment_id>/pdf/",
        steps.assessment_pdf,
        name="assessment_pdf",
    ),
    path("certifiering/atgard/<uuid:action_id>/", steps.action_detail, name="action_detail"),
    path(
        "certifiering/uppfoljning/<uuid:followup_id>/",
        steps.followup_record,
        name="followup_record",
    ),
    path(
        "certifiering/uppfoljning/<uuid:followup_id>/bedomning/",
        steps.followup_assessment,
        name="followup_assessment",
    ),
    path("certifiering/utbildningar/", steps.event_list, name="event_list"),
    path(
        "certifiering/utbildningar/<uuid:event_id>/deltagare/",
        staff.event_staff,
        name="event_staff",
    ),
    path("certifiering/personal/", staff.my_staff, name="my_staff"),
    path(
        "certifiering/aktor/<uuid:organisation_id>/personal/",
        staff.staff_register,
        name="staff_register",
    ),
    path(
        "certifiering/personal/<uuid:member_id>/", staff.staff_member_edit, name="staff_member_edit"
    ),
    path(
        "certifiering/dokument/<uuid:document_id>/",
        folder.document_download,
        name="document_download",
    ),
    path("katalog/", overview.directory, name="directory"),
    path("katalog/<uuid:organisation_id>/", overview.directory_detail, name="directory_detail"),
]
