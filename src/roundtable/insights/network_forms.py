"""The network page's filters: the period, as a first and a last month, and the grouping."""

import re
from datetime import date
from typing import Any

from django import forms

from roundtable.domain.insights import add_months, month_end
from roundtable.insights.network_selectors import GROUPINGS

EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 1)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: str, label: str) -> date:
    match = _MONTH.match(value.strip())
    month = int(match[2]) if match else 0
    if not match or not 1 <= month <= 12:
        raise forms.ValidationError(
            f"{label}: “{value}” is not a month; write it as YYYY-MM, e.g. 2026-03."
        )
    first = date(int(match[1]), month, 1)
    if not EARLIEST <= first <= LATEST:
        raise forms.ValidationError(f"{label}: use a month from 1900-01 to 2199-12.")
    return first


class NetworkFilterForm(forms.Form):
    from_month = forms.CharField(
        label="From (month)",
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    to_month = forms.CharField(
        label="To (month)",
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    group = forms.ChoiceField(
        label="Compare groups by", required=False, choices=list(GROUPINGS.items())
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_from_month(self) -> date | None:
        value = self.cleaned_data.get("from_month") or ""
        return _month(value, "From") if value.strip() else None

    def clean_to_month(self) -> date | None:
        value = self.cleaned_data.get("to_month") or ""
        return _month(value, "To") if value.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = self._months(data)
        if first > last:
            self.add_error(
                "to_month",
                f"To: {last:%Y-%m} is before From ({first:%Y-%m}); choose a later month.",
            )
        return data

    def _months(self, data: dict[str, Any]) -> tuple[date, date]:
        last = data.get("to_month") or date(self.today.year, self.today.month, 1)
        first = data.get("from_month") or add_months(last, -11)
        return first, last

    def period(self) -> tuple[date, date, str]:
        """The period's first and last day and the grouping: the valid form's, or the twelve
        months up to this one by region."""
        data = self.cleaned_data if self.is_valid() else {}
        first, last = self._months(data)
        return first, month_end(last), data.get("group") or "region"
