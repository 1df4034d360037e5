"""Menu labels of the certification app (kept here so they live in the app's catalogue)."""

from django.utils.translation import gettext_lazy as _

CERTIFICATION = _("Certification")
FOLDER = _("Certification folder")
DIRECTORY = _("Directory of actors")
