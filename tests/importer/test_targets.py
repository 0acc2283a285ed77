"""What an import target is, decided once; a bad target or a job over its limit is
reported with where and why, and everything good beside it is kept."""

from __future__ import annotations

import itertools
import json

import pytest
from sqlalchemy import text

from app.importer.failures import Deadline, TargetError, Verdict, retry_in_s
from app.importer.targets import Kind, Target, TargetImporter, decide, decide_file, sniff
from tests.importer.test_feeds_and_pages import page
from tests.importer.test_interchange_import import _line

SAID = b"Anthropic said governments should pause frontier AI development."


def ticking(start: float = 0.0):  # type: ignore[no-untyped-def]
    """A clock that moves on one second each time it is read."""
    counter = itertools.count(start)
    return lambda: float(next(counter))


@pytest.mark.parametrize(
    "name, kind",
    [
        ("claims.jsonl", Kind.JSONL),
        ("claims.ndjson", Kind.JSONL),
        ("page.html", Kind.HTML),
        ("page.HTM", Kind.HTML),
        ("note.txt", Kind.TEXT),
        ("note.md", Kind.TEXT),
        ("README", Kind.TEXT),
    ],
)
def test_a_file_is_decided_by_its_name(tmp_path, name, kind):
    path = tmp_path / name
    path.write_bytes(b"x")
    assert decide(str(path)) == Target(kind, str(path), name)


def test_addresses_standard_input_folders_and_feeds_are_decided_by_what_they_are(tmp_path):
    assert decide("https://example.org/a").kind is Kind.URL
    assert decide("http://example.org/a").kind is Kind.URL
    assert decide("-") == Target(Kind.STDIN, "-", "stdin")
    assert decide(str(tmp_path)).kind is Kind.FOLDER
    assert decide("https://example.org/feed.xml", feed=True).kind is Kind.FEED


def test_an_upload_is_decided_by_its_own_name_not_the_spooled_file(tmp_path):
    spooled = tmp_path / "upload-3f9a"
    spooled.write_bytes(b"{}")
    assert decide_file(spooled, name="claims.jsonl") == Target(
        Kind.JSONL, str(spooled), "claims.jsonl"
    )


def test_a_missing_path_and_an_unknown_file_type_are_refused_with_the_reason(tmp_path):
    with pytest.raises(TargetError, match="does not exist"):
        decide(str(tmp_path / "nowhere.txt"))
    program = tmp_path / "evil.exe"
    program.write_bytes(b"MZ")
    with pytest.raises(TargetError, match=r"unsupported file type '\.exe'"):
        decide(str(program))


def test_standard_input_is_claims_jsonl_only_when_it_starts_like_it():
    assert sniff(b'  {"format": "claims-jsonl/1", "url": "u"}\n') is Kind.JSONL
    assert sniff(SAID) is Kind.TEXT


def test_a_bad_file_in_a_folder_is_named_with_its_reason_and_the_good_ones_are_kept(
    importer, tmp_path, db
):
    (tmp_path / "a-note.txt").write_bytes(SAID)
    (tmp_path / "b-evil.exe").write_bytes(b"MZ")
    (tmp_path / "c-page.html").write_bytes(page())
    summary = TargetImporter(importer).run(decide(str(tmp_path)))
    assert (summary.imported, summary.rejected) == (2, 1)
    assert summary.problems == [
        ("b-evil.exe", "unsupported file type '.exe' (use .txt, .html or .jsonl)")
    ]


def test_an_address_that_fails_is_named_with_the_server_s_answer(importer, server):
    gone = server.add("/targets/gone", b"no", status=404)
    summary = TargetImporter(importer).run(decide(gone))
    assert summary.rejected == 1
    where, why = summary.problems[0]
    assert where == gone and "404" in why


def test_a_claims_jsonl_job_over_its_limit_stops_at_a_line_it_names_and_keeps_the_lines_before(
    importer, tmp_path, db
):
    urls = [f"https://example.org/limit/{n}" for n in range(1, 6)]
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(_line(u) + "\n" for u in urls))
    # The clock reads 1 at the file's own check, then 2, 3, 4 at lines 1, 2 and 3.
    runner = TargetImporter(importer, deadline=Deadline(3.5, clock=ticking()))
    summary = runner.run(decide(str(path)))
    assert summary.imported == 2
    assert summary.problems == [
        (
            "line 3",
            "not imported, nor any line after it: the job took longer than its limit of 3.5 s",
        )
    ]
    stored = db.scalars(
        text("SELECT url FROM articles WHERE url LIKE 'https://example.org/limit/%' ORDER BY url")
    ).all()
    assert stored == urls[:2]


def test_a_folder_job_over_its_limit_names_every_file_it_left_out(importer, tmp_path, db):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_bytes(SAID + f" ({name})".encode())
    runner = TargetImporter(importer, deadline=Deadline(1.5, clock=ticking()))
    summary = runner.run(decide(str(tmp_path)))
    assert summary.imported == 1
    reason = "not imported: the job took longer than its limit of 1.5 s"
    assert summary.problems == [("b.txt", reason), ("c.txt", reason)]


def test_standard_input_of_claims_jsonl_goes_the_bulk_way(importer, db):
    import io

    data = (_line("https://example.org/stdin/1") + "\n").encode()
    summary = TargetImporter(importer).run(decide("-"), stdin=io.BytesIO(data))
    assert (summary.imported, summary.rejected) == (1, 0)
    assert json.loads(data)["url"] in db.scalars(text("SELECT url FROM articles")).all()


@pytest.mark.parametrize(
    "permanent, attempt, wait",
    [(True, 1, None), (False, 1, 8), (False, 2, 16), (False, 5, 128), (False, 6, None)],
)
def test_the_one_retry_policy_waits_twice_as_long_each_time_and_never_for_permanent_failures(
    permanent, attempt, wait
):
    assert retry_in_s(Verdict(permanent, "why"), attempt) == wait


def test_the_deadline_says_why_in_the_words_of_a_job_timeout():
    deadline = Deadline(2, clock=ticking())
    assert not deadline.passed()
    assert deadline.passed()
    assert deadline.reason == "the job took longer than its limit of 2 s"
