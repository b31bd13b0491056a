"""Forms of the breakout and coffee-chat pages. People in keep-apart and keep-together lines
are named by e-mail or name, one group per line, and resolved against the participants."""

from typing import Any

from django import forms

from roundtable.activities.models import Activity, Registration
from roundtable.breakouts.models import BreakoutPlan, CoffeeChatOptIn
from roundtable.breakouts.selectors import participants
from roundtable.breakouts.services import BreakoutRequest
from roundtable.segments.models import Segment


def _resolve_lines(
    text: str, people: list[Registration], *, exactly: int | None
) -> list[tuple[int, ...]]:
    """Lines of "name or e-mail, name or e-mail, …" as tuples of registration ids."""
    by_key: dict[str, list[Registration]] = {}
    for registration in people:
        for key in (registration.email, registration.name):
            if key:
                by_key.setdefault(key.strip().lower(), []).append(registration)
    groups = []
    for number, line in enumerate(text.splitlines(), start=1):
        names = [part.strip() for part in line.replace(";", ",").split(",") if part.strip()]
        if not names:
            continue
        ids = []
        for name in names:
            found = by_key.get(name.lower(), [])
            if not found:
                raise forms.ValidationError(f"Line {number}: “{name}” is not a participant.")
            if len(found) > 1:
                raise forms.ValidationError(
                    f"Line {number}: several participants are called “{name}”: use the e-mail."
                )
            ids.append(found[0].pk)
        if exactly is not None and len(set(ids)) != exactly:
            raise forms.ValidationError(
                f"Line {number}: name exactly {exactly} different people, separated by commas."
            )
        if exactly is None and len(set(ids)) < 2:
            raise forms.ValidationError(f"Line {number}: name at least 2 different people.")
        groups.append(tuple(dict.fromkeys(ids)))
    return groups


class BreakoutPlanForm(forms.Form):
    source = forms.ChoiceField(
        label="Participants",
        choices=BreakoutPlan.Source.choices,
        widget=forms.RadioSelect,
    )
    group_size = forms.IntegerField(label="Group size", required=False)
    rooms = forms.IntegerField(label="or number of rooms", required=False)
    rounds = forms.IntegerField(label="Rounds", required=False)
    max_rounds = forms.BooleanField(
        label="As many rounds as possible without a repeated pair", required=False
    )
    facilitators = forms.TypedMultipleChoiceField(
        label="Facilitators (at least one per room)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keep_apart = forms.CharField(
        label="Keep apart",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One pair a line, by name or e-mail: “Ana Lima, bo@example.org”.",
    )
    keep_together = forms.CharField(
        label="Keep together",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One group a line (e.g. a translator and the person they help).",
    )
    mix = forms.ChoiceField(label="Mix by", required=False)
    use_history = forms.BooleanField(
        label="Avoid pairs who met before (more so if recently)", required=False, initial=True
    )
    seed = forms.IntegerField(
        label="Seed", required=False, min_value=0, help_text="Empty for a new random plan."
    )

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activity = activity
        candidates = participants(activity=activity, source=BreakoutPlan.Source.REGISTERED)
        self.fields["facilitators"].choices = [(r.pk, r.name) for r in candidates]  # type: ignore[attr-defined]
        self.fields["mix"].choices = [  # type: ignore[attr-defined]
            ("", "Nothing"),
            ("organisation", "Organisation"),
            ("country", "Country"),
        ] + [
            (f"segment:{s.pk}", f"Segment: {s.name}")
            for s in Segment.objects.filter(community_id=activity.community_id).order_by("name")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source")
        if not source:
            return data
        people = list(participants(activity=self.activity, source=source))
        for name, exactly in (("keep_apart", 2), ("keep_together", None)):
            try:
                data[name] = _resolve_lines(data.get(name) or "", people, exactly=exactly)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data

    def request(self) -> BreakoutRequest:
        data = self.cleaned_data
        return BreakoutRequest(
            source=data["source"],
            group_size=data.get("group_size"),
            rooms=data.get("rooms"),
            rounds=data.get("rounds"),
            max_rounds=bool(data.get("max_rounds")),
            facilitators=tuple(data.get("facilitators") or ()),
            keep_apart=tuple((a, b) for a, b in data.get("keep_apart") or ()),
            keep_together=tuple(data.get("keep_together") or ()),
            mix=data.get("mix") or "",
            use_history=bool(data.get("use_history")),
            seed=data.get("seed"),
        )


class ReplanForm(forms.Form):
    finished = forms.IntegerField(label="Rounds already held", min_value=0)
    present = forms.TypedMultipleChoiceField(
        label="Who is here now", coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [  # type: ignore[attr-defined]
            (r.pk, r.name + (" (checked in)" if r.attended_at else ""))
            for r in Registration.objects.filter(activity=activity)
            .exclude(response=Registration.Response.NOT_ATTENDING, attended_at__isnull=True)
            .order_by("name", "pk")
        ]


class OptInForm(forms.Form):
    """Staff opting members in: e-mail addresses or names, one a line, or a whole segment."""

    people = forms.CharField(
        label="Members",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E-mail addresses or full names, one a line.",
    )
    segment = forms.ChoiceField(label="or everyone in a segment", required=False)

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        segments = [(str(s.pk), s.name) for s in Segment.objects.filter(community=community)]
        self.fields["segment"].choices = [("", "—"), *segments]  # type: ignore[attr-defined]


class HoursForm(forms.ModelForm):
    class Meta:
        model = CoffeeChatOptIn
        fields = ["hours_start", "hours_end"]
        labels = {"hours_start": "Free from (your time)", "hours_end": "until"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("hours_start"), data.get("hours_end")
        if start is not None and not 0 <= start <= 23:
            self.add_error("hours_start", "An hour from 0 to 23.")
        if end is not None and not 1 <= end <= 24:
            self.add_error("hours_end", "An hour from 1 to 24.")
        if start is not None and end is not None and start == end:
            self.add_error("hours_end", "Give a different hour from the start.")
        return data
