import zoneinfo

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from roundtable.accounts.models import User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "timezone"]
        labels = {"full_name": "Your name", "timezone": "Time zone"}

    def clean_timezone(self) -> str:
        value = str(self.cleaned_data["timezone"]).strip()
        if value and value not in zoneinfo.available_timezones():
            raise forms.ValidationError(
                f"“{value}” is not a time zone name; use one like Europe/Paris or America/Lima."
            )
        return value
