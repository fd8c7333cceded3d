"""Set up users, a token and the objects the workloads use; print them as JSON.

Run with the server's settings: `python -m bench.prepare`.
"""

from __future__ import annotations

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")

USERNAME = "bench-analyst"
PASSWORD = "bench-analyst-password-not-secret"


def main(argv: list[str]) -> dict:
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from articles.demo.synthetic import CLAIMS
    from articles.models import Article, Speaker, Topic
    from articles.roles import ANALYSTS, ensure_role_groups

    ensure_role_groups()
    User = get_user_model()
    user, created = User.objects.get_or_create(username=USERNAME)
    if created:
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=ANALYSTS))
    token, _ = Token.objects.get_or_create(user=user)

    with_200 = list(
        Article.objects.annotate(n=Count("statements"))
        .filter(n=200)
        .order_by("id")
        .values_list("id", flat=True)[:2]
    )
    detail = with_200[0] if with_200 else None
    editor = (
        Article.objects.annotate(n=Count("statements"))
        .filter(n__gte=2000)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    # Creates go to another typical article: spans of the claims it reports.
    target = Article.objects.filter(pk=with_200[-1]).first() if with_200 else None
    target = target or Article.objects.order_by("id").first()
    body = target.body
    spans = []
    for phrases in CLAIMS.values():
        for phrase in phrases:
            head = phrase.split("{", 1)[0].strip()
            at = body.find(head[:1].upper() + head[1:]) if head else -1
            if at >= 0:
                spans.append([at, at + len(head)])
    if not spans:
        spans = [[0, min(40, len(body))]]
    speakers = list(Speaker.objects.order_by("id").values_list("id", flat=True)[:50])
    topics = list(Topic.objects.order_by("id").values_list("id", flat=True))
    return {
        "username": USERNAME,
        "password": PASSWORD,
        "token": token.key,
        "detail_article": detail,
        "editor_article": editor,
        "create": {"article": target.pk, "spans": spans, "speakers": speakers, "topics": topics},
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
