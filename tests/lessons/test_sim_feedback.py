"""guided_sim ``feedback``: a feedback nobody could ever see is reported by ``kiosk lessons check`` at its
``file:line``; shipped simulations explain their tempting wrong targets in short sentences."""

from __future__ import annotations

from kiosk.cli import main
from kiosk.content.lessons import DEFAULT_LESSONS_DIR, load_lesson, load_lessons
from kiosk.domain.lesson_steps import GuidedSimStep
from kiosk.domain.step_logic import SimRun

HEAD = """\
schema_version: 1
id: pieges
title: Des pièges
summary: Des pièges à éviter.
objectives: [J'évite les pièges.]
level: debutant
duration_min: 8
order: 1
steps:
"""

SIM = """\
  - id: {id}
    type: guided_sim
    title: Choisir
    app: browser
    task: Ouvrez le site officiel.
    start: resultats
    screens:
      - id: resultats
        title: Résultats
        elements:
          - id: annonce
            kind: item
            label: Annonce
            feedback: {annonce}
          - id: officiel
            kind: item
            label: www.service-public.gouv.fr
            goto: demarche
            feedback: {officiel}
      - id: demarche
        title: La démarche
        elements:
          - id: texte
            kind: text
            label: Gratuit.
            feedback: {texte}
          - id: payer
            kind: button
            label: Payer
            feedback: {payer}
      - id: cachee
        title: Jamais ouverte
        elements:
          - id: lien
            kind: link
            label: Un lien
            feedback: {lien}
    expect: [officiel]
"""

FINE = {
    "annonce": "C'est une publicité.",
    "officiel": '""',
    "texte": '""',
    "payer": '""',
    "lien": '""',
}


def sim(step_id: str, **bad: str) -> str:
    return SIM.format(id=step_id, **{**FINE, **bad})


BROKEN = (
    HEAD
    + sim("cible", officiel="Touchez ici.")
    + sim("texte", texte="Un texte ne se touche pas.")
    + sim("apres", payer="Ne payez pas.")
    + sim("cachee", lien="Ce lien est piégé.")
    + sim("longue", annonce="Une phrase beaucoup trop longue pour un écran. " * 4)
)


def test_a_feedback_nobody_can_see_is_reported_at_its_line(tmp_path, capsys):
    path = tmp_path / "pieges" / "lesson.yaml"
    path.parent.mkdir()
    path.write_text(BROKEN, encoding="utf-8")
    lines = BROKEN.splitlines()

    def line_of(fragment: str, step: str) -> int:
        start = lines.index(f"  - id: {step}")
        return next(n for n, line in enumerate(lines, start=1) if n > start + 1 and fragment in line)

    _lesson, problems = load_lesson(path)

    def at(step: int, screen: int, element: int) -> str:
        return f"steps[{step}].screens[{screen}].elements[{element}]"

    expected = [
        f"{path}:{line_of('feedback: Touchez ici.', 'cible')}: {at(0, 0, 1)}.feedback: "
        "feedback of 'officiel' is never shown: it is the next target each time it is on screen",
        f"{path}:{line_of('- id: texte', 'texte')}: {at(1, 1, 0)}: "
        "feedback: a text (kind: text) is not tapped, its feedback is never shown",
        # The last target opens « demarche », but the exercise is over then: nobody taps « payer ».
        f"{path}:{line_of('feedback: Ne payez pas.', 'apres')}: {at(2, 1, 1)}.feedback: "
        "feedback of 'payer' is never shown: screen 'demarche' does not open before the exercise ends",
        f"{path}:{line_of('feedback: Ce lien', 'cachee')}: {at(3, 2, 0)}.feedback: "
        "feedback of 'lien' is never shown: screen 'cachee' does not open before the exercise ends",
        f"{path}:{line_of('feedback: Une phrase', 'longue')}: {at(4, 0, 0)}.feedback: "
        "string should have at most 140 characters, got 'Une phrase beaucoup trop longue",
    ]
    assert [p[: len(e)] for p, e in zip(problems, expected, strict=True)] == expected
    assert main(["lessons", "check", str(path.parent)]) != 0
    assert f"{path}:{line_of('feedback: Touchez ici.', 'cible')}:" in capsys.readouterr().out


EARLY = """\
  - id: tot
    type: guided_sim
    title: Répondre
    app: mailbox
    task: Écrivez oui, puis envoyez.
    start: reponse
    screens:
      - id: reponse
        title: Réponse
        elements:
          - {id: ecrire, kind: field, label: Votre texte, answers: [oui]}
          - id: envoyer
            kind: button
            label: Envoyer
            feedback: Écrivez d'abord votre texte.
    expect: [ecrire, envoyer]
"""


def test_a_target_tapped_too_early_may_explain_itself(tmp_path):
    """« Envoyer » before the text is written: it is in expect, yet its feedback can be shown."""
    path = tmp_path / "tot" / "lesson.yaml"
    path.parent.mkdir()
    path.write_text(HEAD + EARLY, encoding="utf-8")
    lesson, problems = load_lesson(path)
    assert problems == [] and lesson is not None
    run = SimRun(lesson.steps[0])
    assert not run.tap("envoyer") and run.target == "ecrire"
    assert run.miss("envoyer") == "Écrivez d'abord votre texte. Cherchez « Votre texte »."


def test_shipped_simulations_explain_their_traps():
    """Lesson 06's wrong results, and the tempting buttons of other lessons, each say why."""
    explained: dict[str, dict[str, str]] = {}
    for lesson in load_lessons(DEFAULT_LESSONS_DIR).lessons:
        for step in lesson.steps:
            if isinstance(step, GuidedSimStep):
                for screen in step.screens:
                    for element in screen.elements:
                        if element.feedback:
                            explained.setdefault(lesson.id, {})[element.id] = element.feedback
    search = explained["chercher-information"]
    assert search["res-sosie"] == "Ce site finit par .info, pas par gouv.fr. Il fait payer."
    assert {"res-annonce", "res-forum", "rechercher"} <= set(search)
    assert {"installer-application", "lire-ecrire-mail", "pieces-jointes", "fichiers-photos"} <= set(
        explained
    )
    all_feedback = [f for by_el in explained.values() for f in by_el.values()]
    assert len(all_feedback) == len(set(all_feedback)) >= 12  # each says its own thing
