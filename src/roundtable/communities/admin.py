from django.contrib import admin

from roundtable.communities.models import Community, Invitation, Role


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "community", "kind", "created_at", "accepted_at"]
    list_filter = ["community", "kind"]
    search_fields = ["email"]
    readonly_fields = ["token"]
