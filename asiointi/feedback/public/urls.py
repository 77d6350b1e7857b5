"""Public feedback pages (no login). The paths are Finnish; the status path is in receipt emails."""

from django.urls import path

from asiointi.feedback.public import views

app_name = "feedback"

urlpatterns = [
    path("", views.give, name="give"),
    path("kiitos/<str:code>/", views.receipt, name="receipt"),
    path("seuranta/", views.track, name="track"),
    path("seuranta/<str:code>/", views.status, name="status"),
    path("palsta/", views.board_list, name="board"),
    path("palsta/kuva/<int:pk>/", views.public_photo, name="public_photo"),
    path("palsta/<str:request_id>/", views.board_item, name="board_item"),
]
