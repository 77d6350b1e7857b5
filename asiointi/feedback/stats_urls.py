app_name = "feedback_stats"

urlpatterns = []
