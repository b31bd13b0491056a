from django.urls import path

from roundtable.live.consumers import LiveConsumer

websocket_urlpatterns = [path("ws/live/<str:code>/", LiveConsumer.as_asgi())]
