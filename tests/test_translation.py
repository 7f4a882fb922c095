"""A guide's strings keyed for translation, the translated record, the strings a
translation lacks and those it is behind on. Plain content, no database."""

import copy

from troubleshooter import content, translation
from troubleshooter.translation import Behind, Row, Section


def source() -> dict:
    """A published source record: two steps, a symptom and two fallback buttons."""
    return {
        "title": "Wi-Fi keeps dropping",
        "slug": "wifi-keeps-dropping",
        "summary": "When your iPhone loses Wi-Fi.",
        "fallback": {
            "title": "Visit a Genius Bar",
            "text": "Book a visit.\r\nBring your phone.",
            "html": "<p>Book a visit.</p>",
            "links": [
                {"label": "Book a visit", "url": "https://example.com/book"},
                {"label": "Call us", "url": "https://example.com/call"},
            ],
        },
        "steps": [
            {
                "key": "s1",
                "title": "Restart",
                "body": "Hold the **side** button.",
                "body_html": "<p>Hold the <strong>side</strong> button.</p>",
                "where_to_tap": "Settings > General",
                "takes_a_while": True,
                "choices": [
                    {
                        "key": "c1",
                        "label": "Yes, it's fixed",
                        "outcome": "resolved",
                        "next_step": None,
                    },
                    {"key": "c2", "label": "No", "outcome": "next", "next_step": "s2"},
                ],
            },
            {
                "key": "s2",
                "title": "Forget the network",
                "body": "Tap Forget.",
                "body_html": "<p>Tap Forget.</p>",
                "where_to_tap": "",
                "choices": [
                    {"key": "c3", "label": "Fixed", "outcome": "resolved", "next_step": None},
                    {"key": "c4", "label": "Still not", "outcome": "escalate", "next_step": None},
                ],
            },
        ],
        "symptoms": [{"key": "y1", "text": "No Wi-Fi icon", "step": "s2"}],
    }


SPANISH = {
    "title": "El wifi se corta",
    "summary": "Cuando el iPhone pierde el wifi.",
    "symptom.y1.text": "No hay icono de wifi",
    "step.s1.title": "Reinicia",
    "step.s1.where_to_tap": "Ajustes > General",
    "step.s1.body": "Mantén el botón **lateral**.\r\nSuelta.",
    "step.s1.choice.c1.label": "Sí, funciona",
    "step.s1.choice.c2.label": "No",
    "step.s2.title": "Olvida la red",
    "step.s2.body": "Toca Olvidar.",
    "step.s2.choice.c3.label": "Funciona",
    "step.s2.choice.c4.label": "Sigue sin funcionar",
    "fallback.title": "Visita una Genius Bar",
    "fallback.text": "Reserva una cita.",
    "fallback.link.1.label": "Reservar",
    "fallback.link.2.label": "Llámanos",
}


def render(text: str) -> str:
    return f"<p>{text}</p>"


def test_every_visitor_facing_string_has_a_key_in_the_order_visitors_meet_them():
    assert translation.strings(source()) == {
        "title": "Wi-Fi keeps dropping",
        "summary": "When your iPhone loses Wi-Fi.",
        "symptom.y1.text": "No Wi-Fi icon",
        "step.s1.title": "Restart",
        "step.s1.where_to_tap": "Settings > General",
        "step.s1.body": "Hold the **side** button.",
        "step.s1.choice.c1.label": "Yes, it's fixed",
        "step.s1.choice.c2.label": "No",
        "step.s2.title": "Forget the network",
        "step.s2.body": "Tap Forget.",
        "step.s2.choice.c3.label": "Fixed",
        "step.s2.choice.c4.label": "Still not",
        "fallback.title": "Visit a Genius Bar",
        "fallback.text": "Book a visit.\r\nBring your phone.",
        "fallback.link.1.label": "Book a visit",
        "fallback.link.2.label": "Call us",
    }
    assert list(translation.strings(source())) == list(SPANISH)


def test_sections_group_the_strings_by_step_with_its_number_and_title():
    found = translation.sections(source())
    assert [section.heading for section in found] == [
        "The guide",
        "What the visitor sees",
        "Step 1 “Restart”",
        "Step 2 “Forget the network”",
        "When nothing works",
    ]
    assert found[2] == Section(
        "Step 1 “Restart”",
        [
            Row("step.s1.title", "Title", "Restart", False),
            Row("step.s1.where_to_tap", "Where to tap", "Settings > General", False),
            Row("step.s1.body", "Instructions", "Hold the **side** button.", True),
            Row("step.s1.choice.c1.label", "Answer button", "Yes, it's fixed", False),
            Row("step.s1.choice.c2.label", "Answer button", "No", False),
        ],
    )
    assert found[0].rows == [
        Row("title", "Title", "Wi-Fi keeps dropping", False),
        Row("summary", "Summary", "When your iPhone loses Wi-Fi.", False),
    ]
    assert found[1].rows == [Row("symptom.y1.text", "Symptom 1", "No Wi-Fi icon", False)]
    assert found[4].rows == [
        Row("fallback.title", "Heading", "Visit a Genius Bar", False),
        Row("fallback.text", "Text", "Book a visit.\r\nBring your phone.", True),
        Row("fallback.link.1.label", "Button", "Book a visit", False),
        Row("fallback.link.2.label", "Button", "Call us", False),
    ]


def test_a_guide_without_symptoms_has_no_symptoms_section():
    record = source()
    del record["symptoms"]
    headings = [section.heading for section in translation.sections(record)]
    assert "What the visitor sees" not in headings
    assert "symptom.y1.text" not in translation.strings(record)


def test_the_translated_record_keeps_the_structure_and_replaces_every_string():
    record = translation.translated(source(), SPANISH, render)
    assert record["title"] == "El wifi se corta"
    assert record["summary"] == "Cuando el iPhone pierde el wifi."
    assert record["slug"] == "wifi-keeps-dropping"
    assert record["symptoms"] == [{"key": "y1", "text": "No hay icono de wifi", "step": "s2"}]
    first, second = record["steps"]
    assert first == {
        "key": "s1",
        "title": "Reinicia",
        "body": "Mantén el botón **lateral**.\nSuelta.",
        "body_html": "<p>Mantén el botón **lateral**.\nSuelta.</p>",
        "where_to_tap": "Ajustes > General",
        "takes_a_while": True,
        "choices": [
            {"key": "c1", "label": "Sí, funciona", "outcome": "resolved", "next_step": None},
            {"key": "c2", "label": "No", "outcome": "next", "next_step": "s2"},
        ],
    }
    assert second["where_to_tap"] == ""
    assert [c["label"] for c in second["choices"]] == ["Funciona", "Sigue sin funcionar"]
    assert record["fallback"] == {
        "title": "Visita una Genius Bar",
        "text": "Reserva una cita.",
        "html": "<p>Reserva una cita.</p>",
        "links": [
            {"label": "Reservar", "url": "https://example.com/book"},
            {"label": "Llámanos", "url": "https://example.com/call"},
        ],
    }
    # Only the words differ: the same walk, the same problems.
    assert content.problems(record) == content.problems(source())


def test_translating_leaves_the_source_record_as_it_was():
    original = source()
    translation.translated(original, SPANISH, render)
    assert original == source()


def test_a_string_without_translation_keeps_the_source_text():
    texts = {**SPANISH, "step.s2.title": "  ", "fallback.text": ""}
    del texts["fallback.link.2.label"]
    record = translation.translated(source(), texts, render)
    assert record["steps"][1]["title"] == "Forget the network"
    assert record["fallback"]["text"] == "Book a visit.\nBring your phone."
    assert record["fallback"]["html"] == "<p>Book a visit.\nBring your phone.</p>"
    assert record["fallback"]["links"][1]["label"] == "Call us"
    assert record["steps"][1]["body_html"] == "<p>Toca Olvidar.</p>"


def test_a_translation_with_no_texts_reads_as_the_source():
    record = translation.translated(source(), {}, render)
    expected = source()
    expected["fallback"]["text"] = "Book a visit.\nBring your phone."
    expected["fallback"]["html"] = "<p>Book a visit.\nBring your phone.</p>"
    for step in expected["steps"]:
        step["body_html"] = render(step["body"])
    assert record == expected


def test_nothing_is_missing_from_a_full_translation():
    assert translation.missing(source(), SPANISH) == []


def test_each_missing_string_is_a_problem_naming_its_step():
    texts = {key: text for key, text in SPANISH.items() if key.startswith("step.s2")}
    texts["step.s2.body"] = " \n"
    assert [str(problem) for problem in translation.missing(source(), texts)] == [
        "The guide's title is not translated.",
        "The guide's summary is not translated.",
        "The symptom “No Wi-Fi icon” is not translated.",
        "Step 1 “Restart”: the title is not translated.",
        "Step 1 “Restart”: “where to tap” is not translated.",
        "Step 1 “Restart”: the instructions are not translated.",
        "Step 1 “Restart”: the answer “Yes, it's fixed” is not translated.",
        "Step 1 “Restart”: the answer “No” is not translated.",
        "Step 2 “Forget the network”: the instructions are not translated.",
        "The fallback page's heading is not translated.",
        "The fallback page's text is not translated.",
        "The fallback button “Book a visit” is not translated.",
        "The fallback button “Call us” is not translated.",
    ]
    problems = translation.missing(source(), texts)
    assert all(problem.is_error for problem in problems)
    assert (problems[3].step_number, problems[3].step_title) == (1, "Restart")
    assert problems[8].step_number == 2


def test_behind_lists_strings_changed_or_new_with_old_and_new_text():
    new = source()
    new["steps"][0]["title"] = "Restart your iPhone"
    new["steps"][1]["where_to_tap"] = "Settings > Wi-Fi"
    new["steps"][1]["body"] = "Tap Forget.   "  # spaces at a line end: no change
    new["symptoms"].append({"key": "y2", "text": "Slow", "step": "s1"})
    del new["steps"][0]["choices"][1]  # a string gone needs nothing
    assert translation.behind(source(), new) == [
        Behind("symptom.y2.text", "", "Slow"),
        Behind("step.s1.title", "Restart", "Restart your iPhone"),
        Behind("step.s2.where_to_tap", "", "Settings > Wi-Fi"),
    ]
    assert translation.behind(source(), copy.deepcopy(source())) == []


def test_where_names_the_place_of_a_string():
    assert (
        translation.where(source(), "step.s2.body") == "Step 2 “Forget the network”: instructions"
    )
    assert translation.where(source(), "fallback.link.2.label") == "When nothing works: button"
    assert translation.where(source(), "gone") == "gone"


def test_merge_takes_each_string_from_the_side_that_changed_it():
    base = {"title": "Se cae", "summary": "Qué hacer", "fallback.title": "Llama"}
    yours = {"title": "Se cae el wifi", "summary": "Qué hacer", "fallback.title": "Llama"}
    theirs = {"title": "Se cae", "summary": "Qué hacer si se cae", "fallback.title": "Llama"}
    merged, collisions = translation.merge(base, yours, theirs)
    assert merged == {
        "title": "Se cae el wifi",
        "summary": "Qué hacer si se cae",
        "fallback.title": "Llama",
    }
    assert collisions == []


def test_merge_keeps_theirs_where_both_changed_a_string_and_lists_both():
    base = {"title": "Se cae", "summary": "Antes"}
    yours = {"title": "El wifi de Sam", "summary": "Mío"}
    theirs = {"title": "El wifi de Alex", "summary": "Antes"}
    merged, collisions = translation.merge(base, yours, theirs)
    assert merged == {"title": "El wifi de Alex", "summary": "Mío"}
    assert collisions == [translation.Collision("title", "El wifi de Alex", "El wifi de Sam")]


def test_merge_has_no_collision_where_both_typed_the_same():
    merged, collisions = translation.merge({}, {"title": "Igual"}, {"title": "Igual"})
    assert (merged, collisions) == ({"title": "Igual"}, [])


def test_merge_empties_a_string_only_you_emptied_and_adds_one_only_they_added():
    base = {"title": "Se cae", "summary": "Antes"}
    yours = {"summary": "Antes"}
    theirs = {"title": "Se cae", "summary": "Antes", "fallback.title": "Llama"}
    merged, collisions = translation.merge(base, yours, theirs)
    assert merged == {"summary": "Antes", "fallback.title": "Llama"}
    assert collisions == []


def test_merge_lists_a_string_you_emptied_that_they_changed():
    base = {"title": "Se cae"}
    merged, collisions = translation.merge(base, {}, {"title": "Se cae el wifi"})
    assert merged == {"title": "Se cae el wifi"}
    assert collisions == [translation.Collision("title", "Se cae el wifi", "")]


def test_merge_leaves_the_texts_it_is_given_as_they_were():
    base, yours, theirs = {"title": "a"}, {"title": "b"}, {"title": "a", "summary": "c"}
    translation.merge(base, yours, theirs)
    assert (base, yours, theirs) == ({"title": "a"}, {"title": "b"}, {"title": "a", "summary": "c"})


def test_merge_adds_a_string_only_you_translated():
    merged, collisions = translation.merge({}, {"title": "Nuevo"}, {"summary": "Suyo"})
    assert (merged, collisions) == ({"title": "Nuevo", "summary": "Suyo"}, [])


def test_merge_lists_a_string_they_emptied_that_you_changed():
    base = {"title": "Se cae", "summary": "Antes"}
    merged, collisions = translation.merge(base, {"title": "Mío", "summary": "Antes"}, {})
    assert merged == {}
    assert collisions == [translation.Collision("title", "", "Mío")]
