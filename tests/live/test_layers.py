"""The Redis channel layer as configured waits through idle periods longer than its pop."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from channels_redis.core import RedisChannelLayer

from roundtable.live.layers import channel_layers
from tests.live.test_two_processes import REDIS_URL


def test_without_redis_one_process_uses_the_in_memory_layer():
    assert channel_layers("")["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"


def test_a_hub_can_wait_on_redis_longer_than_a_blocking_pop_and_still_receive():
    # channels-redis pops with a 5 s timeout; with redis-py 8's default 5 s socket timeout the
    # idle wait ended in redis.exceptions.TimeoutError instead of simply going on.
    redis.Redis.from_url(REDIS_URL).flushdb()
    config = channel_layers(REDIS_URL)["default"]
    layer = RedisChannelLayer(**config["CONFIG"])
    assert config["BACKEND"] == "channels_redis.core.RedisChannelLayer"

    async def scenario() -> dict:
        channel = await layer.new_channel("live-hub.")
        with pytest.raises(TimeoutError):  # ours: nothing came, and nothing failed meanwhile
            await asyncio.wait_for(layer.receive(channel), RedisChannelLayer.brpop_timeout + 1.5)
        await layer.send(channel, {"type": "live.dirty", "session": 7})
        try:
            return await asyncio.wait_for(layer.receive(channel), 5)
        finally:
            await layer.flush()
            await layer.close_pools()

    # In a thread of its own: the browser tests' Playwright keeps an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as executor:
        received = executor.submit(asyncio.run, scenario()).result()
    assert received == {"type": "live.dirty", "session": 7}
