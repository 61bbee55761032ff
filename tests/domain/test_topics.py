"""The help topics the issue names, with unique prefixes and CRA themes."""

from kiosk.domain.topics import all_topics, topic_by_id


def test_the_seven_topics_in_order():
    assert [t.label for t in all_topics()] == [
        "Mes papiers en ligne",
        "Mes e-mails",
        "Mon téléphone ou ma tablette",
        "Imprimer ou scanner",
        "Internet",
        "Mon CV et l'emploi",
        "Autre",
    ]


def test_prefixes_and_ids_are_unique():
    topics = all_topics()
    assert len({t.prefix for t in topics}) == len(topics)
    assert len({t.id for t in topics}) == len(topics)
    assert all(t.cra_theme and t.bring for t in topics)


def test_lookup():
    assert topic_by_id("emails").prefix == "E"
    assert topic_by_id("nope") is None
