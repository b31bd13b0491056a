"""The activity planner's pure core: purposes, formats, plans, voice budget, alignment rules,
success indicators and time-zone fairness. Imports nothing from Django."""
