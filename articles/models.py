"""Articles, the people and organisations quoted in them, and the statements analysts mark."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import Exact, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from .idempotency import IdempotentRequest  # noqa: F401 - a model of this app
from .roles import is_reviewer
from .text import content_hash, derive_title, normalise_body, normalise_line

if TYPE_CHECKING:
    from collections.abc import Collection

    from .roles import AnyUser

NUL_MESSAGE = "Text may not contain NUL (\\x00) characters."

# Every stored text has a size limit, so that no one row makes every request slower.
# An article body may be as large as an API request (DATA_UPLOAD_MAX_MEMORY_SIZE).
ARTICLE_BODY_MAX_BYTES = 20 * 1024 * 1024
NOTE_MAX_LENGTH = 10_000
REVIEW_COMMENT_MAX_LENGTH = 10_000
TOPIC_DESCRIPTION_MAX_LENGTH = 10_000
SPEAKER_ALIASES_MAX = 100
SPEAKER_ALIAS_MAX_LENGTH = 200
# Name and aliases one a line, case-folded (which can triple a length): Speaker.search_names.
_SEARCH_NAMES_MAX_LENGTH = 3 * (SPEAKER_ALIASES_MAX + 1) * (SPEAKER_ALIAS_MAX_LENGTH + 1)


def reject_nul(value: str) -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(NUL_MESSAGE, code="nul")


class Stance(models.TextChoices):
    WARNING = "warning", "Warning"
    REASSURANCE = "reassurance", "Reassurance"
    POLICY = "policy", "Policy"


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Anchoring(models.TextChoices):
    """Where a statement stands after its article's text changed (see anchoring)."""

    ANCHORED = "anchored", "Anchored"
    RECHECK = "recheck", "Needs re-check"
    ORPHANED = "orphaned", "Orphaned"


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"


def check_body_size(value: str) -> None:
    """An article body is at most ARTICLE_BODY_MAX_BYTES of UTF-8."""
    if not isinstance(value, str) or len(value) * 4 <= ARTICLE_BODY_MAX_BYTES:
        return  # Too short to be too large: a code point is at most 4 bytes.
    size = len(value) if len(value) > ARTICLE_BODY_MAX_BYTES else len(value.encode())
    if size > ARTICLE_BODY_MAX_BYTES:
        raise ValidationError(
            f"The article text is too large: at most {ARTICLE_BODY_MAX_BYTES // 2**20} MB "
            f"({ARTICLE_BODY_MAX_BYTES:,} bytes of UTF-8) per article. Split it into "
            "several articles.",
            code="too_large",
        )


def _within(field: str, limit: int, name: str) -> models.CheckConstraint:
    """A database check that a text column holds at most `limit` characters."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


def _clash(field: str, message: str) -> ValidationError:
    """Another row already has this value: the API answers it with 409, not 400."""
    return ValidationError({field: ValidationError(message, code="unique")})


def _choice_values(choices: type[models.TextChoices]) -> list[str]:
    return [value for value, _ in choices.choices]


def statements_visible_to(
    user: AnyUser | None, *, prefix: str = "", article: str | None = None
) -> Q | None:
    """The statements `user` sees, as a condition (None: all of them).

    Other analysts' statements on articles in double-annotation mode are hidden.
    `prefix` is the path from the model queried to the statement ("statements__"), and
    `article` the path to its article (by default: the article queried, or the
    statement's).
    """
    if user is None or is_reviewer(user):
        return None
    if article is None:
        article = "" if prefix else "article__"
    if article:
        # By the article's id among the shared ones, not by joining each statement to its
        # article: the insight counts then read an index alone.
        shared_ids = Article.objects.filter(double_annotation=False).values("pk")
        shared = Q(**{f"{article.removesuffix('__')}__in": shared_ids})
    else:
        shared = Q(double_annotation=False)
    if not user.is_authenticated:
        return shared
    return shared | Q(**{f"{prefix}created_by": user.pk})


class ArticleQuerySet(models.QuerySet):
    def for_list(self, user: AnyUser) -> ArticleQuerySet:
        """Articles as lists show them to `user`: no body, statement counts, newest first."""
        return self.defer("body").with_statement_counts(user).order_by("-published_on", "-id")

    def for_agreement(self, ids: list[int] | None = None) -> ArticleQuerySet:
        """The articles an agreement report covers: `ids`, or every double-annotated one."""
        chosen = self.filter(pk__in=ids) if ids else self.filter(double_annotation=True)
        return chosen.defer("body").prefetch_related("annotators").order_by("id")

    def with_statement_counts(self, user: AnyUser | None = None) -> ArticleQuerySet:
        """Count statements by status; those `user` may see, when given."""
        visible = statements_visible_to(user, prefix="statements__")

        def count(condition: Q | None = None) -> Count:
            conditions = [c for c in (condition, visible) if c is not None]
            return Count("statements", filter=Q(*conditions) if conditions else None)

        return self.annotate(
            statements_total=count(),
            statements_pending=count(Q(statements__status=Status.PENDING)),
            statements_approved=count(Q(statements__status=Status.APPROVED)),
            statements_rejected=count(Q(statements__status=Status.REJECTED)),
        )


class Article(models.Model):
    title = models.CharField(max_length=300, validators=[reject_nul])
    body = models.TextField(validators=[reject_nul, check_body_size])
    source = models.CharField(max_length=200, blank=True, validators=[reject_nul])
    url = models.URLField(max_length=500, blank=True, validators=[reject_nul])
    published_on = models.DateField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    double_annotation = models.BooleanField(
        default=False,
        help_text="Each assigned analyst annotates independently and sees only their own "
        "statements on this article.",
    )
    annotators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_articles",
        help_text="Analysts assigned to annotate this article.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The revision whose text `body` holds; none until the text first changes (the text
    # as first stored is revision 1).
    revision = models.ForeignKey(
        "ArticleRevision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="article_unique_url_when_set",
                violation_error_message="An article with this url already exists.",
                violation_error_code="unique",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            # Characters, not bytes (the validator counts bytes): a bound all the same.
            _within("body", ARTICLE_BODY_MAX_BYTES, "article_body_within_limit"),
        ]
        indexes = [
            models.Index(fields=["-published_on", "-id"], name="article_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def normalise(self) -> None:
        """Bring text fields into their stored form and refresh the content hash.

        An article with no title takes one from its text.
        """
        self.body = normalise_body(self.body or "")
        self.title = normalise_line(self.title or "") or derive_title(self.body)
        self.source = normalise_line(self.source or "")
        self.url = (self.url or "").strip()
        self.content_hash = content_hash(self.body)

    def clean(self) -> None:
        self.normalise()
        if not self.body:
            raise ValidationError({"body": "The article body is empty."})
        twin = (
            Article.objects.filter(content_hash=self.content_hash)
            .exclude(pk=self.pk)
            .values_list("pk", flat=True)
            .first()
        )
        if twin is not None:
            raise _clash(
                "body", f"An article with exactly this text already exists (article {twin})."
            )

    @property
    def revision_number(self) -> int:
        return self.revision.number if self.revision_id and self.revision else 1

    def validate_unique(self, exclude: Collection[str] | None = None) -> None:
        # clean() names the article with this text; the hash is no field a person sends.
        super().validate_unique(exclude=set(exclude or ()) | {"content_hash"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.content_hash = content_hash(self.body)
        super().save(*args, **kwargs)


class ArticleRevision(models.Model):
    """One text of an article: the first as stored, then each update of it.

    Written when the text first changes (revision 1 from the text as stored, then the
    new one); `summary` counts what re-anchoring did to the statements.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField(validators=[reject_nul, check_body_size])
    content_hash = models.CharField(max_length=64, editable=False)
    origin = models.CharField(
        max_length=300,
        blank=True,
        validators=[reject_nul],
        help_text="Where the text came from: an imported file, the editor or the API.",
    )
    summary = models.JSONField(default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="article_revision_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="article_revision_number_positive"
            ),
            _within("body", ARTICLE_BODY_MAX_BYTES, "article_revision_body_within_limit"),
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of article {self.article_id}"


# How alike two names must be (difflib's ratio) for one to be a near-duplicate.
CLOSE_NAME_RATIO = 0.8
# Speakers compared at most when looking for names close to one.
CLOSE_CANDIDATES_MAX = 300


class SpeakerQuerySet(models.QuerySet):
    def close_to(self, text: str) -> list[Speaker]:
        """Speakers whose name or an alias is close to `text`: a typo or two away, or the
        same surname. Candidates share the surname's first three letters."""
        folded = normalise_line(text).casefold()
        words = folded.split()
        if len(folded) < 3 or not words:
            return []
        surname = words[-1]
        found = []
        for speaker in self.filter(search_names__contains=surname[:3])[:CLOSE_CANDIDATES_MAX]:
            names = [n for n in speaker.search_names.split("\n") if n]
            alike = max(SequenceMatcher(None, folded, n).ratio() for n in names)
            same_surname = len(surname) >= 4 and any(n.split()[-1] == surname for n in names)
            if alike >= CLOSE_NAME_RATIO or same_surname:
                found.append((alike, speaker))
        return [speaker for _, speaker in sorted(found, key=lambda pair: -pair[0])]

    def search(self, text: str) -> SpeakerQuerySet:
        """Speakers whose name or any alias contains `text`, ignoring case."""
        text = normalise_line(text).casefold()
        if not text:
            return self
        return self.filter(search_names__contains=text)


class Speaker(models.Model):
    name = models.CharField(max_length=200, validators=[reject_nul])
    kind = models.CharField(max_length=20, choices=SpeakerKind.choices, default=SpeakerKind.PERSON)
    role = models.CharField(max_length=200, blank=True, validators=[reject_nul])
    organisation = models.CharField(max_length=200, blank=True, validators=[reject_nul])
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other forms of the name used in text, e.g. Blinken, US Secretary of State.",
    )
    # Name and aliases, case-folded, one a line: what name/alias search looks in.
    search_names = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="speaker_unique_name_ci"),
            models.CheckConstraint(
                condition=Q(kind__in=_choice_values(SpeakerKind)), name="speaker_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="speaker_name_not_empty"),
            _within("search_names", _SEARCH_NAMES_MAX_LENGTH, "speaker_aliases_within_limit"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = normalise_line(self.name or "")
        self.role = normalise_line(self.role or "")
        self.organisation = normalise_line(self.organisation or "")
        self.aliases = clean_aliases(self.aliases, name=self.name)
        if not self.name:
            raise ValidationError({"name": "A speaker needs a name."})
        clash = Speaker.objects.filter(name__iexact=self.name).exclude(pk=self.pk).first()
        if clash is not None:
            raise _clash("name", f"A speaker named {clash.name!r} already exists (id {clash.pk}).")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_names = "\n".join([self.name, *self.aliases]).casefold()
        super().save(*args, **kwargs)

    def validate_unique(self, exclude: Collection[str] | None = None) -> None:
        # The case-insensitive name check in clean() gives a clearer message.
        exclude = set(exclude or ()) | {"name"}
        super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        super().validate_constraints(exclude=set(exclude or ()) | {"name"})


def clean_aliases(aliases: object, *, name: str = "") -> list[str]:
    """Validate and tidy a list of aliases: strings, trimmed, without duplicates or the name."""
    if aliases in (None, ""):
        return []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValidationError({"aliases": "Aliases must be a list of strings."})
    if len(aliases) > SPEAKER_ALIASES_MAX:
        raise ValidationError(
            {
                "aliases": f"A speaker has at most {SPEAKER_ALIASES_MAX} aliases "
                f"({len(aliases)} were sent)."
            }
        )
    seen = {name.casefold()} if name else set()
    result = []
    for alias in aliases:
        reject_nul(alias)
        alias = normalise_line(alias)
        if len(alias) > SPEAKER_ALIAS_MAX_LENGTH:
            raise ValidationError(
                {
                    "aliases": f"An alias has at most {SPEAKER_ALIAS_MAX_LENGTH} characters; "
                    f"{alias[:40]!r}… has {len(alias)}."
                }
            )
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            result.append(alias)
    return result


class SpeakerRole(models.Model):
    """A role a speaker held for a period, so role phrases resolve by publication date."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=200, validators=[reject_nul])
    organisation = models.CharField(max_length=200, blank=True, validators=[reject_nul])
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["speaker", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(started_on__lte=F("ended_on")),
                name="speaker_role_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.role}"

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.started_on > self.ended_on:
            raise ValidationError({"ended_on": "A role cannot end before it starts."})


class Topic(models.Model):
    name = models.CharField(max_length=100, validators=[reject_nul])
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, blank=True)
    description = models.TextField(
        blank=True,
        validators=[reject_nul, MaxLengthValidator(TOPIC_DESCRIPTION_MAX_LENGTH)],
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="topic_unique_name_ci"),
            models.CheckConstraint(condition=~Q(slug=""), name="topic_slug_not_empty"),
            _within("description", TOPIC_DESCRIPTION_MAX_LENGTH, "topic_description_within_limit"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = normalise_line(self.name or "")
        if not self.name:
            raise ValidationError({"name": "A topic needs a name."})
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:100]
        if not self.slug:
            raise ValidationError({"slug": "A topic needs a slug of letters, digits or dashes."})
        clash = Topic.objects.filter(name__iexact=self.name).exclude(pk=self.pk).first()
        if clash is not None:
            raise _clash("name", f"A topic named {clash.name!r} already exists (id {clash.pk}).")

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        super().validate_constraints(exclude=set(exclude or ()) | {"name"})


class StatementHistoryExtras(models.Model):
    """Fields the statement history keeps beside the statement's own columns."""

    topic_ids = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True


class StatementQuerySet(models.QuerySet):
    def pending(self) -> StatementQuerySet:
        return self.filter(status=Status.PENDING)

    def waiting_for_review(self) -> StatementQuerySet:
        """What the review queue holds: pending statements, and those an update of their
        article moved to words that need a re-check."""
        return self.filter(Q(status=Status.PENDING) | Q(anchor=Anchoring.RECHECK))

    def approved(self) -> StatementQuerySet:
        return self.filter(status=Status.APPROVED)

    def in_text_order(self) -> StatementQuerySet:
        return self.order_by("article_id", "start", "end", "id")

    def with_related(self) -> StatementQuerySet:
        """Everything a statement's API representation needs, in a constant number of queries."""
        return (
            self.select_related(
                "speaker", "article", "created_by", "reviewed_by", "updated_by", "revision"
            )
            .defer("revision__body")
            .prefetch_related("topics")
        )

    def visible_to(self, user: AnyUser | None) -> StatementQuerySet:
        """Hide other analysts' statements on articles in double-annotation mode."""
        visible = statements_visible_to(user)
        return self if visible is None else self.filter(visible)


class ExplicitHistory(HistoricalRecords):
    """simple-history's table and admin views, with every row written by the services.

    Rows written by signals on save and delete would hold no topics and would double
    the services' own rows (see history_writer), so those signals write nothing.
    """

    def post_save(
        self, instance: models.Model, created: bool, using: str | None = None, **kwargs: Any
    ) -> None:
        pass

    def post_delete(self, instance: models.Model, using: str | None = None, **kwargs: Any) -> None:
        pass


class Claim(models.Model):
    """The same words reported in several statements, across articles (see claims).

    Written by the background regrouping (claim_groups); the counts and the first report
    are kept with it so that lists of claims cost one query.
    """

    quote = models.TextField(help_text="The words of its first report.")
    speaker = models.ForeignKey(
        "Speaker", null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    first_statement = models.ForeignKey(
        "Statement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The stance most of its reports were given: what a new report of it is proposed.
    stance = models.CharField(max_length=20, choices=Stance.choices, blank=True)
    first_seen = models.DateField(null=True, blank=True)
    first_outlet = models.CharField(max_length=200, blank=True)
    statement_count = models.PositiveIntegerField(default=0)
    article_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-article_count", "id"]
        indexes = [models.Index(fields=["-article_count", "id"], name="claim_spread_idx")]

    def __str__(self) -> str:
        return self.quote[:80]

    def get_absolute_url(self) -> str:
        return reverse("claim-detail", args=[self.pk])


class Statement(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="statements")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="statements")
    start = models.PositiveIntegerField(help_text="First code point of the quote in the body.")
    end = models.PositiveIntegerField(help_text="Code point just after the quote.")
    quote = models.TextField(editable=False)
    stance = models.CharField(max_length=20, choices=Stance.choices)
    topics = models.ManyToManyField(Topic, blank=True, related_name="statements")
    note = models.TextField(
        blank=True, validators=[reject_nul, MaxLengthValidator(NOTE_MAX_LENGTH)]
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="statements_created",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements_reviewed",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements_updated",
        help_text="Who last changed the statement (its content or its review).",
    )
    review_comment = models.TextField(
        blank=True, validators=[reject_nul, MaxLengthValidator(REVIEW_COMMENT_MAX_LENGTH)]
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # Kept by comment_add: a discussion is not a change of the statement's content.
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    # The text the offsets point into: none for the article's first text.
    revision = models.ForeignKey(
        ArticleRevision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        editable=False,
    )
    anchor = models.CharField(
        max_length=20, choices=Anchoring.choices, default=Anchoring.ANCHORED, editable=False
    )
    # The claim its words belong to, with the same words in other statements (claims).
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        editable=False,
    )
    # The quote before an update moved the statement to words that are not quite the
    # same (anchor "recheck"), shown beside the new one until someone checks it.
    recheck_quote = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Services write exactly one history row per change, topics included (history_writer).
    history = ExplicitHistory(
        bases=[StatementHistoryExtras],
        cascade_delete_history=False,
        # Derived by the background grouping, not a change anyone made.
        excluded_fields=["claim"],
    )

    objects = StatementQuerySet.as_manager()

    if TYPE_CHECKING:
        # Set on an instance for one save or delete (services): simple-history's flag and
        # author, the topics signals.py records, and Django's cache of prefetched rows.
        skip_history_when_saving: bool
        _history_user: AnyUser | None
        _history_topic_ids: list[int]
        _prefetched_objects_cache: dict[str, models.QuerySet[Any]]

    class Meta:
        ordering = ["article_id", "start", "end", "id"]
        permissions = [("review_statement", "Can approve and reject statements")]
        constraints = [
            models.CheckConstraint(condition=Q(start__gte=0), name="statement_start_not_negative"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="statement_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(stance__in=_choice_values(Stance)), name="statement_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=_choice_values(Status)), name="statement_status_valid"
            ),
            # The quote is the body between the offsets, so its length is fixed by them.
            models.CheckConstraint(
                condition=Exact(Length("quote"), F("end") - F("start")),
                name="statement_quote_length_matches_offsets",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="statement_version_positive"),
            models.CheckConstraint(
                condition=Q(anchor__in=_choice_values(Anchoring)), name="statement_anchor_valid"
            ),
            _within("note", NOTE_MAX_LENGTH, "statement_note_within_limit"),
            _within("review_comment", REVIEW_COMMENT_MAX_LENGTH, "statement_comment_within_limit"),
        ]
        indexes = [
            models.Index(fields=["article", "start", "end"], name="statement_article_pos_idx"),
            models.Index(fields=["speaker"], name="statement_speaker_idx"),
            models.Index(fields=["status", "created_at"], name="statement_status_idx"),
            models.Index(fields=["stance"], name="statement_stance_idx"),
            models.Index(fields=["updated_at"], name="statement_updated_idx"),
            models.Index(fields=["created_by"], name="statement_created_by_idx"),
            # The insight counts group by these and filter by who may see what (article,
            # author), read from the index alone (insights).
            models.Index(
                fields=["speaker", "stance", "status", "article", "created_by"],
                name="statement_speaker_count_idx",
            ),
            models.Index(
                fields=["article", "stance", "status", "created_by"],
                name="statement_article_count_idx",
            ),
        ]

    def __str__(self) -> str:
        quote = self.quote if len(self.quote) <= 60 else self.quote[:59] + "…"
        return f"{self.speaker_id and self.speaker}: {quote}"

    def get_absolute_url(self) -> str:
        """The statement open in its article's editor (the editor follows the fragment)."""
        return f"{reverse('article-editor', args=[self.article_id])}#statement-{self.pk}"

    def clean(self) -> None:
        # The quote always follows the offsets; a client's quote is checked by the services.
        # An orphan's offsets point into an earlier text, so it keeps its quote.
        if self.anchor != Anchoring.ORPHANED:
            self.quote = check_span(self.article.body, self.start, self.end)


def check_span(body: str, start: int | None, end: int | None, quote: str | None = None) -> str:
    """Check offsets against an article body and return the quote they select.

    Offsets count code points. A `quote` sent by a client must equal the body
    between the offsets; the error says what the body holds there.
    """
    errors: dict[str, str] = {}
    if start is None:
        errors["start"] = "This field is required."
    elif start < 0:
        errors["start"] = "start must be 0 or more."
    if end is None:
        errors["end"] = "This field is required."
    elif end > len(body):
        errors["end"] = f"end ({end}) is past the end of the article body ({len(body)} characters)."
    if not errors and end <= start:  # type: ignore[operator]  # no errors: neither is None
        errors["end"] = f"end ({end}) must be greater than start ({start})."
    if errors:
        raise ValidationError(errors, code="offsets")
    selected = body[start:end]
    if quote is not None and quote != selected:
        raise ValidationError(
            {
                "quote": f"The quote does not match the article text at {start}–{end}; "
                f"the body holds {selected!r} there."
            },
            code="quote_mismatch",
        )
    return selected


COMMENT_MAX_LENGTH = 4_000


class StatementComment(models.Model):
    """A remark in the discussion of a statement, by an analyst or a reviewer."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(validators=[reject_nul, MaxLengthValidator(COMMENT_MAX_LENGTH)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["statement", "created_at"], name="comment_statement_idx")]
        constraints = [
            _within("body", COMMENT_MAX_LENGTH, "comment_body_within_limit"),
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"


class DismissedSuggestion(models.Model):
    """A suggested span an analyst dismissed; it is not suggested again for that article."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="dismissed_suggestions"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    private = models.BooleanField(
        default=False,
        help_text="Dismissed under double annotation: it hides the span from this analyst only.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # One shared dismissal per span; under double annotation, one per analyst.
            models.UniqueConstraint(
                fields=["article", "start", "end"],
                condition=Q(private=False),
                name="dismissed_suggestion_unique_span",
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end", "dismissed_by"],
                condition=Q(private=True),
                name="dismissed_suggestion_unique_span_per_user",
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="dismissed_span_valid"),
        ]

    def __str__(self) -> str:
        return f"Dismissed {self.start}–{self.end} in article {self.article_id}"


# Stored suggestion analyses live in a module of their own; import them from here.
from .analyses import AnalysisStatus, TextAnalysis  # noqa: E402, F401
from .import_jobs import ImportJob, ImportStatus, ImportUpload  # noqa: E402, F401


class InsightDimension(models.TextChoices):
    ARTICLE = "article", "Article"
    SPEAKER = "speaker", "Speaker"
    TOPIC = "topic", "Topic"


class InsightCount(models.Model):
    """Statements by stance and status of one article, speaker or topic: the overview's
    counts kept ready by the task worker (insight_counts), for data too large to count
    on each request.

    Statements on an article in double-annotation mode are counted apart, by author,
    since other analysts do not see them (statements_visible_to).
    """

    dimension = models.CharField(max_length=7, choices=InsightDimension.choices)
    key = models.BigIntegerField(help_text="The article's, speaker's or topic's id.")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    hidden = models.BooleanField(help_text="On an article in double-annotation mode.")
    author_id = models.BigIntegerField(null=True, help_text="Who wrote them, when hidden.")
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["dimension", "status", "stance", "key"], name="insight_count_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dimension__in=_choice_values(InsightDimension)),
                name="insight_count_dimension_valid",
            ),
            models.CheckConstraint(
                condition=Q(stance__in=_choice_values(Stance)), name="insight_count_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=_choice_values(Status)), name="insight_count_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key}: {self.count} {self.status} {self.stance}"


class InsightCountState(models.Model):
    """What the kept counts were counted from (one row): the data's version then."""

    version = models.CharField(max_length=200)
    counted_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"counted at {self.counted_at:%Y-%m-%d %H:%M:%S} from {self.version}"
