from django.urls import path

from asiointi.fees import folder_views

app_name = "fees_folder"

urlpatterns = [
    path("", folder_views.index, name="index"),
    path("<int:review_id>/", folder_views.detail, name="detail"),
    path("<int:review_id>/tulot/", folder_views.income_add, name="income_add"),
    path("<int:review_id>/laheta/", folder_views.declaration_send, name="declaration_send"),
    path(
        "<int:review_id>/suostumus/<int:consent_id>/peru/",
        folder_views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("paatos/<int:decision_id>/kirje/", folder_views.letter, name="letter"),
]
