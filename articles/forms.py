from __future__ import annotations

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError("Choose at least one .txt, .json or .jsonl file.")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="Article files",
        help_text=(
            ".txt (optional header lines 'date YYYY-MM-DD', 'source: …' and 'url: …', "
            "then paragraphs), "
            ".json (an object or a list) or .jsonl with title, body, published_on, source, url."
        ),
    )

    def clean_files(self):
        from django.conf import settings

        from .importers import MAX_FILE_BYTES

        files = self.cleaned_data["files"]
        too_large = [f for f in files if f.size > MAX_FILE_BYTES]
        if too_large:
            names = ", ".join(f"{f.name} ({f.size:,} bytes)" for f in too_large[:5])
            raise forms.ValidationError(
                f"Too large: {names}. A file holds at most {MAX_FILE_BYTES // 2**20} MB "
                f"({MAX_FILE_BYTES:,} bytes); split it into several files.",
                code="too_large",
            )
        total = sum(f.size for f in files)
        if total > settings.IMPORT_MAX_REQUEST_BYTES:
            limit = settings.IMPORT_MAX_REQUEST_BYTES
            raise forms.ValidationError(
                f"The upload is too large ({total:,} bytes): at most {limit // 2**20} MB "
                f"({limit:,} bytes) in one import. Import the files in several parts.",
                code="too_large",
            )
        return files


class ArticleDetailsForm(forms.Form):
    """An article's title, source, address and date; the model checks each (services)."""

    title = forms.CharField(
        required=False, max_length=300, help_text="Left empty, the first sentence is used."
    )
    source = forms.CharField(required=False, max_length=200, label="Source (outlet)")
    url = forms.CharField(required=False, max_length=500, label="Address (URL)")
    published_on = forms.DateField(
        required=False, label="Published on", widget=forms.DateInput(attrs={"type": "date"})
    )

    FIELDS = ("title", "source", "url", "published_on")

    @classmethod
    def of(cls, article) -> ArticleDetailsForm:
        return cls(initial={name: getattr(article, name) for name in cls.FIELDS})


class ReviewFilterForm(forms.Form):
    """Narrow the review queue; choices are limited to what has pending statements."""

    article = forms.ModelChoiceField(queryset=None, required=False, empty_label="All articles")
    speaker = forms.ModelChoiceField(queryset=None, required=False, empty_label="All speakers")
    stance = forms.ChoiceField(required=False)
    annotator = forms.ModelChoiceField(queryset=None, required=False, empty_label="All annotators")
    show = forms.ChoiceField(
        required=False,
        label="Show",
        choices=[("", "All waiting"), ("pending", "Pending review"), ("recheck", "Needs re-check")],
    )

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from .models import Article, Speaker, Stance, Statement

        super().__init__(*args, **kwargs)
        pending = Statement.objects.waiting_for_review()
        self.fields["article"].queryset = Article.objects.filter(
            pk__in=pending.values("article_id")
        ).only("id", "title")
        self.fields["speaker"].queryset = Speaker.objects.filter(
            pk__in=pending.values("speaker_id")
        ).only("id", "name")
        self.fields["annotator"].queryset = get_user_model().objects.filter(
            pk__in=pending.values("created_by_id")
        )
        self.fields["stance"].choices = [("", "All stances"), *Stance.choices]

    def filter(self, statements):
        data = self.cleaned_data
        if data.get("article"):
            statements = statements.filter(article=data["article"])
        if data.get("speaker"):
            statements = statements.filter(speaker=data["speaker"])
        if data.get("stance"):
            statements = statements.filter(stance=data["stance"])
        if data.get("annotator"):
            statements = statements.filter(created_by=data["annotator"])
        if data.get("show") == "pending":
            statements = statements.pending()
        elif data.get("show") == "recheck":
            statements = statements.filter(anchor="recheck")
        return statements


class AgreementForm(forms.Form):
    articles = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="Articles",
        help_text="Leave empty for every article marked for double annotation.",
    )

    def __init__(self, *args, **kwargs):
        from django.db.models import Count, Q

        from .models import Article

        super().__init__(*args, **kwargs)
        # Articles two or more people annotated, or that are set up for it.
        self.fields["articles"].queryset = (
            Article.objects.defer("body")
            .annotate(annotator_count=Count("statements__created_by", distinct=True))
            .filter(Q(double_annotation=True) | Q(annotator_count__gte=2))
            .order_by("-published_on", "-id")
        )


ID_MAX = 10**18 - 1  # below every database's largest integer


class AdjudicateForm(forms.Form):
    """The agreement page's choice between two readings of one span."""

    keep = forms.IntegerField(min_value=1, max_value=ID_MAX)
    reject = forms.IntegerField(min_value=1, max_value=ID_MAX)
    keep_version = forms.IntegerField(min_value=1, max_value=ID_MAX, required=False)
    reject_version = forms.IntegerField(min_value=1, max_value=ID_MAX, required=False)
