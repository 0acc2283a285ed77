"""The job queue's tasks keep their names however many apps a process builds."""

from app.importer import tasks


def test_a_second_app_in_one_process_keeps_the_task_names():
    first = tasks.make_app("postgresql+psycopg://u@/one?host=/tmp")
    second = tasks.make_app("postgresql+psycopg://u@/two?host=/tmp")
    expected = {
        "govclaims:import_url",
        "govclaims:import_file",
        "govclaims:poll_feed",
        "govclaims:enqueue_due_feeds",
        "govclaims:retry_stalled_jobs",
    }
    for app in (first, second):
        assert expected <= set(app.tasks)
        assert not any(name.startswith("govclaims:govclaims") for name in app.tasks)
    # Each app's tasks defer through that app, not through whichever was built last.
    assert first.tasks["govclaims:import_url"].blueprint is first


def test_a_worker_hands_its_tasks_its_own_importer_and_limits(importer):
    from app.importer.worker import worker_options

    quick = worker_options(importer, concurrency=1, heartbeat_s=1, stalled_after_s=2)
    slow = worker_options(importer, concurrency=1, heartbeat_s=1, stalled_after_s=60)
    assert quick["additional_context"] == {"importer": importer, "stalled_after_s": 2}
    # Each worker's options are its own: building one changes nothing of another.
    assert slow["additional_context"] == {"importer": importer, "stalled_after_s": 60}
    assert quick["additional_context"]["stalled_after_s"] == 2


def test_file_jobs_are_retried_on_the_importer_s_one_policy():
    from procrastinate.jobs import Job

    from app.importer.failures import JobTimeout, TargetError

    policy = tasks.PolicyRetry()
    job = Job(id=1, queue="import", lock=None, queueing_lock=None, task_name="t", attempts=0)
    assert policy.get_retry_decision(exception=TargetError("no"), job=job) is None
    assert policy.get_retry_decision(exception=ValueError("a bug"), job=job) is None
    decision = policy.get_retry_decision(exception=JobTimeout("slow"), job=job)
    assert decision is not None and decision.retry_at is not None


def test_a_file_job_past_its_limit_is_stopped_and_says_where_and_why(
    settings, session_factory, tmp_path, caplog
):
    import asyncio

    from procrastinate import JobContext
    from procrastinate.jobs import Job

    from app.importer.pipeline import Importer

    # A limit no job can meet: the job is over it before it reads a line.
    hurried = Importer(settings.model_copy(update={"job_timeout_s": 1e-9}), session_factory)
    upload = tmp_path / "claims.jsonl"
    upload.write_text('{"format": "claims-jsonl/1"}\n')
    context = JobContext(
        app=tasks.make_app("postgresql+psycopg://u@/one?host=/tmp"),
        job=Job(id=7, queue="import", lock=None, queueing_lock=None, task_name="t"),
        start_timestamp=0.0,
        additional_context=tasks.worker_context(hurried, stalled_after_s=30),
        abort_reason=lambda: None,
    )
    with caplog.at_level("WARNING", logger="app.importer.tasks"):
        result = asyncio.run(
            tasks.import_file(context, str(upload), name="claims.jsonl", delete_after=True)
        )
    assert result == "imported 0, updated 0, unchanged 0, rejected 1"
    assert "job 7: claims.jsonl: rejected claims.jsonl: not imported: the job took longer" in (
        caplog.text
    )
    assert not upload.exists()
