"""One Kivy widget per lesson step type; ``view_for(step, host)`` builds the right one. Main thread only."""

from __future__ import annotations

from typing import Any

from kiosk.domain.lesson_steps import STEP_TYPES, Step
from kiosk.ui.steps.base import StepView
from kiosk.ui.steps.call import PhoneCallView
from kiosk.ui.steps.content import HandoutStepView, RecapStepView, TextStepView
from kiosk.ui.steps.drills import GestureDrillView, OrderStepsView
from kiosk.ui.steps.forms import FormFillView
from kiosk.ui.steps.messages import SafeOrScamView, SpotTheCluesView
from kiosk.ui.steps.pictures import TapTargetView
from kiosk.ui.steps.questions import CheckpointView, ChooseManyView, ChooseOneView
from kiosk.ui.steps.sim import GuidedSimView
from kiosk.ui.steps.typing import TypeTextView

VIEWS: dict[str, type[StepView]] = {
    "explain": TextStepView,
    "tip": TextStepView,
    "warning": TextStepView,
    "recap": RecapStepView,
    "choose_one": ChooseOneView,
    "choose_many": ChooseManyView,
    "tap_target": TapTargetView,
    "type_text": TypeTextView,
    "form_fill": FormFillView,
    "spot_the_clues": SpotTheCluesView,
    "safe_or_scam": SafeOrScamView,
    "order_steps": OrderStepsView,
    "gesture_drill": GestureDrillView,
    "guided_sim": GuidedSimView,
    "phone_call": PhoneCallView,
    "checkpoint": CheckpointView,
    "handout": HandoutStepView,
}
assert set(VIEWS) == set(STEP_TYPES), "every step type needs its widget"


def view_for(step: Step, host: Any) -> StepView:
    """The widget of ``step`` (an explain view for a type this kiosk does not know)."""
    return VIEWS.get(step.type, TextStepView)(step, host)
