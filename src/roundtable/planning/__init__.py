"""The activity planner's Django side; for now only the `roundtable plan` command."""
