from django.urls import path

from asiointi.payments.folder import views

app_name = "payments_folder"
urlpatterns = [
    # maksatuspyyntö = payment request
    path("<int:case_id>/maksatuspyynto/", views.request_send, name="request_send"),
]
