from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from roundtable.members.services import participation_levels_refresh
from tests.factories import MemberFactory, ParticipationRecordFactory


def test_levels_follow_the_records(community):
    now = timezone.now()
    core = MemberFactory(community=community)
    ParticipationRecordFactory.create_batch(6, member=core, kind="attendance")
    ParticipationRecordFactory.create_batch(3, member=core, kind="contribution")
    lapsed = MemberFactory(community=community, participation_level="active")
    ParticipationRecordFactory.create_batch(5, member=lapsed, occurred_at=now - timedelta(days=500))
    newcomer = MemberFactory(community=community)
    ParticipationRecordFactory(member=newcomer)
    other = MemberFactory(community=MemberFactory().community)

    assert participation_levels_refresh(community=community, now=now) == 3
    levels = {m.pk: m.participation_level for m in community.members.all()}
    assert levels == {core.pk: "core", lapsed.pk: "inactive", newcomer.pk: "peripheral"}
    other.refresh_from_db()
    assert other.participation_level == "inactive"
    assert participation_levels_refresh(community=community, now=now) == 0


def test_refresh_command(community):
    member = MemberFactory(community=community)
    ParticipationRecordFactory(member=member)
    out = StringIO()
    call_command("refresh_levels", "--community", "alpha", stdout=out)
    assert "alpha: 1 level(s) changed" in out.getvalue()
    with pytest.raises(CommandError, match="No community with the slug 'nope'"):
        call_command("refresh_levels", "--community", "nope")
