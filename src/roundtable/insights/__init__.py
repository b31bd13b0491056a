"""Community insights: whether the community is getting stronger, for whom, and where it is
thin, computed from what the other apps hold (see docs/insights.md). The top of the app layers:
it reads every app below it and none of them imports it."""
