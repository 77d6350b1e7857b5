from django.urls import path

from asiointi.feedback import public_views

app_name = "feedback"

urlpatterns = [
    path("seuranta/<str:code>/", public_views.status, name="status"),
]
