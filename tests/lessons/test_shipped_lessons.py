"""Shipped lessons: a curriculum of 15+ valid French lessons covering PRODUCT.md, in plain short sentences,
with pictures drawn by lessons/_tools (zones matching the drawing); the README documents every step type."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from PIL import Image, ImageChops
from pydantic import TypeAdapter
from ruamel.yaml import YAML

from kiosk.cli import main
from kiosk.content.agenda_source import WORKSHOP_DETAILS
from kiosk.content.lessons import DEFAULT_LESSONS_DIR, load_lessons
from kiosk.domain.lesson_steps import (
    PRACTICE_TYPES,
    STEP_TYPES,
    CheckpointStep,
    ChooseManyStep,
    ChooseOneStep,
    GuidedSimStep,
    HandoutStep,
    PhoneCallStep,
    RecapStep,
    SafeOrScamStep,
    SpotTheCluesStep,
    Step,
    TapTargetStep,
    TypeTextStep,
    _PracticeStep,
    _TextStep,
)

INDEX = load_lessons(DEFAULT_LESSONS_DIR)
LESSONS = INDEX.lessons
README = (DEFAULT_LESSONS_DIR / "README.md").read_text(encoding="utf-8")
BY_ID = {lesson.id: lesson for lesson in LESSONS}

# Every topic of PRODUCT.md (and of issue 3) → the lessons that teach it.
TOPICS = {
    "using the touchscreen": ["ecran-tactile"],
    "the on-screen keyboard": ["clavier-ecran"],
    "smartphone basics": ["smartphone"],
    "installing an app safely": ["installer-application"],
    "browsing": ["naviguer-internet"],
    "searching and choosing a reliable result": ["chercher-information"],
    "telling a fake news": ["fausse-information"],
    "creating an e-mail address": ["creer-adresse-mail"],
    "reading, writing, replying to e-mail": ["lire-ecrire-mail"],
    "e-mail attachments": ["pieces-jointes"],
    "spotting phishing SMS": ["reperer-arnaque-sms"],
    "spotting phishing e-mails": ["reperer-faux-mail"],
    "passwords and two-step verification": ["mots-de-passe"],
    "files and photos": ["fichiers-photos"],
    "writing a letter with a word processor": ["lettre-traitement-texte"],
    "printing or scanning at the médiathèque": ["imprimer-scanner"],
    "filling an online form": ["formulaire-en-ligne"],
    "logging in with FranceConnect": ["franceconnect"],
    "writing a CV": ["ecrire-cv"],
    # issue 13: démarches, small businesses, security, e-mail, devices
    "health insurance account: certificate and refunds": ["compte-ameli"],
    "family benefits: declaring resources": ["ressources-caf"],
    "income tax: checking a pre-filled return": ["declaration-impots"],
    "job-seeker's monthly update": ["actualisation-france-travail"],
    "identity or vehicle document request": ["titres-ants"],
    "booking a medical appointment online": ["rendez-vous-medical"],
    "a business listing on a map service": ["fiche-commerce"],
    "a page for a shop on a social network": ["page-commerce"],
    "micro-entrepreneur: declaring turnover": ["chiffre-affaires"],
    "invoices and e-mail etiquette with customers": ["factures-clients"],
    "updates and photo backups": ["mises-a-jour-sauvegardes"],
    "fake support call, fake delivery text, SMS codes never given": ["faux-appel-faux-sms"],
    "paying online safely, public Wi-Fi": ["payer-en-ligne"],
    "mail folders, search, unsubscribing, spam": ["ranger-mails"],
    "sending a photo from the phone, scanning a QR code": ["photo-qr-code"],
    "a tablet's first steps, a video call with family": ["tablette-appel-video"],
}
# Official sites only on the printed memo (QR codes).
OFFICIAL_HOSTS = (
    "gouv.fr",
    "33700.fr",
    "francetravail.fr",
    "clemi.fr",
    "signal-spam.fr",
    "ameli.fr",
    "caf.fr",
    "sante.fr",
    "urssaf.fr",
)
# Lessons adapted from the Cybermalveillance.gouv.fr kit.
CYBERMALVEILLANCE = {
    "reperer-arnaque-sms",
    "reperer-faux-mail",
    "mots-de-passe",
    "installer-application",
    "mises-a-jour-sauvegardes",
    "faux-appel-faux-sms",
    "payer-en-ligne",
    "photo-qr-code",
}
# Sentences allowed over 12 words (keep tiny): none today.
LONG_SENTENCES_ALLOWED: set[str] = set()
MAX_PICTURE_BYTES = 100_000


def _tools():
    """lessons/_tools/draw_illustrations.py as a module (it is a script folder, not a package)."""
    path = DEFAULT_LESSONS_DIR / "_tools" / "draw_illustrations.py"
    spec = importlib.util.spec_from_file_location("draw_illustrations", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("draw_illustrations", module)
    spec.loader.exec_module(module)
    return module


def test_every_shipped_lesson_loads_and_the_cli_says_ok(capsys):
    assert INDEX.problems == []
    assert len(LESSONS) >= 15
    assert main(["lessons", "check"]) == 0
    assert capsys.readouterr().out.strip() == f"{len(LESSONS)} lessons OK"


def test_lessons_form_an_ordered_curriculum():
    orders = [lesson.order for lesson in LESSONS]
    assert orders == sorted(set(orders)), "each lesson has its own place"
    assert [lesson.id for lesson in LESSONS][:2] == ["ecran-tactile", "clavier-ecran"]
    for lesson in LESSONS:
        assert lesson.folder is not None
        assert lesson.folder.name.startswith(f"{lesson.order:02d}-"), "folder number follows the order"


def test_every_product_topic_has_its_lesson():
    for topic, ids in TOPICS.items():
        assert ids and all(i in BY_ID for i in ids), topic
    taught = {i for ids in TOPICS.values() for i in ids}
    assert taught == set(BY_ID), "every lesson is mapped to a topic, every topic to a lesson"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_lesson_shape(lesson):
    kinds = [step.type for step in lesson.steps]
    assert 8 <= lesson.duration_min <= 20
    assert set(kinds) & (PRACTICE_TYPES - {"checkpoint"}), "at least one practice step"
    assert "recap" in kinds
    assert kinds[-1] == "handout"
    ids = {step.id for step in lesson.steps}
    checkpoints = [s for s in lesson.steps if isinstance(s, CheckpointStep)]
    assert len(checkpoints) == 1
    assert checkpoints[0].review in ids and checkpoints[0].mastery < len(checkpoints[0].questions) + 1
    for step in lesson.steps:
        if isinstance(step, _PracticeStep) and not isinstance(step, CheckpointStep):
            assert step.hints or isinstance(step, ChooseOneStep), f"{step.id}: a hint ladder"


def test_the_curriculum_has_33_lessons_most_of_them_practice():
    """Issue 13: 33 lessons or more; in each lesson written for it (order 20 on), at least half of the
    steps are practice, not explanation."""
    assert len(LESSONS) >= 33
    for lesson in LESSONS:
        if lesson.order >= 20:
            practice = [s for s in lesson.steps if s.type in PRACTICE_TYPES]
            assert 2 * len(practice) >= len(lesson.steps), lesson.id


def test_every_lesson_has_a_theme_and_the_first_visit_path_starts_at_the_touchscreen():
    from kiosk.domain.lesson_themes import all_themes

    themes = {t.id for t in all_themes()}
    assert all(lesson.theme in themes for lesson in LESSONS)
    assert {lesson.theme for lesson in LESSONS} == themes, "no empty theme on « Apprendre »"
    path = sorted((lesson for lesson in LESSONS if lesson.first_visit), key=lambda lesson: lesson.first_visit)
    assert [lesson.first_visit for lesson in path] == list(range(1, len(path) + 1))
    assert [lesson.id for lesson in path][:2] == ["ecran-tactile", "clavier-ecran"]
    assert 5 <= len(path) <= 10


def test_the_curriculum_uses_every_step_type():
    used = {step.type for lesson in LESSONS for step in lesson.steps}
    assert used == set(STEP_TYPES)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_memo_links_to_official_sites_the_lesson_names(lesson):
    handout = lesson.steps[-1]
    assert isinstance(handout, HandoutStep) and handout.qr_links
    words = " ".join(_texts(lesson)).lower()
    for link in handout.qr_links:
        host = urlparse(link.url).hostname or ""
        assert host.endswith(OFFICIAL_HOSTS), link.url
        named = host.removeprefix("www.")
        assert named in words, f"the lesson names {named} before printing its QR code"


def test_adapted_content_credits_cybermalveillance_under_licence_ouverte():
    for lesson in LESSONS:
        credited = [s for s in lesson.sources if s.org == "Cybermalveillance.gouv.fr"]
        assert all(s.license == "Licence Ouverte 2.0" for s in credited)
        if lesson.id in CYBERMALVEILLANCE:
            assert credited, lesson.id


def test_each_demo_workshop_finds_its_lessons():
    for title, _theme, _level in WORKSHOP_DETAILS:
        matching = [
            lesson.id for lesson in LESSONS if any(k.lower() in title.lower() for k in lesson.agenda_keywords)
        ]
        assert matching, title


def _texts(lesson) -> list[str]:
    """Every sentence a resident reads or hears in the lesson (not option labels such as addresses)."""
    texts = [lesson.summary, *lesson.objectives]
    for step in lesson.steps:
        if isinstance(step, _TextStep):
            texts += [step.text, step.alt]
        elif isinstance(step, RecapStep):
            texts += step.bullets
        elif isinstance(step, HandoutStep):
            texts.append(step.text)
        if isinstance(step, _PracticeStep):
            texts += [step.text, *step.hints]
        if isinstance(step, ChooseOneStep | ChooseManyStep):
            texts += [step.question, *(o.feedback for o in step.options)]
        elif isinstance(step, CheckpointStep):
            for question in step.questions:
                texts += [question.question, *(o.feedback for o in question.options)]
        elif isinstance(step, TapTargetStep):
            texts += [step.alt, *(z.feedback for z in step.zones)]
        elif isinstance(step, SpotTheCluesStep):
            texts += [c.explain for c in step.clues]
        elif isinstance(step, SafeOrScamStep):
            texts += [item.explain for item in step.items]
        elif isinstance(step, TypeTextStep):
            texts += [step.success, *(c.message for c in step.checks)]
        elif isinstance(step, PhoneCallStep):
            texts += [step.success]
            for turn in step.turns:
                texts += [turn.says, *(r.feedback for r in turn.replies)]
        elif isinstance(step, GuidedSimStep):
            fields = [e for s in step.screens for e in s.elements if e.kind == "field"]
            texts += [
                step.success,
                *(e.prompt for e in fields),
                *(c.message for e in fields for c in e.checks),
                *(e.feedback for s in step.screens for e in s.elements),
            ]
    return [t for t in texts if t]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_sentences_are_short(lesson):
    too_long = []
    for text in _texts(lesson):
        for sentence in re.split(r"(?<=[.!?…])\s+", text):
            words = [w for w in sentence.split() if re.search(r"\w", w)]
            if len(words) > 12 and sentence not in LONG_SENTENCES_ALLOWED:
                too_long.append(sentence)
    assert too_long == []


def test_sentence_check_catches_a_long_sentence():
    lesson = BY_ID["ecran-tactile"]
    longer = lesson.model_copy(update={"summary": " ".join(["mot"] * 13) + "."})
    assert any(len(s.split()) > 12 for s in _texts(longer))


def test_practice_data_is_fictional():
    """E-mail addresses in lessons are invented (exemple.fr or an obviously fake .info)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in DEFAULT_LESSONS_DIR.glob("*/lesson.yaml"))
    addresses = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    assert addresses
    assert [a for a in addresses if not a.endswith(("exemple.fr", ".info"))] == []
    assert "Camille Exemple" in text


def _pictures() -> set[Path]:
    return {p for p in DEFAULT_LESSONS_DIR.glob("*/media/*") if p.is_file()}


def test_every_picture_is_used_exists_and_is_small():
    used = {lesson.folder / image for lesson in LESSONS for _, image in lesson.images()}
    assert used <= _pictures(), "every picture a lesson names exists"
    assert _pictures() - used == set(), "no unused picture"
    for path in used:
        assert path.stat().st_size <= MAX_PICTURE_BYTES, path
        with Image.open(path) as image:
            assert image.width <= 960 and image.height <= 600, path


def test_pictures_and_zones_match_the_drawing_code():
    """The committed PNGs are what lessons/_tools draws, and tap zones are the drawn boxes."""
    pictures = _tools().PICTURES
    drawn_files = {
        DEFAULT_LESSONS_DIR / f / "media" / f"{n}.png" for f, names in pictures.items() for n in names
    }
    assert drawn_files == _pictures()
    zones_by_file = {}
    for folder, names in pictures.items():
        for name, draw in names.items():
            image, zones = draw()
            zones_by_file[(folder, f"media/{name}.png")] = zones
            with Image.open(DEFAULT_LESSONS_DIR / folder / "media" / f"{name}.png") as committed:
                diff = ImageChops.difference(committed.convert("RGB"), image.convert("RGB"))
                assert diff.getbbox() is None, f"{folder}/{name}.png: run draw_illustrations.py"
    checked = 0
    for lesson in LESSONS:
        for step in lesson.steps:
            if isinstance(step, TapTargetStep):
                drawn = zones_by_file[(lesson.folder.name, step.image)]
                for zone in step.zones:
                    assert zone.rect == drawn[zone.id], f"{lesson.id}/{step.id}/{zone.id}"
                    checked += 1
    assert checked >= 10


def test_every_step_type_is_documented_in_the_readme():
    undocumented = [t for t in STEP_TYPES if f"### `{t}`" not in README or f"type: {t}\n" not in README]
    assert undocumented == []


def test_readme_step_examples_are_valid():
    adapter = TypeAdapter(Step)
    blocks = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)
    steps = [b for b in blocks if b.startswith("  - id:")]
    assert len(steps) >= len(STEP_TYPES)
    seen = set()
    for block in steps:
        for item in YAML(typ="safe").load(block):
            seen.add(adapter.validate_python(item).type)
    assert seen == set(STEP_TYPES)


def test_the_schema_and_the_list_of_step_types_agree():
    from typing import get_args

    union = get_args(get_args(Step)[0])
    assert sorted(get_args(m.model_fields["type"].annotation)[0] for m in union) == sorted(STEP_TYPES)


def test_residents_type_into_simulated_fields_in_several_lessons():
    """Where a real resident would type (an address, a subject, a search), the simulation's field has
    answers: it opens the keyboard and checks what was typed."""
    typed = {
        lesson.id: [
            e.id
            for st in lesson.steps
            if isinstance(st, GuidedSimStep)
            for s in st.screens
            for e in s.elements
            if e.kind == "field" and e.answers
        ]
        for lesson in LESSONS
    }
    assert {"installer-application", "lire-ecrire-mail", "chercher-information"} <= {
        k for k, v in typed.items() if v
    }
    assert {"champ-a", "champ-objet", "zone-texte"} <= set(typed["lire-ecrire-mail"])


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_every_simulation_can_be_done_by_tapping_and_typing(lesson):
    """Each guided_sim ends when its targets are tapped in order and its fields get their first answer;
    a wrong text in a field never moves the exercise on."""
    from kiosk.domain.step_logic import SimRun

    for sim in [s for s in lesson.steps if isinstance(s, GuidedSimStep)]:
        run = SimRun(sim)
        while not run.finished:
            target = run.target
            assert run.tap(target), (sim.id, target)
            if run.typing is not None:
                field = run.element(target)
                if field.answers:
                    assert not run.type_into("zzz").ok and run.target == target
                    assert run.tap(target)
                assert run.type_into(field.answers[0] if field.answers else field.detail or "texte").ok


def test_every_field_of_the_schema_is_documented_in_the_readme():
    """Each key a librarian can write in a step (at any depth) is named in lessons/README.md as `key`."""
    from pydantic import BaseModel

    seen: set[str] = set()

    def keys(model: type[BaseModel]) -> None:
        for name, info in model.model_fields.items():
            if name in seen:
                continue
            seen.add(name)
            for arg in _models_in(info.annotation):
                keys(arg)

    for model in _models_in(Step):
        keys(model)
    undocumented = sorted(k for k in seen - {"type", "id", "title"} if f"`{k}`" not in README)
    assert undocumented == []


def _models_in(annotation) -> list:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]
