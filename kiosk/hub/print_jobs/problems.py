"""What the hub says about kiosks and their printers: silent kiosks, printers off or out of paper, failed
jobs (sentences for the dashboard banner) and one line of what a kiosk reported about itself."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.hub.print_jobs.jobs import HEALTH_SILENT_AFTER
from kiosk.hub.print_jobs.sql import KioskHealth
from kiosk.hub.state import HubState
from kiosk.i18n import _

SCREEN = {"on": "écran allumé", "off": "écran en veille", "attract": "écran d'accueil"}


def kiosk_about(health: KioskHealth) -> str:
    """One line of what a kiosk said of itself: version, time since it started, screen, clock."""
    parts = []
    if health.version:
        parts.append(_("version {v}").format(v=health.version))
    if health.uptime_s is not None:
        hours, minutes = divmod(health.uptime_s // 60, 60)
        parts.append(_("allumée depuis {h} h {m:02d}").format(h=hours, m=minutes))
    if health.screen in SCREEN:
        parts.append(_(SCREEN[health.screen]))
    if health.clock == "wrong":
        parts.append(_("horloge fausse"))
    return " · ".join(parts)


def silent_kiosks(hub: HubState) -> list[str]:
    """A sentence for each kiosk that stopped reporting (no report for ``HEALTH_SILENT_AFTER``)."""
    now = hub.clock()
    jobs = hub.print_jobs
    return [
        _("Borne « {k} » : plus de nouvelles depuis {t}. Vérifiez qu'elle est allumée.").format(
            k=health.kiosk_id, t=local_hhmm(datetime.fromisoformat(health.reported_at), hub)
        )
        for health in jobs.health()
        if now - datetime.fromisoformat(health.reported_at) > HEALTH_SILENT_AFTER
    ]


FAILED_JOB_SHOWN = timedelta(hours=2)


def printer_problems(hub: HubState) -> list[str]:
    """Short plain-French sentences for the dashboard banner: printers off or out of paper, a kiosk
    whose clock is wrong (its tickets print without the date), and jobs that failed in the last two
    hours (one sentence a kiosk). Empty when all is well."""
    problems: dict[str, str] = {}
    jobs = hub.print_jobs
    for health in jobs.health():
        if health.paper == "out":
            problems[health.kiosk_id] = _("Borne « {k} » : il n'y a plus de papier.").format(
                k=health.kiosk_id
            )
        elif health.online is False:
            problems[health.kiosk_id] = _("Borne « {k} » : l'imprimante ne répond pas.").format(
                k=health.kiosk_id
            )
        elif health.clock == "wrong":
            problems[health.kiosk_id] = _(
                "Borne « {k} » : son horloge est fausse, les tickets sortent sans la date."
            ).format(k=health.kiosk_id)
    since = hub.clock() - FAILED_JOB_SHOWN
    for job in jobs.recent(20):
        finished = datetime.fromisoformat(job.finished_at) if job.finished_at else None
        if job.status == "failed" and finished is not None and finished >= since:
            problems.setdefault(
                job.kiosk_id, _("Borne « {k} » : un ticket n'est pas sorti.").format(k=job.kiosk_id)
            )
    return [problems[k] for k in sorted(problems)]


def local_hhmm(moment: datetime, hub: HubState) -> str:
    """« 03/12 10:15 » in the site's zone; "?" for a moment no calendar can show (year 1 minus an offset)."""
    try:
        local = moment.astimezone(ZoneInfo(hub.config.site.timezone))
    except (OverflowError, ValueError):
        return "?"
    return f"{local:%d/%m %H:%M}"
