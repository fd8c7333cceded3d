"""Strict field types: JSON input means what it says, nothing is coerced."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS
from rest_framework.utils import html

MAX_OFFSET = 2_147_483_647


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: strings, floats and booleans are refused rather than coerced."""

    default_error_messages = {
        "not_integer": "Must be a whole number (a JSON integer such as 12), not {kind}.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_OFFSET)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("not_integer", kind=_kind(data))
        return data


# What text fields take, as patterns both Python and the schema's JavaScript-style regular
# expressions read alike: no NUL anywhere (DRF refuses it), and for a field that may not
# be blank, some character that is a space to neither (DRF trims Python's spaces).
TEXT_WITHOUT_NUL = r"^[^\x00]*$"
TEXT_NOT_BLANK = r"^[^\x00]*[^\s\x00\x1c-\x1f\x85\ufeff][^\x00]*$"
# A web or FTP address (Django's URLValidator checks the rest), or nothing; spaces around
# it are trimmed. The schema's "uri" format would call "" and "HTTP://x" wrong.
URL_OR_BLANK = r"^[\s\x1c-\x1f\x85]*(?:(?:[hH][tT][tT][pP][sS]?|[fF][tT][pP][sS]?)://[^\x00]+)?$"


class StrictCharField(serializers.CharField):
    """JSON text: numbers, booleans, lists and objects are refused rather than turned to text."""

    default_error_messages = {"not_text": "Must be text (a JSON string), not {kind}."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text", kind=_kind(data))
        # The length the schema states is the length sent, before spaces are trimmed.
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class StrictURLField(StrictCharField, serializers.URLField):
    pass


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false; "yes", 1 and "on" are refused rather than read as true."""

    default_error_messages = {"not_boolean": "Must be true or false, not {kind}."}

    def to_internal_value(self, data):
        if html.is_html_input(getattr(self.root, "initial_data", None)):
            return super().to_internal_value(data)  # an HTML form sends "on" or "true"
        if not isinstance(data, bool):
            self.fail("not_boolean", kind=_kind(data))
        return data


class StrictChoiceField(serializers.ChoiceField):
    """A choice sent as JSON text, never a number that happens to read as one."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"the text {value[:20]!r}"
    if isinstance(value, float):
        return f"the decimal {value!r}"
    if value is None:
        return "null"
    return type(value).__name__


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**63 - 1})
class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """Ids must be JSON integers; an unknown id names the field and the id."""

    default_error_messages = {
        "does_not_exist": "There is no {model} with id {pk_value}.",
        "incorrect_type": "Must be the integer id of a {model}, not {data_type}.",
    }

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({k: v for k, v in kwargs.items() if k in MANY_RELATION_KWARGS})
        return StrictManyRelatedField(**list_kwargs)

    def check_id(self, data) -> int:
        """Refuse anything but a plausible id, without a query."""
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", model=self._model_name(), data_type=_kind(data))
        if not 0 < data <= 2**63 - 1:
            self.fail("does_not_exist", model=self._model_name(), pk_value=data)
        return data

    def to_internal_value(self, data):
        self.check_id(data)
        queryset = self.get_queryset()
        try:
            return queryset.get(pk=data)
        except queryset.model.DoesNotExist:
            self.fail("does_not_exist", model=self._model_name(), pk_value=data)

    def _model_name(self) -> str:
        return self.get_queryset().model._meta.verbose_name


class StrictManyRelatedField(serializers.ManyRelatedField):
    """A list of ids, looked up in one query rather than one query per id."""

    def to_internal_value(self, data):
        if not isinstance(data, list | tuple):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        child = self.child_relation
        ids, bad = [], None
        for item in data:
            try:
                ids.append(child.check_id(item))
            except serializers.ValidationError as error:
                bad = error
                break
        found = child.get_queryset().in_bulk(ids) if ids else {}
        # The first bad item in the list is the one reported, as item by item would.
        for pk in ids:
            if pk not in found:
                child.fail("does_not_exist", model=child._model_name(), pk_value=pk)
        if bad is not None:
            raise bad
        return [found[pk] for pk in ids]
