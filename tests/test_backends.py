"""articles.backends.ModelBackend: Django's permissions, loaded in one query."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Permission

from articles.backends import ModelBackend


def fresh(user):
    """The same user without any permission cache."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize("persona", ["analyst", "reviewer", "admin_user", "reader"])
def test_it_grants_exactly_what_djangos_backend_grants(persona, request):
    user = request.getfixturevalue(persona)
    expected = DjangoModelBackend().get_all_permissions(fresh(user))
    assert ModelBackend().get_all_permissions(fresh(user)) == expected


def test_permissions_given_to_the_user_directly_count_too(analyst):
    analyst.user_permissions.add(Permission.objects.get(codename="review_statement"))
    assert "articles.review_statement" in ModelBackend().get_all_permissions(fresh(analyst))
    assert fresh(analyst).has_perm("articles.review_statement")


def test_one_query_loads_them_and_later_checks_are_free(analyst, django_assert_num_queries):
    user = fresh(analyst)
    with django_assert_num_queries(1):
        assert user.has_perm("articles.add_statement")
        assert not user.has_perm("articles.review_statement")
        assert user.has_perms(["articles.view_article", "articles.add_article"])


def test_inactive_users_have_no_permissions(analyst):
    analyst.is_active = False
    analyst.save()
    assert ModelBackend().get_all_permissions(fresh(analyst)) == set()
