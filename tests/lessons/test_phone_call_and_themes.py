"""The phone_call step (a fake call to answer, then hang up on) and the lesson themes: `kiosk lessons
check` reports their mistakes at their line; a call moves on only on right replies."""

from __future__ import annotations

from pathlib import Path

from test_lesson_loading import GOOD, write

from kiosk.cli import main
from kiosk.content.lessons import load_lesson, load_lessons
from kiosk.domain.lesson_call import CallRun, PhoneCallStep

CALL = """\
  - id: appel
    type: phone_call
    title: Un faux conseiller
    caller: Service fraude
    turns:
      - says: Un paiement bizarre est en cours.
        replies:
          - {id: ecouter, text: J'écoute., correct: true, feedback: Oui.}
          - {id: raccrocher, text: Raccrocher, hang_up: true, feedback: Pas encore.}
      - says: Donnez-moi le code reçu par SMS.
        replies:
          - {id: donner, text: Je donne le code., feedback: Non !}
          - {id: fin, text: Raccrocher, correct: true, hang_up: true, feedback: Oui !}
"""


def lesson_text(steps: str = CALL, head: str = "") -> str:
    return GOOD.format(id="appel-lecon", order=1).replace("steps:\n", head + "steps:\n" + steps)


def test_a_call_moves_on_only_on_right_replies_and_ends_when_hung_up(tmp_path):
    lesson, problems = load_lesson(write(tmp_path, "01-appel", lesson_text()))
    assert problems == []
    step = lesson.steps[0]
    assert isinstance(step, PhoneCallStep)
    run = CallRun(step)
    assert run.reply("raccrocher") == (False, "Pas encore.") and run.turn == 0
    assert run.reply("ecouter") == (True, "Oui.") and run.turn == 1 and not run.finished
    assert run.right_reply().id == "fin"
    assert run.reply("donner") == (False, "Non !") and not run.finished
    assert run.reply("fin") == (True, "Oui !") and run.finished and run.hung_up


def test_hanging_up_before_the_last_turn_is_reported_at_its_line(tmp_path, capsys):
    early = CALL.replace("{id: ecouter, text: J'écoute., correct: true,", "{id: ecouter, text: J'écoute.,")
    early = early.replace(
        "hang_up: true, feedback: Pas encore.", "correct: true, hang_up: true, feedback: Oui."
    )
    path = write(tmp_path, "01-appel", lesson_text(early))
    assert main(["lessons", "check", str(path)]) == 1
    out = capsys.readouterr().out
    line = early.splitlines().index("        replies:") + 1 + lesson_text().splitlines().index("steps:")
    assert f"{path}:{line + 1}: steps[0].turns[0].replies: turn 1: the right reply hangs up" in out


def test_two_right_replies_are_reported(tmp_path, capsys):
    two = CALL.replace(
        "text: Je donne le code., feedback", "text: Je donne le code., correct: true, feedback"
    )
    path = write(tmp_path, "01-appel", lesson_text(two))
    assert main(["lessons", "check", str(path)]) == 1
    assert "steps[0].turns[1].replies: exactly one reply of each turn must have correct: true, found 2" in (
        capsys.readouterr().out
    )


def test_an_unknown_theme_and_a_shared_first_visit_place_are_reported(tmp_path, capsys):
    write(tmp_path, "01-a", lesson_text(head="theme: cuisine\n"))
    assert main(["lessons", "check", str(tmp_path)]) == 1
    assert "theme: input should be 'premiers-pas'" in capsys.readouterr().out
    root = tmp_path / "two"
    write(root, "01-a", lesson_text(head="theme: mails\nfirst_visit: 1\n"))
    second = lesson_text(head="theme: mails\nfirst_visit: 1\n").replace("appel-lecon", "autre")
    write(root, "02-b", second)
    line = second.splitlines().index("first_visit: 1") + 1
    index = load_lessons(Path(root), log_problems=False)
    assert len(index.lessons) == 2
    assert index.problems == [
        f"{root}/02-b/lesson.yaml:{line}: first_visit: 1 is already the place of 'appel-lecon'"
    ]
