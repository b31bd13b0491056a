"""The channel layer of live sessions: in memory for one process, Redis for several.

Read by the settings (no Django import here).
"""

from typing import Any

# Each process's hub waits for its group's messages with a blocking pop of up to 5 s
# (channels-redis's ``brpop_timeout``). redis-py 8 times socket reads out after 5 s by default,
# which broke that wait on every idle session (a TimeoutError every 5 s): reads may take longer.
SOCKET_TIMEOUT_SECONDS = 15


def channel_layers(redis_url: str) -> dict[str, Any]:
    """The ``CHANNEL_LAYERS`` setting for ``REDIS_URL`` (empty: one process, in memory)."""
    if not redis_url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": redis_url, "socket_timeout": SOCKET_TIMEOUT_SECONDS}],
                "capacity": 1000,
                "expiry": 30,
            },
        }
    }
