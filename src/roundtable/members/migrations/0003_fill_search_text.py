from django.db import migrations


def fill(apps, schema_editor):
    from collections import defaultdict

    from roundtable.members.services import search_documents

    member_model = apps.get_model("members", "Member")
    need_model = apps.get_model("needs", "Need")
    ids = list(member_model.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        needs = defaultdict(list)
        rows = need_model.objects.filter(member_id__in=chunk).values_list("member_id", "text")
        for member_id, text in rows:
            needs[member_id].append(text)
        documents = search_documents(member_model, chunk, needs)
        for pk, text in documents.items():
            member_model.objects.filter(pk=pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies = [("members", "0002_search_text"), ("needs", "0001_initial")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
