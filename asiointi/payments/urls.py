from django.urls import path

from asiointi.payments import views
from asiointi.payments.handling import views as handler_views

app_name = "payments"
urlpatterns = [
    # Finance (maksatus = payment; erä = batch; maksettu = paid)
    path("", views.ready_list, name="ready"),
    path("erat/", views.batch_list, name="batches"),
    path("erat/uusi/", views.batch_create, name="batch_create"),
    path("erat/<int:batch_id>/", views.batch_detail, name="batch"),
    path("erat/<int:batch_id>/pain001.xml", views.batch_file, name="batch_file"),
    path("erat/<int:batch_id>/maksettu/", views.batch_mark_paid, name="batch_mark_paid"),
    # The handler of the case's department (pyyntö = request; hyväksy = accept; palauta = return)
    path(
        "hakemus/<int:case_id>/pyynnot/<int:request_id>/hyvaksy/",
        handler_views.request_accept,
        name="request_accept",
    ),
    path(
        "hakemus/<int:case_id>/pyynnot/<int:request_id>/palauta/",
        handler_views.request_return,
        name="request_return",
    ),
    # tili = account
    path(
        "hakemus/<int:case_id>/maksuerat/<int:number>/tili/",
        handler_views.change_account,
        name="change_account",
    ),
]
