"""Strict field types: JSON input means what it says, nothing is coerced."""

from rest_framework import serializers

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


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """Ids must be JSON integers; an unknown id names the field and the id."""

    default_error_messages = {
        "does_not_exist": "There is no {model} with id {pk_value}.",
        "incorrect_type": "Must be the integer id of a {model}, not {data_type}.",
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", model=self._model_name(), data_type=_kind(data))
        if not 0 < data <= 2**63 - 1:
            self.fail("does_not_exist", model=self._model_name(), pk_value=data)
        queryset = self.get_queryset()
        try:
            return queryset.get(pk=data)
        except queryset.model.DoesNotExist:
            self.fail("does_not_exist", model=self._model_name(), pk_value=data)

    def _model_name(self) -> str:
        return self.get_queryset().model._meta.verbose_name
