from django.urls import path

from troubleshooter import desk, views

app_name = "troubleshooter"

urlpatterns = [
    path("", views.guide_list, name="guide_list"),
    path("search/", views.search, name="search"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("other-guides/", views.other_guides, name="other_guides"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide"),
    path("guides/<slug:slug>/start/", views.start, name="start"),
    path("visits/<uuid:visit_id>/", views.visit_detail, name="visit"),
    path("visits/<uuid:visit_id>/steps/<int:number>/", views.step_detail, name="step"),
    path(
        "visits/<uuid:visit_id>/steps/<int:number>/previous/",
        views.previous_step,
        name="previous",
    ),
    path("visits/<uuid:visit_id>/answer/", views.answer, name="answer"),
    path("visits/<uuid:visit_id>/feedback/", views.feedback, name="feedback"),
    path("visits/<uuid:visit_id>/start-over/", views.start_over, name="start_over"),
    path("visits/<uuid:visit_id>/fixed/", views.fixed, name="fixed"),
    path("visits/<uuid:visit_id>/not-fixed/", views.not_fixed, name="not_fixed"),
    path("visits/<uuid:visit_id>/more-help/", views.more_help, name="more_help"),
    path("desk/<str:reference>/", desk.lookup, name="desk"),
]
