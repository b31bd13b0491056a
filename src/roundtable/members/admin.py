from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from roundtable.members.models import Member, ParticipationRecord, Tag
from roundtable.members.services import member_search_refresh


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "email",
        "organisation",
        "country",
        "community",
        "participation_level",
    ]
    list_filter = ["community", "participation_level", "source"]
    search_fields = ["full_name", "email", "organisation"]
    list_select_related = ["community"]
    raw_id_fields = ["user", "expertise", "interests"]
    readonly_fields = ["access_token", "created_at", "updated_at"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # After the tags are saved too: the directory's search document follows admin edits.
        super().save_related(request, form, formsets, change)
        member = form.instance
        member_search_refresh(community=member.community, member_ids=[member.pk])


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "community"]
    list_filter = ["community"]
    search_fields = ["name"]


@admin.register(ParticipationRecord)
class ParticipationRecordAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "activity_title", "occurred_at", "community"]
    list_filter = ["community", "kind"]
    search_fields = ["activity_title", "member__full_name"]
    raw_id_fields = ["member"]
    list_select_related = ["member", "community"]
