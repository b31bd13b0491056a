from django.urls import path

from roundtable.breakouts import views

urlpatterns = [
    path(
        "activities/<int:activity_id>/breakouts/",
        views.activity_breakouts,
        name="activity_breakouts",
    ),
    path(
        "activities/<int:activity_id>/breakouts/swap/",
        views.activity_breakouts_swap,
        name="activity_breakouts_swap",
    ),
    path(
        "activities/<int:activity_id>/breakouts/replan/",
        views.activity_breakouts_replan,
        name="activity_breakouts_replan",
    ),
    path(
        "activities/<int:activity_id>/breakouts/rooms/",
        views.activity_breakouts_print,
        name="activity_breakouts_print",
    ),
    path(
        "activities/<int:activity_id>/breakouts/zoom.csv",
        views.activity_breakouts_zoom,
        name="activity_breakouts_zoom",
    ),
    path(
        "activities/<int:activity_id>/breakouts/teams/",
        views.activity_breakouts_teams,
        name="activity_breakouts_teams",
    ),
    path(
        "activities/<int:activity_id>/breakouts/encounters/",
        views.activity_breakouts_encounters,
        name="activity_breakouts_encounters",
    ),
    path("coffee-chats/", views.coffee_chat_list, name="coffee_chats"),
    path("coffee-chats/opt-in/", views.coffee_chat_opt_in, name="coffee_chat_opt_in"),
    path(
        "coffee-chats/opt-out/<int:member_id>/",
        views.coffee_chat_opt_out,
        name="coffee_chat_opt_out",
    ),
    path("coffee-chats/rounds/", views.coffee_chat_round_new, name="coffee_chat_round_new"),
    path(
        "coffee-chats/rounds/<int:round_id>/",
        views.coffee_chat_round_action,
        name="coffee_chat_round_action",
    ),
    path("coffee-chats/me/<str:token>/", views.coffee_chat_self, name="coffee_chat_self"),
]
