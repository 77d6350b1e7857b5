from django.urls import path

from asiointi.feedback import stats_views

app_name = "feedback_stats"

urlpatterns = [path("", stats_views.overview, name="overview")]
