from django.urls import path

from asiointi.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.grants, name="grants"),
    path("lataa.<str:file_format>", views.grants_download, name="grants_download"),
]
