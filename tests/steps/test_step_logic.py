"""How practice steps judge answers, resume codes, lesson runs and « Ma fiche »: pure domain, fast."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from kiosk.content.lessons import load_lesson
from kiosk.domain import step_logic as logic
from kiosk.domain.lesson_steps import FormField, Tolerance
from kiosk.domain.memo import lesson_memo, next_workshop
from kiosk.domain.progress import ALPHABET, CodeError, LessonRun, decode_resume, encode_resume, find_resume
from kiosk.printing.decode import decode_escpos
from kiosk.printing.escpos_render import render_escpos

FIXTURE = Path(__file__).parent / "fixtures" / "etapes" / "toutes-les-etapes" / "lesson.yaml"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def lesson():
    found, problems = load_lesson(FIXTURE)
    assert not problems, problems
    return found


def step(lesson, step_id):
    return next(s for s in lesson.steps if s.id == step_id)


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("lea@exemple.fr", True),
        ("  Lea@Exemple.FR ", True),  # case and outer spaces never count
        ("lea @ exemple.fr", True),  # inner spaces are tolerated by default
        ("léa@exemple.fr", False),  # accents count unless the lesson allows them
        ("leaexemple.fr", False),
        ("", False),
    ],
)
def test_typed_answers_are_tolerant_as_the_lesson_allows(lesson, typed, ok):
    assert logic.check_typed(step(lesson, "type-text"), typed).ok is ok


def test_typed_answer_gets_the_targeted_message(lesson):
    assert logic.check_typed(step(lesson, "type-text"), "leaexemple.fr").message == "Il manque le @."
    assert (
        logic.check_typed(step(lesson, "type-text"), "").message == "Écrivez votre réponse avec le clavier."
    )


def test_accent_tolerance():
    loose = Tolerance(case=True, accents=True, spaces=True)
    assert logic.normalise("Élève cœur", loose) == logic.normalise("eleve COEUR", loose)
    assert logic.normalise("Élève", Tolerance()) != logic.normalise("Eleve", Tolerance())


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("email", "lea@exemple", "Adresse e-mail invalide. Exemple : nom@exemple.fr"),
        ("email", "lea@exemple.fr", None),
        ("date", "31/02/2024", "Format attendu : JJ/MM/AAAA"),
        ("date", "1/2/2024", "Format attendu : JJ/MM/AAAA"),
        ("date", "29/02/2024", None),
        ("phone", "06 12 34 56", "Le numéro doit avoir 10 chiffres. Exemple : 06 12 34 56 78"),
        ("phone", "06.12.34.56.78", None),
        ("postcode", "5710", "Le code postal a 5 chiffres. Exemple : 57100"),
        ("text", "", "Ce champ est obligatoire."),
    ],
)
def test_form_fields_answer_like_real_sites(kind, value, message):
    assert logic.field_error(FormField(id="f", label="Champ", kind=kind), value) == message


def test_form_expected_values_select_and_checkbox():
    postcode = FormField(id="cp", label="Code postal", kind="postcode", expected="57100")
    assert logic.field_error(postcode, "57000") == "Écrivez : 57100"
    assert logic.field_error(postcode, "57100") is None
    select = FormField(id="m", label="Motif", kind="select", options=["Carte", "Passeport"])
    assert logic.field_error(select, "Permis") == "Choisissez dans la liste."
    box = FormField(id="ok", label="J'accepte", kind="checkbox")
    assert logic.field_error(box, "") == "Cochez cette case pour continuer."
    assert logic.field_error(box, "1") is None
    assert logic.field_error(FormField(id="o", label="Option", required=False), "") is None


def test_choose_one_many_and_checkpoint(lesson):
    one = step(lesson, "choose-one")
    assert logic.judge_option(list(one.options), "rien").ok
    assert logic.judge_option(list(one.options), "clic").message == "Non. Le lien peut être piégé."
    assert "Je ne touche pas le lien." in logic.judge_option(list(one.options), None).message
    many = step(lesson, "choose-many")
    assert logic.judge_many(many, {"urgence", "codes"})[0].ok
    verdict, explain = logic.judge_many(many, {"urgence", "nom"})
    assert not verdict.ok and [o.id for o in explain] == ["nom"]
    assert logic.judge_many(many, {"urgence"})[0].message == "C'est juste, mais il en manque."
    check = step(lesson, "checkpoint")
    run = logic.CheckpointRun(list(check.questions), check.mastery)
    run.answer("payer")
    run.answer(None)
    assert run.finished and run.score == 0 and not run.mastered


def test_tap_zones_have_slack_and_the_smallest_wins(lesson):
    tap = step(lesson, "tap-target")
    assert logic.zone_at(tap, 0.1, 0.3).id == "ecrire"
    assert logic.zone_at(tap, 0.02, 0.3).id == "ecrire"  # 1 % outside the drawn zone still counts
    assert logic.zone_at(tap, 0.7, 0.3).id == "supprimer"
    assert logic.zone_at(tap, 0.5, 0.9) is None


def test_message_pieces_cover_the_whole_message(lesson):
    clues = step(lesson, "clues")
    pieces = logic.segments(clues.message, list(clues.clues))
    assert {p.clue for p in pieces if p.clue} == {"nom", "urgence", "lien"}
    body = "".join(p.text for p in pieces if p.part == "body")
    assert body == clues.message.body


def test_order_is_shuffled_reproducibly_and_judged(lesson):
    order = step(lesson, "order")
    shown = logic.shuffled_order(order)
    assert shown == logic.shuffled_order(order) and shown != sorted(shown)
    run = logic.OrderRun(len(order.items))
    assert not run.tap(2) and run.tapped == []
    assert run.tap(0) and run.tap(1) and run.tap(2) and run.finished


def test_gestures_repeat_grow_and_can_be_skipped(lesson):
    run = logic.GestureRun.of(step(lesson, "gestures"))
    assert run.current == "tap"
    assert not run.did("swipe_left") and run.misses == 1
    assert run.did("tap") and run.misses == 0 and run.current == "long_press"
    run.skip()
    assert run.current == "swipe_left" and run.skipped == 1


def test_guided_sim_moves_only_on_the_expected_tap_and_the_right_text(lesson):
    run = logic.SimRun(step(lesson, "sim"))
    assert not run.tap("msg-vrai") and run.screen == "inbox" and run.wrong == 1
    # A field opens for typing: only the right text moves on, within the field's tolerance.
    assert run.tap("recherche") and run.typing == "recherche" and run.position == 0
    assert run.type_into("  ") == logic.Verdict(False, "Écrivez votre réponse avec le clavier.")
    assert run.wrong == 1  # an empty OK is not a mistake
    assert run.type_into("cols") == logic.Verdict(False, "Pas encore. Vérifiez chaque lettre.")
    assert run.value("recherche") == "cols" and run.screen == "inbox" and run.wrong == 2
    assert run.tap("recherche") and run.type_into("COLIS ").ok
    assert run.screen == "resultats" and run.typing is None and run.target == "msg-faux"
    assert run.tap("msg-faux") and run.screen == "message" and run.target == "supprimer"
    assert run.tap("supprimer") and run.finished


def test_a_wrong_tap_says_the_element_s_own_feedback_and_moves_nothing(lesson):
    run = logic.SimRun(step(lesson, "sim"))
    assert run.tap("recherche") and run.type_into("colis").ok and run.tap("msg-faux")
    assert run.screen == "message" and run.target == "supprimer"
    # « guidé »: the trap explains itself, then where to look; the exercise stays where it was.
    assert not run.tap("payer") and run.screen == "message" and run.position == 2 and run.wrong == 1
    assert run.miss("payer") == "Ne payez pas. C'est une arnaque au colis. Cherchez « Supprimer »."
    assert run.tap("supprimer") and run.finished  # retrying costs nothing


def test_without_feedback_a_wrong_tap_keeps_the_generic_message(lesson):
    run = logic.SimRun(step(lesson, "sim"))
    assert not run.tap("msg-vrai")
    assert run.miss("msg-vrai") == "Ce n'est pas ici. Cherchez « Rechercher un message »."


def test_autonomous_mode_names_the_target_only_after_two_wrong_taps(lesson):
    sim = step(lesson, "sim").model_copy(update={"mode": "autonome"})
    run = logic.SimRun(sim, screen="message", position=2)
    assert not run.tap("payer") and not run.guided
    assert run.miss("payer") == "Ne payez pas. C'est une arnaque au colis."
    assert not run.tap("texte") and run.guided
    assert run.miss("texte") == "Ce n'est pas ici. Cherchez « Supprimer »."
    assert run.miss("payer").startswith("Ne payez pas.")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ("D", "Demande rdv")),
        ("Dem", ("a", "ande rdv")),
        ("dem", ("a", "ande rdv")),  # case is tolerated: go on
        ("Demx", ("erase", "")),
        ("Demande", (" ", " rdv")),
        ("Demande r", ("d", "dv")),
        ("Demanderdv", ("ok", "")),  # spaces tolerated
        ("Demande rdv", ("ok", "")),
    ],
)
def test_guided_typing_names_the_next_key(typed, expected):
    tolerance = logic.Tolerance(case=True, spaces=True)
    assert logic.next_key(["Demande rdv"], tolerance, typed) == expected


def test_guided_typing_follows_the_answer_begun_and_accepts_free_text():
    strict = logic.Tolerance(case=False, accents=False, spaces=False)
    assert logic.next_key(["zoé@exemple.fr", "zoe@exemple.fr"], strict, "zoe") == ("@", "@exemple.fr")
    assert logic.next_key(["Merci"], strict, "m") == ("erase", "")  # case matters here
    assert logic.next_key([], strict, "") is None and logic.next_key([], strict, "Bonjour") == ("ok", "")


def test_resume_codes_round_trip_and_refuse_typos(lesson):
    code = encode_resume(lesson.id, 7)
    assert len(code) == 7 and code[3] == "-"
    assert not set(code.replace("-", "")) & set("01OI") and set(code.replace("-", "")) <= set(ALPHABET)
    assert find_resume(code.lower().replace("-", " "), [lesson]) == (lesson, 7)
    swapped = code[:-1] + next(c for c in ALPHABET if c != code[-1])
    with pytest.raises(CodeError, match="Vérifiez les lettres"):
        find_resume(swapped, [lesson])
    with pytest.raises(CodeError, match="6 signes"):
        decode_resume("K7M")
    with pytest.raises(CodeError, match="plus sur la borne"):
        find_resume(encode_resume("une-autre-lecon", 2), [lesson])
    # Every step of every lesson gets a different code.
    assert len({encode_resume(lesson.id, i) for i in range(len(lesson.steps))}) == len(lesson.steps)


def test_a_lesson_run_is_anonymous_and_counts_per_step(lesson):
    now = [0.0]
    run = LessonRun(lesson, start=3, clock=lambda: now[0], key="k" * 12)
    now[0] += 30
    run.wrong()
    run.hint()
    run.done()
    run.enter(4)
    now[0] += 12
    summary = run.summary()
    assert summary["lesson_id"] == lesson.id and not summary["completed"]
    assert summary["stopped_at"] == "choose-many"
    assert summary["steps"][0] == {
        "step_id": "choose-one",
        "index": 3,
        "seconds": 30.0,
        "wrong": 1,
        "hints": 1,
        "done": True,
        "dont_know": False,
        "title": "Une question",
    }
    assert summary["seconds"] == 42.0
    assert find_resume(run.resume_code(), [lesson]) == (lesson, 4)
    assert run.steps_done() == ["Une question", "Plusieurs réponses"]


def _session(title, kind, days):
    start = datetime(2026, 12, 1, 14, tzinfo=PARIS) + timedelta(days=days)
    return SimpleNamespace(
        start=start, end=start + timedelta(hours=2), kind=kind, title=title, place="Salle 2"
    )


def test_next_workshop_matches_keywords_without_accents():
    sessions = [
        _session("Permanence numérique", "permanence", 0),
        _session("La SECURITE sur Internet", "atelier", 3),
        _session("Les logiciels de traitement de texte", "atelier", 5),
    ]
    assert next_workshop(sessions, ["sécurité"]).title == "La SECURITE sur Internet"
    assert next_workshop(sessions, ["numérique"]) is None  # a permanence is not a workshop
    assert next_workshop(sessions, []) is None


def test_memo_escpos_decodes_to_the_recap_steps_qr_links_and_code(lesson):
    workshop = _session("La sécurité sur Internet", "atelier", 3)
    code = encode_resume(lesson.id, 5)
    receipt = lesson_memo(
        site_name="Médiathèque de test",
        lesson=lesson,
        steps_done=["Une boîte mail", "Une question"],
        resume_code=code,
        printed_at=datetime(2026, 11, 26, 15, 30, tzinfo=PARIS),
        workshop=workshop,
    )
    printed = decode_escpos(render_escpos(receipt, profile="TM-T88V", paper_width_mm=80))
    text = " ".join(printed.text.split())
    assert "Je ne touche pas les liens reçus par surprise." in text
    assert "Je ne donne jamais mes codes." in text
    assert "1. Une boîte mail" in text and "2. Une question" in text
    assert code in text
    assert "Prochain atelier sur ce thème" in text and "La sécurité sur Internet" in text
    assert "Vendredi 4 décembre 2026, 14 h – 16 h" in text
    assert printed.qr == ["https://www.33700.fr", "https://www.cybermalveillance.gouv.fr"]
    assert printed.cuts >= 1


def test_two_clues_side_by_side_keep_the_space_between_them():
    """Lesson 11's SMS: « Payez 1,99 € » and « avant ce soir » are two clues; the space stays."""
    from kiosk.content.lessons import DEFAULT_LESSONS_DIR, load_lesson

    sms, _problems = load_lesson(DEFAULT_LESSONS_DIR / "11-reperer-arnaque-sms" / "lesson.yaml")
    clues = next(s for s in sms.steps if s.type == "spot_the_clues")
    pieces = logic.segments(clues.message, list(clues.clues))
    body = "".join(p.text for p in pieces if p.part == "body")
    assert body == clues.message.body and "1,99 € avant ce soir" in body
