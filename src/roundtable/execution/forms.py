from django import forms

from roundtable.activities.models import Registration

SCOPES = [("edition", "This edition"), ("series", "The whole series")]


class RegistrationForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=200)
    email = forms.EmailField(
        label="Your e-mail",
        max_length=254,
        help_text="For the confirmation, the calendar file and a link to change your answer.",
    )
    response = forms.ChoiceField(
        label="Will you come?",
        choices=Registration.Response.choices,
        widget=forms.RadioSelect,
        initial=Registration.Response.ATTENDING,
    )
    scope = forms.ChoiceField(
        label="For", choices=SCOPES, widget=forms.RadioSelect, initial="edition", required=False
    )

    def __init__(self, *args: object, series: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not series:
            del self.fields["scope"]
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email")


class AnswerForm(forms.Form):
    response = forms.ChoiceField(
        label="Your answer", choices=Registration.Response.choices, widget=forms.RadioSelect
    )
    scope = forms.ChoiceField(
        label="For", choices=SCOPES, widget=forms.RadioSelect, initial="edition", required=False
    )

    def __init__(self, *args: object, series: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not series:
            del self.fields["scope"]


class StaffRegistrationForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(max_length=254)
    response = forms.ChoiceField(
        choices=Registration.Response.choices, initial=Registration.Response.ATTENDING
    )
    confirm = forms.BooleanField(
        required=False, label="E-mail them a confirmation with the calendar file"
    )


class WalkInForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(max_length=254)
