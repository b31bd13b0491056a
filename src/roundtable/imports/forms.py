from django import forms


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet (.csv or .xlsx)",
        help_text="The first row must name the columns. Members are matched by e-mail.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt,.tsv"}),
    )
    skip_invalid = forms.BooleanField(
        required=False,
        label="Skip invalid rows",
        help_text="Import the valid rows and list the others. Without this, one invalid row "
        "stops the whole import, so nothing is half-written.",
    )
