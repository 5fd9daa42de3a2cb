from django.urls import path

from .views import browse, edit, transfer
from .views.four_good import dashboard as four_good_dashboard
from .views.four_good import judgements as four_good_judgements
from .views.four_good import overview as four_good_overview
from .views.four_good import results as four_good_results
from .views.four_good import rewards as four_good_rewards

app_name = "campaigns"

# "tao-moi", "nhap-tep" and "phong-trao-bon-tot" are reserved codes
# (campaigns.config.RESERVED_CODES).
urlpatterns = [
    path("", browse.CampaignListView.as_view(), name="list"),
    path("tao-moi/", edit.CampaignCreateView.as_view(), name="create"),
    path("nhap-tep/", transfer.CampaignImportView.as_view(), name="import"),
    path(
        "phong-trao-bon-tot/", four_good_overview.MovementListView.as_view(), name="four-good-home"
    ),
    path("<slug:code>/", browse.CampaignDetailView.as_view(), name="detail"),
    path("<slug:code>/sua/", edit.CampaignEditView.as_view(), name="edit"),
    path("<slug:code>/nhan-ban/", transfer.CampaignCloneView.as_view(), name="clone"),
    path("<slug:code>/xuat-tep/", transfer.CampaignExportView.as_view(), name="export"),
    *four_good_overview.urlpatterns,
    *four_good_results.urlpatterns,
    *four_good_dashboard.urlpatterns,
    *four_good_rewards.urlpatterns,
    *four_good_judgements.urlpatterns,
]
