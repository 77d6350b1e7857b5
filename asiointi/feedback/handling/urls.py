from django.urls import path

from asiointi.feedback.handling import views

app_name = "feedback_handling"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("kirjaus/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/kuvat/<int:photo_id>/", views.photo, name="photo"),
    path("<int:pk>/lausunto/<int:statement_id>/", views.give_statement, name="give_statement"),
    path("<int:pk>/<slug:name>/", views.action, name="action"),
]
