"""Each serializer instance gets its own fields, bound to it, though they are built once."""

from rest_framework.test import APIRequestFactory

from articles.api.serializers import SpeakerSerializer, StatementSerializer


def _context(user):
    request = APIRequestFactory().get("/")
    request.user = user
    return {"request": request}


def test_two_serializers_do_not_share_fields(db, analyst, reviewer):
    first = StatementSerializer(context=_context(analyst))
    second = StatementSerializer(context=_context(reviewer))
    for name, field in first.fields.items():
        twin = second.fields[name]
        assert field is not twin, name
        assert field.parent is first and twin.parent is second
        assert field.root is first and twin.root is second
    topics, other_topics = first.fields["topics"], second.fields["topics"]
    assert topics.child_relation is not other_topics.child_relation
    assert topics.child_relation.root is first
    assert topics.child_relation.context["request"].user == analyst
    assert other_topics.child_relation.context["request"].user == reviewer


def test_the_built_fields_stay_unbound(db, analyst):
    StatementSerializer(context=_context(analyst)).fields  # noqa: B018 (builds them)
    built = StatementSerializer._built_fields
    assert all(field.parent is None for field in built.values())
    assert built["topics"].child_relation.parent is built["topics"]


def test_nested_serializers_are_copied_whole(db, analyst):
    first = SpeakerSerializer(context=_context(analyst))
    second = SpeakerSerializer(context=_context(analyst))
    assert first.fields["roles"].child is not second.fields["roles"].child
    assert first.fields["roles"].child.root is first
