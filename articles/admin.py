"""Django admin for articles, speakers, topics and statement review."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import revisions, services
from .context import sentence_context
from .models import (
    Article,
    Speaker,
    SpeakerRole,
    Statement,
    Status,
    Topic,
    statements_visible_to,
)
from .permissions import can_change_statement
from .revisions import revision_message
from .roles import is_reviewer
from .suggest.service import analyses_request


def short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def visible_statements(statements: QuerySet, request) -> QuerySet:
    """Statements (or their history rows) the user may see, as the API shows them."""
    visible = statements_visible_to(request.user)
    return statements if visible is None else statements.filter(visible)


class ReadOnlyInlineForm(forms.ModelForm):
    def _post_clean(self):
        """Nothing here is editable, so there is nothing of the model to validate."""


def count_column(name: str, label: str):
    """A changelist column for a statement count annotated by with_statement_counts()."""

    @admin.display(description=label, ordering=name)
    def column(self, obj):
        return getattr(obj, name)

    column.__name__ = name
    return column


class StatementInline(admin.TabularInline):
    model = Statement
    form = ReadOnlyInlineForm
    fields = ("quote_excerpt", "speaker", "stance", "status", "created_by")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ("start", "end", "id")

    def get_queryset(self, request):
        return visible_statements(super().get_queryset(request), request).select_related(
            "speaker", "created_by"
        )

    @admin.display(description="Quote")
    def quote_excerpt(self, obj: Statement) -> str:
        return short(obj.quote, 120)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "source",
        "published_on",
        "statements_total",
        "statements_pending",
        "statements_approved",
        "statements_rejected",
        "created_at",
    )
    list_filter = ("source", "published_on", "double_annotation")
    search_fields = ("title", "source", "url")
    date_hierarchy = "published_on"
    readonly_fields = ("content_hash", "created_by", "created_at", "updated_at")
    filter_horizontal = ("annotators",)
    inlines = [StatementInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("title", "source", "url", "published_on", "body")}),
        ("Double annotation", {"fields": ("double_annotation", "annotators")}),
        ("Record", {"fields": ("content_hash", "created_by", "created_at", "updated_at")}),
    )

    statements_total = count_column("statements_total", "Statements")
    statements_pending = count_column("statements_pending", "Pending")
    statements_approved = count_column("statements_approved", "Approved")
    statements_rejected = count_column("statements_rejected", "Rejected")

    def get_queryset(self, request):
        return super().get_queryset(request).for_list(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            analyses_request([obj.content_hash])
            return
        new_body = obj.body
        if "body" in form.changed_data:
            # A new text is a revision, its statements re-anchored (revisions), never a
            # plain overwrite that would leave their offsets pointing at the old one.
            obj.body = Article.objects.values_list("body", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        if "body" in form.changed_data:
            revision = revisions.article_revise(
                article=obj, body=new_body, by=request.user, origin="admin"
            )
            if revision is not None:
                self.message_user(request, revision_message(revision), messages.SUCCESS)

    def delete_model(self, request, obj):
        services.article_delete(article=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(article=article, by=request.user)


class AliasesField(forms.CharField):
    """Aliases edited one a line, stored as a JSON list."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class SpeakerForm(forms.ModelForm):
    aliases = AliasesField(
        required=False, help_text="One a line: the forms used in text, e.g. Blinken."
    )

    class Meta:
        model = Speaker
        fields = ("name", "kind", "role", "organisation", "aliases")


class SpeakerRoleInline(admin.TabularInline):
    model = SpeakerRole
    extra = 0


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=None, label="Keep this speaker")

    def __init__(self, *args, speakers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = speakers


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    form = SpeakerForm
    list_display = ("name", "kind", "role", "organisation", "alias_list")
    list_filter = ("kind",)
    search_fields = ("name", "search_names", "organisation")
    inlines = [SpeakerRoleInline]
    actions = ["merge"]

    def has_merge_permission(self, request):
        return is_reviewer(request.user)

    @admin.action(description="Merge selected speakers…", permissions=["merge"])
    def merge(self, request: HttpRequest, queryset: QuerySet):
        form = MergeForm(request.POST if "target" in request.POST else None, speakers=queryset)
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target"]
            try:
                moved = services.speaker_merge(
                    target=target, others=list(queryset), by=request.user
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Merged into {target}: {moved} statement(s) moved, names kept as aliases.",
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge speakers",
            "opts": self.model._meta,
            "form": form,
            "speakers": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/speaker/merge.html", context)

    @admin.display(description="Aliases")
    def alias_list(self, obj: Speaker) -> str:
        return ", ".join(obj.aliases)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "description")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_deleted_objects(self, objs, request):
        """List the statements that use a topic as protected, so its delete is refused.

        Deleting would strip the topic from them without a new version or history,
        as the API refuses to (409).
        """
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        using = Statement.objects.filter(topics__in=list(objs)).distinct().order_by("pk")
        protected = [*protected, *(f"Statement {s.pk}: {s}" for s in using)]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.topic_delete(topic=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for topic in queryset:
            services.topic_delete(topic=topic, by=request.user)


STALE_FORM = (
    "This statement was changed by someone else since you opened this page; nothing was "
    "saved. Reload the page to see the current version, then make your change again."
)


class StatementAdminForm(forms.ModelForm):
    # The version the page was loaded at, sent back so a stale form cannot overwrite.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Statement
        fields = ("article", "speaker", "start", "end", "stance", "topics", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and cleaned.get("loaded_version") != self.instance.version:
            raise forms.ValidationError(STALE_FORM, code="stale")
        return cleaned

    def _post_clean(self):
        # Offsets are checked against the article's body only once an article is chosen.
        if self.instance.article_id is None and "article" not in self.cleaned_data:
            return
        super()._post_clean()


class RejectForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Shown to the analyst."
    )


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    form = StatementAdminForm
    list_display = (
        "quote_excerpt",
        "article_title",
        "speaker",
        "stance",
        "status",
        "created_by",
        "updated_at",
    )
    list_filter = (
        "status",
        "stance",
        ("speaker", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("created_by", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("quote", "speaker__name")
    autocomplete_fields = ("speaker",)
    filter_horizontal = ("topics",)
    actions = ["approve", "reject"]
    list_per_page = 100
    history_list_display = ("status", "stance", "speaker", "start", "end")

    def get_queryset(self, request):
        return (
            visible_statements(super().get_queryset(request), request)
            .select_related("article", "speaker", "created_by", "reviewed_by")
            .defer("article__body")
        )

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        history = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return visible_statements(history, request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not visible_statements(Statement.history.filter(id=object_id), request).exists():
            raise Http404("No such statement.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        record = ["quote", "in_context", "status", "created_by", "updated_by", "reviewed_by"]
        record += ["reviewed_at"]
        record += ["review_comment", "version", "created_at", "updated_at"]
        if obj is not None:
            return ["article", *record]
        return record

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (
                    None,
                    {"fields": ["article", "speaker", "start", "end", "stance", "topics", "note"]},
                )
            ]
        record = ["created_by", "updated_by", "version", "created_at", "updated_at"]
        if self.has_change_permission(request, obj):
            record.append("loaded_version")
        return [
            (None, {"fields": ["article", "in_context", "quote", "start", "end"]}),
            ("Annotation", {"fields": ["speaker", "stance", "topics", "note"]}),
            (
                "Review",
                {"fields": ["status", "reviewed_by", "reviewed_at", "review_comment"]},
            ),
            ("Record", {"fields": record}),
        ]

    @admin.display(description="Quote", ordering="quote")
    def quote_excerpt(self, obj: Statement) -> str:
        return short(obj.quote)

    @admin.display(description="Article", ordering="article__title")
    def article_title(self, obj: Statement) -> str:
        return short(obj.article.title, 60)

    @admin.display(description="In its article")
    def in_context(self, obj: Statement) -> str:
        if obj.pk is None:
            return "—"
        body = Article.objects.values_list("body", flat=True).get(pk=obj.article_id)
        before, quote, after = sentence_context(body, obj.start, obj.end, sentences=2)
        return format_html(
            '<div class="statement-context">…{}<mark>{}</mark>{}…</div>', before, quote, after
        )

    # Permissions follow the role rules used everywhere else.

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_change_statement(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can_change_statement(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def has_review_permission(self, request):
        return is_reviewer(request.user)

    # Writes go through the services, so admin edits keep history and versions.

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            fields = [
                f for f in form.changed_data if f in {"speaker", "stance", "note", "start", "end"}
            ]
            changes = {f: data[f] for f in fields}
            if "topics" in form.changed_data:
                changes["topics"] = list(data["topics"])
            try:
                services.statement_update(
                    statement=obj,
                    by=request.user,
                    expected_version=data.get("loaded_version"),
                    **changes,
                )
            except services.VersionConflict:
                # Changed between the form's check and this write: say so, keep the page.
                request._statement_conflict = True
                self.message_user(request, STALE_FORM, messages.ERROR)
        else:
            created = services.statement_create(
                article=data["article"],
                start=data["start"],
                end=data["end"],
                speaker=data["speaker"],
                stance=data["stance"],
                topics=list(data["topics"]),
                note=data.get("note", ""),
                by=request.user,
            )
            obj.pk = created.pk
            obj.refresh_from_db()

    def response_change(self, request, obj):
        if getattr(request, "_statement_conflict", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def save_related(self, request, form, formsets, change):
        """Topics were stored by the service with the rest of the change."""

    def delete_model(self, request, obj):
        services.statement_delete(statement=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for statement in queryset:
            services.statement_delete(statement=statement, by=request.user)

    @admin.action(description="Approve selected statements", permissions=["review"])
    def approve(self, request: HttpRequest, queryset: QuerySet):
        count = self._review(request, queryset, Status.APPROVED, comment="")
        self.message_user(request, f"Approved {count} statement(s).", messages.SUCCESS)

    @admin.action(description="Reject selected statements…", permissions=["review"])
    def reject(self, request: HttpRequest, queryset: QuerySet):
        form = RejectForm(request.POST if "comment" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = self._review(request, queryset, Status.REJECTED, form.cleaned_data["comment"])
            self.message_user(request, f"Rejected {count} statement(s).", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Reject statements",
            "opts": self.model._meta,
            "form": form,
            "statements": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/statement/reject.html", context)

    def _review(self, request, queryset, decision: str, comment: str) -> int:
        count = 0
        for statement in queryset:
            try:
                services.statement_review(
                    statement=statement, decision=decision, by=request.user, comment=comment
                )
            except (PermissionDenied, ValidationError, services.VersionConflict) as error:
                self.message_user(request, f"{statement}: {error}", messages.ERROR)
            else:
                count += 1
        return count


HistoricalStatement = Statement.history.model


@admin.register(HistoricalStatement)
class StatementHistoryAdmin(admin.ModelAdmin):
    """Every recorded version of every statement, deleted ones included."""

    list_display = (
        "id",
        "version",
        "change",
        "quote_excerpt",
        "stance",
        "status",
        "history_user",
        "history_date",
    )
    list_filter = ("history_type", "status", "stance")
    search_fields = ("quote", "=id")
    list_select_related = ("history_user",)
    date_hierarchy = "history_date"

    @admin.display(description="Change", ordering="history_type")
    def change(self, obj) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}.get(obj.history_type, "")

    @admin.display(description="Quote")
    def quote_excerpt(self, obj) -> str:
        return short(obj.quote)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
