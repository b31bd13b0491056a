"""Forms of the feedback pages: they shape input; the services validate and write."""

from django import forms

from roundtable.feedback.models import MAX_COMMENT, MAX_NEXT_STEP, Decision

RATING_CHOICES = [("", "No rating"), *[(str(n), str(n)) for n in range(1, 6)]]


class FeedbackAnswerForm(forms.Form):
    plus = forms.CharField(
        label="Plus: what went well?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_COMMENT}),
    )
    delta = forms.CharField(
        label="Delta: what could be even better if…?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_COMMENT}),
    )
    rating = forms.TypedChoiceField(
        label="Overall, how was it? (1 = poor, 5 = excellent)",
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    next_step = forms.CharField(
        label="One thing I will do next",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_NEXT_STEP}),
    )
    name = forms.CharField(label="Your name", required=False, max_length=200)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    # A personal link's token travels in the body, so access logs show one URL for all answers.
    request_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class DecisionForm(forms.Form):
    text = forms.CharField(label="Change next time", max_length=500)
    carry_as = forms.ChoiceField(
        label="Carry it into the next edition as",
        choices=Decision.CarryAs.choices,
        initial=Decision.CarryAs.NOTE,
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Export file (CSV or XLSX)",
        help_text="Google Forms: Responses → Download responses (.csv). Microsoft Forms: "
        "Responses → Open in Excel.",
    )
