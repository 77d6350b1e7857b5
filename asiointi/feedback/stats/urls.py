from django.urls import path

from asiointi.feedback.stats import views

app_name = "feedback_stats"

urlpatterns = [path("", views.overview, name="overview")]
