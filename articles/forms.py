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
            ".txt (an optional first line 'date YYYY-MM-DD', then paragraphs), "
            ".json (an object or a list) or .jsonl with title, body, published_on, source, url."
        ),
    )


class ArticleFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search title or source")
    published_from = forms.DateField(
        required=False, label="Published from", widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(
        required=False, label="to", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_q(self):
        return self.cleaned_data["q"].replace("\x00", "").strip()
