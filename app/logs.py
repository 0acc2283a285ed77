"""Console logging for the long-running commands: what a person watching needs, no chatter."""

from __future__ import annotations

import logging

# Names of the periodic tasks, whose every-minute start and finish say nothing new.
_PERIODIC_TASKS = ("enqueue_due_feeds", "retry_stalled_jobs")
# Loggers that narrate set-up details (pg_ctl calls, task registration) at INFO.
_SET_UP_LOGGERS = ("pgserver", "procrastinate.blueprints", "procrastinate.periodic")
_WORKER_LOGGERS = ("procrastinate.worker", "procrastinate.worker.worker")


class _PeriodicChatter(logging.Filter):
    """Demote INFO records about periodic jobs to DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO and any(
            name in record.getMessage() for name in _PERIODIC_TASKS
        ):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


def configure_logging(level: str, *, timestamps: bool = False) -> None:
    """Log at level; below DEBUG, set-up narration and periodic jobs stay quiet."""
    fmt = "%(asctime)s " if timestamps else ""
    logging.basicConfig(level=level, format=fmt + "%(levelname)s %(name)s: %(message)s")
    if level == "DEBUG":
        return
    for name in _SET_UP_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in _WORKER_LOGGERS:
        logging.getLogger(name).addFilter(_PeriodicChatter())
