"""Breakout groups and coffee-chat pairs that maximise new connections (issue 4).

Pure Python (numpy and networkx allowed, no Django): ``solve`` plans rounds of groups,
``pair_people`` plans a coffee-chat round, ``validate_schedule`` checks any schedule independently.
See docs/groups.md.
"""

from roundtable.domain.groups.constraints import ConstraintError, Constraints, history_weights
from roundtable.domain.groups.pairing import Pair, PairingPerson, pair_people
from roundtable.domain.groups.schedule import Schedule, counting_bound, group_sizes
from roundtable.domain.groups.solve import SolveResult, replan, solve
from roundtable.domain.groups.validate import ScheduleError, validate_schedule

__all__ = [
    "ConstraintError",
    "Constraints",
    "Pair",
    "PairingPerson",
    "Schedule",
    "ScheduleError",
    "SolveResult",
    "counting_bound",
    "group_sizes",
    "history_weights",
    "pair_people",
    "replan",
    "solve",
    "validate_schedule",
]
