app_name = "feedback_handling"

urlpatterns = []
