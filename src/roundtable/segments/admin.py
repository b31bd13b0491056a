from django.contrib import admin

from roundtable.segments.models import Segment


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "community", "updated_at"]
    list_filter = ["community", "kind"]
    search_fields = ["name", "description"]
    raw_id_fields = ["static_members", "created_by"]
