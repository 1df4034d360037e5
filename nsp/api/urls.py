from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from nsp.api import cases, certification, funding, organisations
from reports.api import statistics_api

app_name = "api"

router = DefaultRouter()
router.register("organisations", organisations.OrganisationViewSet, basename="organisation")
router.register("certifications", certification.CertificationViewSet, basename="certification")
router.register(
    "catalogues/requirements",
    certification.RequirementCatalogueViewSet,
    basename="requirement-catalogue",
)
router.register(
    "catalogues/interventions",
    certification.InterventionCatalogueViewSet,
    basename="intervention-catalogue",
)
router.register("cases", cases.CaseViewSet, basename="case")
router.register("inquiries", cases.InquiryViewSet, basename="inquiry")
router.register("applications", funding.ApplicationViewSet, basename="application")
router.register("purchase-requests", funding.PurchaseRequestViewSet, basename="purchase-request")
router.register("decisions", funding.DecisionViewSet, basename="decision")
router.register("invoices", funding.InvoiceViewSet, basename="invoice")
router.register("budget-streams", funding.BudgetStreamViewSet, basename="budget-stream")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/me/", organisations.me, name="me"),
    path("v1/statistics/", statistics_api, name="statistics"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
