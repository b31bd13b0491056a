"""Live sessions: the real-time side of an activity (join by code, Q&A, polls, hands, reactions).

Counters that many people change at once (a question's votes, a poll option's votes, reaction
totals) are updated with ``F()`` expressions inside the transaction that inserts the vote row, and
unique constraints make a second vote by the same participant fail in the database itself, so
concurrent votes are never lost nor doubled. Participants are not people: a participant is linked
to a member only when the session's identity setting and the participant's own answer allow it.
"""

import secrets

from django.db import models

from roundtable.activities.models import Activity
from roundtable.members.models import Member

# Letters and digits people do not confuse when reading a projector (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
QUESTION_MAX_CHARS = 280
ANSWER_MAX_CHARS = 200
WORD_MAX_CHARS = 40
NAME_MAX_CHARS = 80
REACTION_EMOJI = {"applause": "👏", "heart": "❤️", "laugh": "😄", "thinking": "🤔", "louder": "🔊"}
REACTIONS = tuple(REACTION_EMOJI)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class LiveSession(models.Model):
    class Identity(models.TextChoices):
        ANONYMOUS = "anonymous", "Anonymous allowed (a name is optional)"
        NAMED = "named", "A name is required"
        MEMBERS = "members", "Known members only (matched by e-mail or login)"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="live")
    code = models.CharField(max_length=12, unique=True, default=new_code)
    identity = models.CharField(max_length=10, choices=Identity.choices, default=Identity.ANONYMOUS)
    moderation = models.BooleanField(
        default=False, help_text="Questions wait for a facilitator's approval before they show"
    )
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    current_poll = models.ForeignKey(
        "Poll", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.activity} · {self.code}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Participant(models.Model):
    """One device in one session; ``token`` (in a cookie) lets the same device rejoin."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    name = models.CharField(max_length=NAME_MAX_CHARS, blank=True)
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    turns = models.PositiveIntegerField(default=0, help_text="Times given the floor")
    contributions = models.PositiveIntegerField(
        default=0, help_text="Questions asked, upvotes, poll answers and turns, for voice metrics"
    )

    class Meta:
        indexes = [models.Index(fields=["session", "joined_at"])]

    def __str__(self) -> str:
        return self.name or f"Participant {self.pk}"

    @property
    def label(self) -> str:
        return self.name or "Anonymous"


class Question(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        VISIBLE = "visible", "Visible"
        HIDDEN = "hidden", "Hidden"
        MERGED = "merged", "Merged"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="questions")
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    text = models.CharField(max_length=QUESTION_MAX_CHARS)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.VISIBLE)
    hidden_reason = models.CharField(max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    votes = models.PositiveIntegerField(default=0)
    answered = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pinned", "-votes", "created_at"]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return self.text[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="vote_rows")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "participant"], name="one_upvote_each")
        ]

    def __str__(self) -> str:
        return f"upvote on {self.question_id}"


class Poll(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        RATING = "rating", "Rating scale"
        WORDS = "words", "Word cloud"
        TEXT = "text", "Open text"

    class Status(models.TextChoices):
        DRAFT = "draft", "Not opened yet"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="polls")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    prompt = models.CharField(max_length=300)
    scale_max = models.PositiveSmallIntegerField(default=5, help_text="Rating: 1..scale_max")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.DRAFT)
    revealed = models.BooleanField(default=False, help_text="Participants see the results")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.prompt


class PollOption(models.Model):
    """A choice of a single/multiple poll, or one value of a rating scale (label "1".."N")."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    votes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class PollResponse(models.Model):
    """One participant's answer. ``slot`` makes the database refuse a second answer: 0 for single
    choice and rating, the option's position for multiple choice, 1..3 for words and text."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="responses")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    slot = models.PositiveSmallIntegerField(default=0)
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=ANSWER_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "participant", "slot"], name="one_poll_answer_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"answer to poll {self.poll_id}"


class Hand(models.Model):
    """A raised hand, in the queue until lowered by its owner or given the floor."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="hands")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="one_hand_each")
        ]

    def __str__(self) -> str:
        return f"hand of {self.participant_id}"


class ReactionCount(models.Model):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=10, choices=[(r, r) for r in REACTIONS])
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "kind"], name="one_counter_per_reaction")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.count}"
