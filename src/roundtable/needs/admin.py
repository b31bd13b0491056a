from django.contrib import admin

from roundtable.needs.models import Need


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "member", "urgency", "status", "source", "community", "created_at"]
    list_filter = ["community", "status", "urgency", "source"]
    search_fields = ["text", "member__full_name"]
    raw_id_fields = ["member", "tags"]
    list_select_related = ["member", "community"]
