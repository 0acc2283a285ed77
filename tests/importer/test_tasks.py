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
