"""The attendance import pages: upload a report, check who is who, confirm."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from roundtable.activities.selectors import activity_of
from roundtable.communities.access import MANAGER, CommunityRequest, community_view
from roundtable.execution.attendance import (
    IGNORE,
    NEW,
    AttendanceImportError,
    attendance_apply,
    attendance_file_discard,
    attendance_preview,
)
from roundtable.execution.attendance_command import MAX_BYTES
from roundtable.execution.models import AttendanceFile
from roundtable.execution.selectors import attendance_report_people
from roundtable.service_error import form_error_add


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(
        label="Attendance report",
        help_text="The file as Zoom, Teams, Google Meet, Webex, Luma, Eventbrite or Meetup "
        "exported it (CSV, TSV or XLSX). The format is recognised from its content.",
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_BYTES // 2**20} MB.")
        return upload


def _file_of(activity_id: int, file_id: int) -> AttendanceFile:
    file = AttendanceFile.objects.filter(activity_id=activity_id, pk=file_id).first()
    if file is None:
        raise Http404("No such attendance report.")
    return file


@community_view(MANAGER)
def attendance_import(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """Upload a report (POST) and go to its preview; GET lists the reports imported before."""
    activity = activity_of(request, activity_id)
    form = AttendanceUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                file = attendance_preview(
                    activity=activity,
                    data=upload.read(),
                    file_name=upload.name,
                    by=request.user,
                )
            except AttendanceImportError as error:
                form_error_add(form, error)
            else:
                return redirect("attendance_file", request.community.slug, activity.pk, file.pk)
        status = 400
    files = AttendanceFile.objects.filter(
        activity=activity, status=AttendanceFile.Status.APPLIED
    ).select_related("created_by")
    return render(
        request,
        "execution/attendance_import.html",
        {"activity": activity, "form": form, "files": files},
        status=status,
    )


@community_view(MANAGER)
def attendance_file(request: CommunityRequest, activity_id: int, file_id: int) -> HttpResponse:
    """The preview: who was found, how each was matched, and the decision for those unmatched.
    POST confirms with the decisions (``person-N``: ``member:ID``, ``new`` or ``ignore``)."""
    activity = activity_of(request, activity_id)
    file = _file_of(activity.pk, file_id)
    if file.status == AttendanceFile.Status.APPLIED:
        return redirect("attendance_import", request.community.slug, activity.pk)
    error = ""
    if request.method == "POST":
        decisions = {}
        for person in file.preview.get("people", []):
            value = request.POST.get(f"person-{person['index']}", "")
            if value:
                decisions[person["index"]] = value
        try:
            done = attendance_apply(file=file, decisions=decisions)
        except AttendanceImportError as failure:
            error = failure.message
        else:
            if done.already_imported:
                messages.info(request, "This report was imported already: nothing changed.")
            else:
                messages.success(
                    request,
                    f"Attendance imported: {done.attended} attended, {done.dropped_in} dropped "
                    f"in, {done.new_members} new members, {done.ignored} ignored.",
                )
            return redirect("activity_registrations", request.community.slug, activity.pk)
    people = attendance_report_people(file=file)
    return render(
        request,
        "execution/attendance_file.html",
        {
            "activity": activity,
            "file": file,
            "summary": file.summary,
            "matched": people.matched,
            "unmatched": people.unmatched,
            "member_choices": people.member_choices,
            "NEW": NEW,
            "IGNORE": IGNORE,
            "error": error,
            "threshold": activity.community.attended_min_minutes,
        },
        status=400 if error else 200,
    )


@community_view(MANAGER)
@require_POST
def attendance_discard(request: CommunityRequest, activity_id: int, file_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    file = _file_of(activity.pk, file_id)
    if file.status == AttendanceFile.Status.PREVIEW:
        attendance_file_discard(file=file)
        messages.info(request, f"{file.original_name} was not imported.")
    return redirect("attendance_import", request.community.slug, activity.pk)
