"""The network page's filters: the period (the months of every insights page) and the grouping
that the mixing table and the drawing's colours follow."""

from datetime import date

from django import forms

from roundtable.domain.insights import month_end
from roundtable.insights.forms import PeriodForm, default_period
from roundtable.insights.network_selectors import GROUPINGS


class NetworkFilterForm(PeriodForm):
    group = forms.ChoiceField(
        label="Compare groups by", required=False, choices=list(GROUPINGS.items())
    )

    def network_period(self, *, today: date) -> tuple[date, date, str]:
        """The period's first and last day and the grouping: the valid form's, or (not bound
        or invalid, its errors shown) the twelve months up to ``today``'s by region."""
        if self.is_bound and not self.is_valid():
            first, last = default_period(today)
            return first, month_end(last), "region"
        first, last = self.period(today=today)
        grouping = (self.cleaned_data.get("group") if self.is_bound else "") or "region"
        return first, month_end(last), grouping
