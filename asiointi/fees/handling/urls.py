from django.urls import path

from asiointi.fees.handling import views

app_name = "fees_handling"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.review_page, name="review"),
    path("<int:pk>/valinta/", views.record_choice, name="record_choice"),
    path(
        "<int:pk>/suostumus/<int:consent_id>/peru/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("<int:pk>/hae-tulot/", views.fetch_incomes, name="fetch_incomes"),
    path("<int:pk>/tulot/", views.add_income, name="add_income"),
    path("<int:pk>/tulot/<int:record_id>/korjaus/", views.correct_income, name="correct_income"),
    path("<int:pk>/ehdotus/", views.recompute, name="recompute"),
    path("<int:pk>/paatos/", views.decide, name="decide"),
    path("<int:pk>/paatos/kirje/", views.letter, name="letter"),
    path("<int:pk>/liitteet/<int:attachment_id>/", views.attachment, name="attachment"),
]
