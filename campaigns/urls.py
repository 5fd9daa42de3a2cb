from django.urls import path

from .views import browse, edit, transfer

app_name = "campaigns"

# "tao-moi", "nhap-tep" and "phong-trao-bon-tot" (movements.urls, mounted ahead of these) are
# reserved codes (campaigns.config.RESERVED_CODES).
urlpatterns = [
    path("", browse.CampaignListView.as_view(), name="list"),
    path("tao-moi/", edit.CampaignCreateView.as_view(), name="create"),
    path("nhap-tep/", transfer.CampaignImportView.as_view(), name="import"),
    path("<slug:code>/", browse.CampaignDetailView.as_view(), name="detail"),
    path("<slug:code>/sua/", edit.CampaignEditView.as_view(), name="edit"),
    path("<slug:code>/nhan-ban/", transfer.CampaignCloneView.as_view(), name="clone"),
    path("<slug:code>/xuat-tep/", transfer.CampaignExportView.as_view(), name="export"),
]
