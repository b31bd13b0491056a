"""Fields of segment rules that apps above this one add (insights adds "Engagement score").

A field has a name, a label, operators and a kind of value, which the pure rule parser
(``domain.segment_rules``) learns through :func:`rule_field_register`, and a condition: the
filter over Member for one parsed condition of the field. This app knows no such app: each
registers its fields from its ``AppConfig.ready()``; a condition may reach the app's rows by
their relation to Member (``engagement__score``), which needs no import.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from roundtable.domain.segment_rules import Condition, field_register


@dataclass(frozen=True)
class RuleField:
    name: str  # the rule's "field", e.g. "engagement_score"
    label: str  # e.g. "Engagement score"
    operators: tuple[str, ...]  # e.g. ("at_least", "at_most")
    kind: str  # a kind of value of domain.segment_rules.KINDS, e.g. "score"
    condition: Callable[[Condition], Q]


RULE_FIELDS: dict[str, RuleField] = {}


def rule_field_register(rule_field: RuleField) -> None:
    field_register(rule_field.name, rule_field.label, rule_field.operators, rule_field.kind)
    RULE_FIELDS[rule_field.name] = rule_field
