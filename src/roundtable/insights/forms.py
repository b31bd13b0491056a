"""The Insights page's filters: a plain GET form, every field optional."""

from datetime import UTC, date
from typing import Any

from django import forms
from django.utils import timezone

from roundtable.domain.insights import add_months, month_of
from roundtable.domain.places import REGIONS
from roundtable.insights.selectors import InsightFilters
from roundtable.members.member_filters import MemberFilter, MemberGroup

# Months outside these years are typing slips (the insights command keeps to the same range).
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 1)
# The most months the page charts at once: a bar a month stays readable up to about this.
MAX_MONTHS = 36


class MonthField(forms.CharField):
    """A calendar month written YYYY-MM (what ``<input type="month">`` sends); its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def clean(self, value: Any) -> date | None:  # type: ignore[override]
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        try:
            month = month_of(date.fromisoformat(f"{text}-01"))
        except ValueError:
            raise forms.ValidationError(
                f"“{text}” is not a month: write it as YYYY-MM, e.g. 2026-03.", code="invalid"
            ) from None
        if not EARLIEST <= month <= LATEST:
            raise forms.ValidationError(
                f"{text} is out of range: choose a month from 1900-01 to 2199-12.", code="range"
            )
        return month


class PeriodForm(forms.Form):
    """The months an insights page covers, by default the twelve ending with the current one."""

    from_month = MonthField(required=False, label="From month")
    to_month = MonthField(required=False, label="To month")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:  # the fields show the period the page shows
            first, last = default_period(timezone.now().astimezone(UTC).date())
            self.initial.setdefault("from_month", f"{first:%Y-%m}")
            self.initial.setdefault("to_month", f"{last:%Y-%m}")

    def _in_order(self, data: dict[str, Any], first: str, last: str) -> None:
        start, end = data.get(first), data.get(last)
        if start and end and start > end:
            self.add_error(
                last,
                f"“{self.fields[last].label}” ({end:%Y-%m}) is before "
                f"“{self.fields[first].label}” ({start:%Y-%m}): choose a later month, "
                "or swap them.",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._in_order(data, "from_month", "to_month")
        start, end = data.get("from_month"), data.get("to_month")
        if start and end and _months(start, end) > MAX_MONTHS:
            self.add_error(
                "to_month",
                f"From {start:%Y-%m} to {end:%Y-%m} is {_months(start, end)} months: the page "
                f"shows at most {MAX_MONTHS}. Choose a shorter period.",
            )
        return data

    def period(self, *, today: date) -> tuple[date, date]:
        """The first days of the first and last months chosen (of a valid form, or not bound:
        the defaults): from ``from_month`` to ``to_month``; only the start, up to the current
        month (at most ``MAX_MONTHS``); only the end, the twelve months up to it; neither, the
        twelve months ending with ``today``'s."""
        data = self.cleaned_data if self.is_bound else {}
        first, last = default_period(today)
        start, end = data.get("from_month"), data.get("to_month")
        if start is None:
            start = add_months(end, -11) if end else first
        if end is None:
            end = min(max(last, start), add_months(start, MAX_MONTHS - 1))
        return start, end


class InsightFilterForm(PeriodForm):
    country = forms.ChoiceField(required=False)
    region = forms.ChoiceField(
        required=False, choices=[("", "All regions"), *((r, r) for r in REGIONS)]
    )
    organisation = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "organisations"}),
        help_text="The exact name, as in the directory",
    )
    joined_from = MonthField(required=False, label="Joined from")
    joined_to = MonthField(required=False, label="Joined to")

    def __init__(
        self,
        *args: Any,
        countries: list[tuple[str, str]],
        filters: list[tuple[MemberFilter, list[MemberGroup]]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._groups: dict[str, list[MemberGroup]] = {}
        self.fields["country"].choices = [("", "All countries"), *countries]  # type: ignore[attr-defined]
        for member_filter, groups in filters:
            self._groups[member_filter.name] = groups
            choices = [(g.value, g.label) for g in groups]
            self.fields[member_filter.name] = forms.TypedChoiceField(
                required=False,
                coerce=int,
                empty_value=None,
                label=member_filter.label,
                choices=[("", "Everyone"), *choices],
            )
            if member_filter.name == "segment":
                self.fields["compare"] = forms.TypedChoiceField(
                    required=False,
                    coerce=int,
                    empty_value=None,
                    label="Compare with segment",
                    choices=[("", "No comparison"), *choices],
                )
        self.order_fields(["from_month", "to_month", *self._groups, "compare"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._in_order(data, "joined_from", "joined_to")
        compare = data.get("compare")
        if compare is not None and compare == data.get("segment"):
            self.add_error(
                "compare",
                "This is the segment already chosen above: choose another one to compare with.",
            )
        return data

    def chosen(self, *, today: date) -> InsightFilters:
        """What the form (valid, or not bound: the defaults) chose. The period: from
        ``from_month`` to ``to_month``; only the start, up to the current month (at most
        ``MAX_MONTHS``); only the end, the twelve months up to it; neither, the twelve months
        ending with ``today``'s."""
        data = self.cleaned_data if self.is_bound else {}
        start, end = self.period(today=today)
        return InsightFilters(
            start=start,
            end=end,
            country=data.get("country") or "",
            region=data.get("region") or "",
            organisation=(data.get("organisation") or "").strip(),
            joined_from=data.get("joined_from"),
            joined_to=data.get("joined_to"),
            segment=self.chosen_group("segment") if self.is_bound else None,
            compare=self.chosen_group("compare") if self.is_bound else None,
            groups=self.other_groups() if self.is_bound else [],
        )

    def group_fields(self) -> list[forms.BoundField]:
        """The fields of the filters other apps register, in the order they registered."""
        return [self[name] for name in self._groups]

    def chosen_group(self, name: str) -> MemberGroup | None:
        """The group chosen in the registered filter ``name`` (of a valid form); "compare"
        for the segment to compare with."""
        chosen = self.cleaned_data.get(name)
        groups = self._groups.get("segment" if name == "compare" else name, [])
        return next((g for g in groups if g.value == chosen), None)

    def other_groups(self) -> list[MemberGroup]:
        """The groups chosen in the registered filters other than "segment"."""
        chosen = (self.chosen_group(name) for name in self._groups if name != "segment")
        return [g for g in chosen if g is not None]


def _months(start: date, end: date) -> int:
    """How many months from the month ``start`` to the month ``end``, both counted."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def default_period(today: date) -> tuple[date, date]:
    """Twelve calendar months ending with ``today``'s, as the insights command has it."""
    last = month_of(today)
    return add_months(last, -11), last
