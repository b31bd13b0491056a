from django.contrib import admin

from roundtable.imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "community", "status", "total_rows", "created_at"]
    list_filter = ["community", "status"]
    readonly_fields = ["report", "stored_path", "created_at", "finished_at"]
