"""Forms of the activity pages: they read and shape input; the services validate and write."""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.http import QueryDict

from roundtable.accounts.models import User
from roundtable.activities.models import Activity, Series
from roundtable.activities.selectors import staff_users
from roundtable.activities.services import ActivityFields
from roundtable.communities.models import Community
from roundtable.domain.places import PlaceError, timezone_choices, timezone_name
from roundtable.domain.planning.formats import format_library
from roundtable.domain.planning.plan import MAX_MINUTES, MODES, STAGE_MODES
from roundtable.domain.planning.plan import AgendaBlock as PlanBlock
from roundtable.domain.planning.taxonomy import purposes
from roundtable.segments.models import Segment


class ActivityForm(forms.Form):
    title = forms.CharField(max_length=200)
    format = forms.ChoiceField(
        required=False, help_text="A new activity starts with the format's agenda."
    )
    purpose_deeper = forms.ChoiceField(
        label="Deeper purpose", widget=forms.RadioSelect, help_text="Why the activity exists."
    )
    purpose_expressed = forms.CharField(
        label="Expressed purpose",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In the words the invitation will use.",
    )
    description = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    segment = forms.ModelChoiceField(
        queryset=Segment.objects.none(),
        required=False,
        empty_label="The whole community",
        label="Target audience",
    )
    expected_headcount = forms.IntegerField(min_value=1, max_value=100_000, label="Expected people")
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Start time")
    timezone = forms.ChoiceField(label="Time zone")
    duration_minutes = forms.IntegerField(min_value=1, max_value=24 * 60, label="Minutes")
    mode = forms.ChoiceField(choices=Activity.Mode.choices)
    place = forms.CharField(required=False, max_length=300, help_text="Address or room")
    link = forms.URLField(
        required=False, max_length=500, help_text="Meeting link", assume_scheme="https"
    )
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Nobody yet"
    )
    facilitators = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Managers and facilitators of the community.",
    )
    series = forms.ModelChoiceField(
        queryset=Series.objects.none(), required=False, empty_label="Not part of a series"
    )
    feedback = forms.BooleanField(required=False, label="Ask for plus/delta feedback at the end")
    follow_up = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Follow-up",
        help_text="What happens afterwards, e.g. a thread where members go on helping each other.",
    )

    def __init__(self, *args: object, community: Community, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["format"].choices = [  # type: ignore[attr-defined]
            ("", "No format (an empty agenda)"),
            *[(f.id, f.name) for f in format_library().values()],
        ]
        self.fields["purpose_deeper"].choices = [  # type: ignore[attr-defined]
            (p.id, p.name) for p in purposes().values()
        ]
        keep = str(self.data.get("timezone", "") or self.initial.get("timezone", ""))
        self.fields["timezone"].choices = timezone_choices(keep)  # type: ignore[attr-defined]
        self.fields["segment"].queryset = Segment.objects.filter(community=community)  # type: ignore[attr-defined]
        self.fields["series"].queryset = Series.objects.filter(community=community)  # type: ignore[attr-defined]
        staff = staff_users(community)
        self.fields["owner"].queryset = staff  # type: ignore[attr-defined]
        self.fields["facilitators"].queryset = staff  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(activity: Activity) -> dict[str, object]:
        local = activity.starts_at.astimezone(ZoneInfo(activity.timezone))
        return {
            "title": activity.title,
            "format": activity.format,
            "purpose_deeper": activity.purpose_deeper,
            "purpose_expressed": activity.purpose_expressed,
            "description": activity.description,
            "segment": activity.segment,
            "expected_headcount": activity.expected_headcount,
            "start_date": local.date(),
            "start_time": local.time().replace(second=0, microsecond=0),
            "timezone": activity.timezone,
            "duration_minutes": activity.duration_minutes,
            "mode": activity.mode,
            "place": activity.place,
            "link": activity.link,
            "series": activity.series,
            "owner": activity.owner,
            "facilitators": list(activity.facilitators.all()),
            "feedback": activity.feedback,
            "follow_up": activity.follow_up,
        }

    def clean_timezone(self) -> str:
        try:
            return timezone_name(self.cleaned_data["timezone"])
        except PlaceError as error:
            raise forms.ValidationError(str(error)) from None

    def fields_value(self) -> ActivityFields:
        data = self.cleaned_data
        start = datetime.combine(data["start_date"], data["start_time"]).replace(
            tzinfo=ZoneInfo(data["timezone"])
        )
        return ActivityFields(
            title=data["title"],
            purpose_expressed=data["purpose_expressed"],
            purpose_deeper=data["purpose_deeper"],
            starts_at=start,
            duration_minutes=data["duration_minutes"],
            expected_headcount=data["expected_headcount"],
            timezone=data["timezone"],
            description=data["description"],
            format=data["format"],
            mode=data["mode"],
            place=data["place"],
            link=data["link"],
            segment=data["segment"],
            series=data["series"],
            feedback=data["feedback"],
            follow_up=data["follow_up"],
        )


class PlanImportForm(forms.Form):
    file = forms.FileField(required=False, label="Plan file (.yaml)")
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        label="…or paste the plan",
    )


@dataclass
class AgendaRow:
    """One row of the agenda editor as typed, with its problems (for showing them again)."""

    title: str
    minutes: str
    mode: str
    size: str
    errors: dict[str, str] = field(default_factory=dict)


def agenda_rows(blocks: list[PlanBlock] | tuple[PlanBlock, ...]) -> list[AgendaRow]:
    return [
        AgendaRow(
            b.title,
            str(b.minutes),
            b.mode,
            str(b.group_size or b.speakers or ""),
        )
        for b in blocks
    ]


def agenda_from_post(data: QueryDict) -> tuple[list[PlanBlock], list[AgendaRow]]:
    """The agenda typed into the editor (parallel lists ``title``, ``minutes``, ``mode``,
    ``size``), and the rows with a message next to each wrong field.

    ``size`` is the group size of small groups and the number of speakers of a presentation
    or panel; other modes ignore it. Fully empty rows are dropped.
    """
    titles, minutes, modes, sizes = (
        data.getlist(name) for name in ("title", "minutes", "mode", "size")
    )
    count = max(len(titles), len(minutes), len(modes), len(sizes))
    blocks: list[PlanBlock] = []
    rows: list[AgendaRow] = []

    def at(values: list[str], index: int) -> str:
        return values[index].strip() if index < len(values) else ""

    for index in range(count):
        row = AgendaRow(at(titles, index), at(minutes, index), at(modes, index), at(sizes, index))
        if not (row.title or row.minutes or row.size):
            continue
        rows.append(row)
        if not row.title:
            row.errors["title"] = "Give the block a title."
        elif len(row.title) > 200:
            row.errors["title"] = "At most 200 characters."
        try:
            value = int(row.minutes)
            if not 1 <= value <= MAX_MINUTES:
                raise ValueError
        except ValueError:
            row.errors["minutes"] = f"A whole number of minutes from 1 to {MAX_MINUTES}."
            value = 0
        if row.mode not in MODES:
            row.errors["mode"] = "Choose an interaction mode."
        size: int | None = None
        if row.size and row.mode in ("small_groups", *STAGE_MODES):
            try:
                size = int(row.size)
                if size < (2 if row.mode == "small_groups" else 1) or size > 1000:
                    raise ValueError
            except ValueError:
                row.errors["size"] = (
                    "Group size: a whole number, at least 2."
                    if row.mode == "small_groups"
                    else "Speakers: a whole number, at least 1."
                )
        if row.errors:
            continue
        blocks.append(
            PlanBlock(
                row.title,
                value,
                row.mode,
                group_size=size if row.mode == "small_groups" else None,
                speakers=size if row.mode in STAGE_MODES else None,
            )
        )
    return blocks, rows
