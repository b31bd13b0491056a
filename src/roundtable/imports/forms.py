from django import forms


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet (.csv or .xlsx)",
        help_text="The first row must name the columns. Members are matched by e-mail. "
        "Mailchimp's audience export (.zip) and Discourse's user list (.csv.gz or .zip) can be "
        "uploaded as downloaded.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt,.tsv,.zip,.gz"}),
    )
    skip_invalid = forms.BooleanField(
        required=False,
        label="Skip invalid rows",
        help_text="Import the valid rows and list the others. Without this, one invalid row "
        "stops the whole import, so nothing is half-written.",
    )


class ConversationUploadForm(forms.Form):
    conversations = forms.FileField(
        label="Slack or Discourse export",
        help_text="A Slack workspace export (the .zip Slack sends), or a Discourse user list "
        "(.csv) or topics and posts (.json). Messages become contributions of the members who "
        "wrote them; replies and mentions, who talks with whom.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.json,.csv,.gz"}),
    )
    add_unknown = forms.BooleanField(
        required=False,
        label="Add people who are not members yet",
        help_text="Without this, the messages of people the community does not know (by e-mail "
        "or a name matched before) are left out, and the preview lists them.",
    )
