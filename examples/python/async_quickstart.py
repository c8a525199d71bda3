"""The asyncio client: concurrent calls against an in-process mock WAHA (typed)."""

from __future__ import annotations

import asyncio

from waha_groups import AsyncClient
from waha_groups.testing import MockWaha


async def main(url: str) -> int:
    async with AsyncClient(url, api_key="secret") as client:
        groups = client.groups("default")
        created = await asyncio.gather(*(groups.create(f"Group {i}", ["22222222222@c.us"]) for i in range(5)))
        fetched = await asyncio.gather(*(groups.get(g.id) for g in created))
        names = sorted(g.subject for g in fetched)
        print("created and fetched:", ", ".join(names))
        count = 0
        async for _ in groups.iter(page_size=2):
            count += 1
        print(f"{count} groups, paged 2 at a time")
        return count


if __name__ == "__main__":
    with MockWaha(engine="GOWS", api_key="secret") as mock:
        asyncio.run(main(mock.url))
