from django.urls import path

from asiointi.assistance import handling_views as assistance_handling_views
from asiointi.handling import action_views, intake_views, overlap_views, reading_views, views

app_name = "handling"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("seuraava/", action_views.take_next, name="take_next"),
    path("suodattimet/", views.queue_filter_panel, name="queue_filter_panel"),
    path("osoita/", views.bulk_assign, name="bulk_assign"),
    path("kirjaus/", intake_views.intake_start, name="intake_start"),
    path("kirjaus/<int:call_id>/", intake_views.intake_form, name="intake_form"),
    path(
        "kirjaus/palvelu/<slug:service_code>/",
        intake_views.intake_service_form,
        name="intake_service_form",
    ),
    path("paallekkaisyydet/", overlap_views.overlap_report, name="overlap_report"),
    path("haku/", reading_views.search, name="search"),
    path("luku/<int:case_id>/", reading_views.read_case, name="read"),
    path("lukuloki/", reading_views.read_audit, name="read_audit"),
    path("<int:case_id>/", views.case_detail, name="case"),
    path("<int:case_id>/kasittelyyn/", views.start_processing, name="start_processing"),
    path("<int:case_id>/ota/", action_views.claim, name="claim"),
    path("<int:case_id>/osoita/", action_views.assign, name="assign"),
    path("<int:case_id>/taydennys/", action_views.request_supplement, name="request_supplement"),
    path("<int:case_id>/siirto/", action_views.transfer, name="transfer"),
    path("<int:case_id>/paatos/", action_views.decide, name="decide"),
    path("<int:case_id>/ehdotus/", action_views.propose_decision, name="propose_decision"),
    path("<int:case_id>/ehdotus/peru/", action_views.cancel_proposal, name="cancel_proposal"),
    path("<int:case_id>/sulje/", action_views.close, name="close"),
    path("<int:case_id>/muistiinpanot/", action_views.note_add, name="note_add"),
    path("<int:case_id>/viestit/", views.message_send, name="message_send"),
    path("<int:case_id>/liitteet/", views.attachment_upload, name="attachment_upload"),
    path(
        "<int:case_id>/liitteet/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("<int:case_id>/versiot/<int:number>/", views.version, name="version"),
    path("<int:case_id>/asiakirjat/", views.documents, name="documents"),
    path(
        "<int:case_id>/laskelma/",
        assistance_handling_views.calculation_save,
        name="calculation_save",
    ),
]
