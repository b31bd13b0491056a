"""Forms of the needs pages: they only read and shape input; services validate and write."""

from django import forms

from roundtable.domain.places import country_choices, timezone_choices
from roundtable.members.forms import TagsField
from roundtable.needs.models import Need
from roundtable.needs.services import MAX_TEXT


class IntakeForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=200)
    email = forms.EmailField(
        label="Your e-mail", max_length=254, help_text="We use it to follow up; it is not shown."
    )
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    country = forms.ChoiceField(label="Country", required=False)
    timezone = forms.ChoiceField(label="Time zone", required=False)
    text = forms.CharField(
        label="What are you trying to solve?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"In your own words; up to {MAX_TEXT:,} characters.",
    )
    tags = forms.CharField(
        label="Topics",
        required=False,
        max_length=500,
        help_text="A few words, separated by commas, e.g. leak detection, GIS",
    )
    urgency = forms.TypedChoiceField(
        label="How urgent is it?",
        choices=Need.Urgency.choices,
        coerce=int,
        initial=Need.Urgency.MEDIUM,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["country"].choices = [("", "Choose your country"), *country_choices()]  # type: ignore[attr-defined]
        keep = str(self.data.get("timezone", ""))
        self.fields["timezone"].choices = [  # type: ignore[attr-defined]
            ("", "Choose your time zone"),
            *timezone_choices(keep),
        ]
        self.fields["timezone"].widget.attrs["data-browser-timezone"] = ""  # roundtable.js
        self.fields["text"].widget.attrs["maxlength"] = str(MAX_TEXT)


class NeedForm(forms.Form):
    text = forms.CharField(
        label="The need, in the member's words", widget=forms.Textarea(attrs={"rows": 5})
    )
    tags = forms.CharField(
        label="Tags", required=False, max_length=500, help_text="Separated by commas"
    )
    urgency = forms.TypedChoiceField(
        label="Urgency", choices=Need.Urgency.choices, coerce=int, initial=Need.Urgency.MEDIUM
    )
    status = forms.ChoiceField(label="Status", choices=Need.Status.choices, initial="open")
    source = forms.ChoiceField(
        label="Where it came from",
        choices=[
            (Need.Source.STAFF, "Entered by staff"),
            (Need.Source.CONVERSATION, "Conversation"),
            (Need.Source.SURVEY, "Survey"),
        ],
        initial=Need.Source.STAFF,
        required=False,
    )


class SelfNeedForm(forms.Form):
    """A need stated by the member on their personal page."""

    text = forms.CharField(
        label="What are you trying to solve?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In your own words: the problem, and what would help.",
    )
    tags = TagsField(label="Topics")
    urgency = forms.TypedChoiceField(
        coerce=int,
        choices=[(1, "It can wait"), (2, "Soon"), (3, "Urgent"), (4, "Burning: I need help now")],
        initial=2,
        label="How urgent is it?",
    )
