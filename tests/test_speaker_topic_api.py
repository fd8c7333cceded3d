"""/api/speakers/ and /api/topics/."""

from articles.models import Speaker, Topic


class TestSpeakers:
    def test_an_analyst_creates_a_speaker_with_aliases(self, api, analyst):
        response = api(analyst).post(
            "/api/speakers/",
            {
                "name": "Antony Blinken",
                "kind": "person",
                "role": "Secretary of State",
                "organisation": "US State Department",
                "aliases": ["Blinken", " Blinken ", "America's top diplomat"],
            },
            format="json",
        )
        assert response.status_code == 201, response.data
        assert response.data["aliases"] == ["Blinken", "America's top diplomat"]

    def test_search_finds_names_and_aliases(self, api, analyst, speaker, other_speaker):
        client = api(analyst)
        names = [
            s["name"] for s in client.get("/api/speakers/", {"search": "THE MAYOR"}).data["results"]
        ]
        assert names == ["Ada Mayor"]
        names = [s["name"] for s in client.get("/api/speakers/", {"search": "ben"}).data["results"]]
        assert names == ["Ben Engineer"]

    def test_a_name_taken_ignoring_case_is_a_409_naming_the_other(self, api, analyst, speaker):
        response = api(analyst).post("/api/speakers/", {"name": "ADA mayor"}, format="json")
        assert response.status_code == 409
        assert f"already exists (id {speaker.pk})" in str(response.data["name"])

    def test_a_clash_with_other_bad_fields_is_a_400(self, api, analyst, speaker):
        response = api(analyst).post(
            "/api/speakers/", {"name": "ADA mayor", "kind": "planet"}, format="json"
        )
        assert response.status_code == 400
        assert set(response.data) >= {"kind"}

    def test_aliases_must_be_a_list_of_strings(self, api, analyst):
        for aliases in ["Blinken", [1, 2], {"a": 1}, ["ok", None]]:
            response = api(analyst).post(
                "/api/speakers/", {"name": "X", "aliases": aliases}, format="json"
            )
            assert response.status_code == 400, aliases
            assert "aliases" in response.data
        assert not Speaker.objects.exists()

    def test_an_unknown_kind_is_refused(self, api, analyst):
        response = api(analyst).post(
            "/api/speakers/", {"name": "X", "kind": "robot"}, format="json"
        )
        assert response.status_code == 400 and "kind" in response.data

    def test_analysts_cannot_edit_speakers_reviewers_can(self, api, analyst, reviewer, speaker):
        url = f"/api/speakers/{speaker.pk}/"
        assert api(analyst).patch(url, {"role": "Ex-mayor"}, format="json").status_code == 403
        assert api(reviewer).patch(url, {"role": "Ex-mayor"}, format="json").status_code == 200

    def test_a_speaker_with_statements_cannot_be_deleted(
        self, api, reviewer, article, make_statement, speaker
    ):
        make_statement(article)
        response = api(reviewer).delete(f"/api/speakers/{speaker.pk}/")
        assert response.status_code == 409
        assert "still used by 1 statement" in response.data["detail"]


class TestTopics:
    def test_an_analyst_creates_a_topic_and_gets_a_slug(self, api, analyst):
        response = api(analyst).post("/api/topics/", {"name": "Public finance"}, format="json")
        assert response.status_code == 201, response.data
        assert response.data["slug"] == "public-finance"

    def test_duplicate_topics_are_refused_as_clashes(self, api, analyst, topic):
        response = api(analyst).post("/api/topics/", {"name": "flooding"}, format="json")
        assert response.status_code == 409
        response = api(analyst).post(
            "/api/topics/", {"name": "Floods", "slug": "flooding"}, format="json"
        )
        assert response.status_code == 409 and "slug" in response.data
        assert Topic.objects.count() == 1

    def test_a_topic_in_use_cannot_be_deleted(self, api, reviewer, article, make_statement, topic):
        make_statement(article, topics=[topic])
        assert api(reviewer).delete(f"/api/topics/{topic.pk}/").status_code == 409
        assert Topic.objects.filter(pk=topic.pk).exists()

    def test_an_unused_topic_is_deleted_by_a_reviewer(self, api, analyst, reviewer, topic):
        assert api(analyst).delete(f"/api/topics/{topic.pk}/").status_code == 403
        assert api(reviewer).delete(f"/api/topics/{topic.pk}/").status_code == 204


def test_like_finds_speakers_a_typo_away_or_with_the_same_surname(api, analyst, speaker):
    from articles.models import Speaker

    Speaker.objects.create(name="Antony Blinken", aliases=["US Secretary of State"])
    client = api(analyst)

    def names(text):
        response = client.get("/api/speakers/", {"like": text})
        assert response.status_code == 200
        return [s["name"] for s in response.data["results"]]

    assert names("Antony Blinkn") == ["Antony Blinken"]
    assert names("Blinken") == ["Antony Blinken"]
    assert names("Ada Mayer") == ["Ada Mayor"]
    assert names("Sullivan") == []
    assert names("ab") == []
