"""Public feedback pages (no login). The paths are Finnish; the status path is in receipt emails."""

from django.urls import path

from asiointi.feedback import public_views

app_name = "feedback"

urlpatterns = [
    path("", public_views.give, name="give"),
    path("kiitos/<str:code>/", public_views.receipt, name="receipt"),
    path("seuranta/", public_views.track, name="track"),
    path("seuranta/<str:code>/", public_views.status, name="status"),
    path("palsta/", public_views.board_list, name="board"),
    path("palsta/kuva/<int:pk>/", public_views.public_photo, name="public_photo"),
    path("palsta/<str:request_id>/", public_views.board_item, name="board_item"),
]
