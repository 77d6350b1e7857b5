from django.urls import path

from asiointi.handling import views

app_name = "handling"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:case_id>/", views.case_detail, name="case"),
    path("<int:case_id>/kasittelyyn/", views.start_processing, name="start_processing"),
    path("<int:case_id>/viestit/", views.message_send, name="message_send"),
    path("<int:case_id>/liitteet/", views.attachment_upload, name="attachment_upload"),
    path(
        "<int:case_id>/liitteet/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("<int:case_id>/versiot/<int:number>/", views.version, name="version"),
]
