from django.urls import path

from asiointi.cases.views import case, folder

app_name = "cases"
urlpatterns = [
    path("", folder.folder, name="folder"),
    path("uusi/<int:call_id>/", folder.start, name="start"),
    path("uusi/palvelu/<slug:service_code>/", folder.start_service, name="start_service"),
    path("<int:case_id>/", case.detail, name="detail"),
    path("<int:case_id>/muokkaa/", folder.edit, name="edit"),
    path("<int:case_id>/poista/", folder.delete, name="delete"),
    path("<int:case_id>/peru/", case.withdraw, name="withdraw"),
    path("<int:case_id>/versiot/<int:number>/", case.version, name="version"),
    path("<int:case_id>/liitteet/", case.attachment_upload, name="attachment_upload"),
    path(
        "<int:case_id>/liitteet/<int:attachment_id>/", case.attachment_download, name="attachment"
    ),
    path("<int:case_id>/viestit/", case.message_send, name="message_send"),
]
