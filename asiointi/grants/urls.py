from django.urls import path

from asiointi.grants import views

app_name = "grants"
urlpatterns = [
    path("", views.decision_lists, name="lists"),
    path("uusi/", views.decision_list_create, name="create"),
    path("<int:list_id>/", views.decision_list_detail, name="detail"),
    path("<int:list_id>/lisaa/", views.decision_list_add, name="add"),
    path("<int:list_id>/poista/<int:case_id>/", views.decision_list_remove, name="remove"),
    path("<int:list_id>/hyvaksy/", views.decision_list_approve, name="approve"),
    path("<int:list_id>/pdf/", views.decision_list_pdf, name="pdf"),
    path("<int:list_id>/csv/", views.decision_list_csv, name="csv"),
]
