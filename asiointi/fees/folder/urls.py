from django.urls import path

from asiointi.fees.folder import views

app_name = "fees_folder"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:review_id>/", views.detail, name="detail"),
    path("<int:review_id>/tulot/", views.income_add, name="income_add"),
    path("<int:review_id>/laheta/", views.declaration_send, name="declaration_send"),
    path(
        "<int:review_id>/suostumus/<int:consent_id>/peru/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("paatos/<int:decision_id>/kirje/", views.letter, name="letter"),
]
