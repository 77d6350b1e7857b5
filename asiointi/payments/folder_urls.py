from django.urls import path

from asiointi.payments import folder_views

app_name = "payments_folder"
urlpatterns = [
    # maksatuspyyntö = payment request
    path("<int:case_id>/maksatuspyynto/", folder_views.request_send, name="request_send"),
]
