from typing import Any

from django import forms
from django.core.validators import validate_email

from roundtable.domain.places import PlaceError, country_choices, timezone_choices, timezone_name
from roundtable.domain.tags import tag_names
from roundtable.members.member_filters import MemberFilter, MemberGroup
from roundtable.members.member_sorts import MEMBER_SORTS
from roundtable.members.models import PROFILE_FIELDS, Member
from roundtable.members.selectors import address_owner, member_other_emails
from roundtable.members.services import MAX_OTHER_EMAILS


def _timezone_choices(form: forms.BaseForm, current: str) -> list[tuple[str, str]]:
    """The zones to pick from, keeping the one the form was sent or the member has."""
    keep = str(form.data.get("timezone", "") or current) if form.is_bound else current
    return [("", "—"), *timezone_choices(keep)]


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


class EmailsField(forms.CharField):
    """Addresses one per line (commas and semicolons separate too) in, a list of lower-cased
    addresses out; a line that is not an address is named in the error."""

    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 3000)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().clean(value)
        addresses: list[str] = []
        for number, line in enumerate(text.splitlines(), start=1):
            for part in line.replace(";", ",").split(","):
                address = part.strip().lower()
                if not address:
                    continue
                try:
                    validate_email(address)
                except forms.ValidationError:
                    raise forms.ValidationError(
                        f"Line {number}: “{address[:80]}” is not an e-mail address."
                    ) from None
                if address not in addresses:
                    addresses.append(address)
        if len(addresses) > MAX_OTHER_EMAILS:
            raise forms.ValidationError(
                f"{len(addresses)} addresses is too many; the most is {MAX_OTHER_EMAILS}."
            )
        return addresses


class MemberForm(forms.ModelForm):
    country = forms.ChoiceField(required=False, choices=[("", "—")])
    timezone = forms.ChoiceField(required=False, choices=[], label="Time zone")
    expertise = TagsField(label="Expertise")
    interests = TagsField(label="Interests")
    other_emails = EmailsField(
        label="Other e-mail addresses",
        help_text="One per line: a personal or a second work address. Imports match the "
        "member by these too.",
    )
    field_order = ["full_name", "email", "other_emails"]

    class Meta:
        model = Member
        fields = list(PROFILE_FIELDS)
        labels = {
            "full_name": "Name",
            "email": "E-mail",
            "role": "Role or job title",
            "listed_in_directory": "Listed in the members' directory",
        }
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.community = community
        _set_choices(self.fields["country"], [("", "—"), *country_choices()])
        _set_choices(self.fields["timezone"], _timezone_choices(self, self.instance.timezone))
        self.fields["bio"].widget.attrs["rows"] = 3
        # Consent comes last, after the expertise it lets other members see.
        self.order_fields([name for name in self.fields if name != "listed_in_directory"])
        if self.instance.pk:
            self.initial["expertise"] = ", ".join(t.name for t in self.instance.expertise.all())
            self.initial["interests"] = ", ".join(t.name for t in self.instance.interests.all())
            if "other_emails" in self.fields:
                self.initial["other_emails"] = "\n".join(member_other_emails(member=self.instance))

    def clean_email(self) -> str | None:
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if not email:
            return None
        owner = address_owner(
            community_id=self.community.pk, email=email, except_member_id=self.instance.pk
        )
        if owner is not None:
            raise forms.ValidationError(f"{email} is already the address of {owner}.")
        return email

    def clean_other_emails(self) -> list[str]:
        addresses: list[str] = self.cleaned_data.get("other_emails") or []
        for address in addresses:
            owner = address_owner(
                community_id=self.community.pk, email=address, except_member_id=self.instance.pk
            )
            if owner is not None:
                raise forms.ValidationError(f"{address} is already the address of {owner}.")
        return addresses

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = cleaned.get("email")
        if email and email in (cleaned.get("other_emails") or []):
            self.add_error(
                "other_emails", f"{email} is the main address above; list only the other ones."
            )
        return cleaned

    def clean_timezone(self) -> str:
        try:
            return timezone_name(self.cleaned_data.get("timezone") or "")
        except PlaceError as error:
            raise forms.ValidationError(str(error)) from None


class SelfProfileForm(MemberForm):
    """What a member may change about themselves through their personal link."""

    other_emails = None  # type: ignore[assignment]  # staff keep the addresses imports match by

    class Meta(MemberForm.Meta):
        # Not the address that links them to their records, nor when they joined.
        fields = [f for f in PROFILE_FIELDS if f not in ("email", "joined_on")]
        labels = {
            **MemberForm.Meta.labels,
            "listed_in_directory": "List me in the members' directory",
        }
        help_texts = {
            "listed_in_directory": "Other members of the community who log in can then find "
            "your name, organisation, country and expertise (never your e-mail)."
        }


class PeopleSearchForm(forms.Form):
    """The members' directory's search: words, a country and an expertise tag."""

    q = forms.CharField(required=False, label="Search", max_length=200)
    expertise = forms.ChoiceField(required=False, label="Expertise")
    country = forms.ChoiceField(required=False)

    def __init__(
        self,
        *args: Any,
        countries: list[tuple[str, str]],
        expertise: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["country"], [("", "All countries"), *countries])
        _set_choices(self.fields["expertise"], [("", "Any expertise"), *expertise])


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
        _set_choices(
            self.fields["sort"],
            [*self.SORTS, *((s.value, s.label) for s in MEMBER_SORTS.values())],
        )

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
