from django import forms
from django.contrib.auth.password_validation import validate_password

from roundtable.communities.models import Community, Role


class CommunityForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = ["name", "slug", "description"]
        help_texts = {"slug": "The short name in web addresses, e.g. water-utilities."}


class CommunitySettingsForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = ["name", "description", "intake_open", "directory_open"]


class ThresholdsForm(forms.Form):
    window_months = forms.IntegerField(
        min_value=1, max_value=60, label="Window (months)", help_text="Participation counted over"
    )
    core_min_attendances = forms.IntegerField(min_value=0, label="Core: attendances at least")
    core_min_contributions = forms.IntegerField(min_value=0, label="Core: contributions at least")
    active_min = forms.IntegerField(min_value=1, label="Active: participations at least")
    occasional_min = forms.IntegerField(min_value=1, label="Occasional: participations at least")


class InvitationForm(forms.Form):
    email = forms.EmailField(label="E-mail")
    kind = forms.ChoiceField(
        label="Role",
        choices=[
            (Role.Kind.FACILITATOR, "Facilitator: sees members, needs and segments"),
            (Role.Kind.MANAGER, "Manager: also imports, exports and settings"),
            (Role.Kind.MEMBER, "Member: their own profile only"),
        ],
    )


class SignUpForm(forms.Form):
    full_name = forms.CharField(max_length=200, label="Your name")
    password = forms.CharField(widget=forms.PasswordInput, label="Choose a password")

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        validate_password(password)
        return password
