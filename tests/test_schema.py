from kg.schema import Article, Evidence, Node, Triple, node_id, slug


def test_ids_are_deterministic_and_canonical():
    assert node_id("Company", "Andreessen Horowitz") == "company:andreessen-horowitz"
    assert Node.named("Company", "OpenAI").id == Node.named("Company", "OpenAI").id
    assert slug("Café Ünïcode!") == "cafe-unicode"


def test_source_id_ignores_whitespace_and_case_but_not_words():
    a = Article(text="OpenAI lost ground.\n\nAnthropic gained.")
    b = Article(text="openai  lost ground. anthropic gained.", path="elsewhere.txt")
    c = Article(text="OpenAI gained ground. Anthropic gained.")
    assert a.id == b.id
    assert a.id != c.id


def test_triple_json_round_trip_keeps_everything():
    src = Article(text="x", title="T", published="2026-01-02", path="a.txt").source_node()
    t = Triple(Node.named("Person", "Jane Doe"), "ASSERTS", Node("Claim", "c", "claim:1", {"stance": "losing"}),
               src, Evidence("Jane Doe said so.", 3, 20), {"stance": "losing", "confidence": 0.9})
    data = t.to_json()
    assert data["subject"] == {"label": "Person", "name": "Jane Doe", "id": "person:jane-doe", "properties": {}}
    assert data["source"]["title"] == "T" and data["evidence"] == {"sentence": "Jane Doe said so.", "start": 3, "end": 20}
    back = Triple.from_json(data)
    assert back.to_json() == data
