"""Pages of social return: contracts, the yearly figures and reports, PSO levels."""

from django.urls import path

from . import social_views

G = "g/<slug:slug>/social-return"

urlpatterns = [
    path(f"{G}/", social_views.contract_list, name="social-return"),
    path(f"{G}/contracten/<int:contract_id>/", social_views.contract_detail, name="social-contract"),
    path(f"{G}/contracten/<int:contract_id>/rapport.xlsx", social_views.contract_xlsx, name="social-contract-xlsx"),
    path(f"{G}/contracten/<int:contract_id>/rapport.pdf", social_views.contract_pdf, name="social-contract-pdf"),
    path(f"{G}/pso/", social_views.pso_levels, name="social-pso"),
]
