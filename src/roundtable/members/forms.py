from typing import Any

from django import forms

from roundtable.domain.places import PlaceError, country_choices, timezone_name, timezone_names
from roundtable.domain.tags import tag_names
from roundtable.members.member_filters import MemberFilter, MemberGroup
from roundtable.members.models import PROFILE_FIELDS, Member


def _timezone_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(name, name.replace("_", " ")) for name in sorted(timezone_names())]


def _set_choices(field: forms.Field, choices: list[tuple[Any, str]]) -> None:
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{field!r} offers no choices")
    field.choices = choices


class TagsField(forms.CharField):
    """Comma-separated tags in, a list of normalised names out."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault("help_text", "Separate with commas, e.g. leak detection, GIS")
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().clean(value)
        try:
            return tag_names(text)
        except ValueError as error:
            raise forms.ValidationError(str(error).capitalize()) from None


class MemberForm(forms.ModelForm):
    country = forms.ChoiceField(required=False, choices=[("", "—")])
    timezone = forms.ChoiceField(required=False, choices=[], label="Time zone")
    expertise = TagsField(label="Expertise")
    interests = TagsField(label="Interests")

    class Meta:
        model = Member
        fields = list(PROFILE_FIELDS)
        labels = {"full_name": "Name", "email": "E-mail", "role": "Role or job title"}
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.community = community
        _set_choices(self.fields["country"], [("", "—"), *country_choices()])
        _set_choices(self.fields["timezone"], _timezone_choices())
        self.fields["bio"].widget.attrs["rows"] = 3
        if self.instance.pk:
            self.initial["expertise"] = ", ".join(t.name for t in self.instance.expertise.all())
            self.initial["interests"] = ", ".join(t.name for t in self.instance.interests.all())

    def clean_email(self) -> str | None:
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if not email:
            return None
        clash = Member.objects.filter(community=self.community, email=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                f"Another member of this community already uses {email}: {clash.first()}."
            )
        return email

    def clean_timezone(self) -> str:
        try:
            return timezone_name(self.cleaned_data.get("timezone") or "")
        except PlaceError as error:
            raise forms.ValidationError(str(error)) from None


class SelfProfileForm(MemberForm):
    """What a member may change about themselves through their personal link."""

    class Meta(MemberForm.Meta):
        fields = ["full_name", "organisation", "role", "country", "timezone", "languages", "bio"]


class DirectoryFilterForm(forms.Form):
    SORTS = [
        ("name", "Name"),
        ("-joined", "Newest first"),
        ("joined", "Oldest first"),
        ("organisation", "Organisation"),
        ("country", "Country"),
        ("level", "Most engaged first"),
    ]
    q = forms.CharField(required=False, label="Search", max_length=200)
    country = forms.ChoiceField(required=False)
    timezone = forms.ChoiceField(required=False, label="Time zone")
    level = forms.ChoiceField(required=False, label="Participation level")
    status = forms.ChoiceField(
        required=False,
        choices=[("active", "Active members"), ("archived", "Archived"), ("all", "Everyone")],
    )
    sort = forms.ChoiceField(required=False, choices=SORTS)

    def __init__(
        self,
        *args: Any,
        countries: list[tuple[str, str]],
        timezones: list[str],
        levels: list[tuple[str, str]],
        filters: list[tuple[MemberFilter, list[MemberGroup]]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._groups: dict[str, list[MemberGroup]] = {}
        for member_filter, groups in filters:
            self._groups[member_filter.name] = groups
            self.fields[member_filter.name] = forms.TypedChoiceField(
                required=False,
                coerce=int,
                empty_value=None,
                label=member_filter.label,
                choices=[("", "Everyone"), *((g.value, g.label) for g in groups)],
            )
        _set_choices(self.fields["country"], [("", "All countries"), *countries])
        _set_choices(
            self.fields["timezone"], [("", "All time zones")] + [(t, t) for t in timezones]
        )
        _set_choices(self.fields["level"], [("", "All levels"), *levels])

    def group_fields(self) -> list[forms.BoundField]:
        """The fields of the filters other apps register, in the order they registered."""
        return [self[name] for name in self._groups]

    def chosen_groups(self) -> list[MemberGroup]:
        """The group chosen in each registered filter (of a valid form)."""
        return [
            group
            for name, groups in self._groups.items()
            for group in groups
            if group.value == self.cleaned_data.get(name)
        ]
