"""The extract command: files of several formats in, claims-jsonl/1 out, errors named."""

import gzip
import io
import json
import time
from pathlib import Path

from app.extract.command import run_extract

FIXTURES = Path(__file__).parent / "fixtures"
REPORT = (FIXTURES / "eu-registration-report.txt").read_text(encoding="utf-8")


def _run(paths: list[str], stdin: bytes = b"", **options: str | None) -> tuple[int, list, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_extract(
        paths,
        url=options.get("url"),
        title=options.get("title"),
        stdout=out,
        stderr=err,
        stdin=io.BytesIO(stdin),
    )
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_it_writes_one_claims_line_per_text_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    code, records, _ = _run([str(path)], url="urn:test:report")
    (record,) = records
    assert code == 0 and record["format"] == "claims-jsonl/1"
    assert record["url"] == "urn:test:report" and record["text"] == REPORT and record["title"]
    assert record["claims"] and all(
        t["status"] == "suggested" for c in record["claims"] for t in c["topics"]
    )
    assert all(REPORT[c["start"] : c["end"]] == c["text"] for c in record["claims"])


def test_it_gives_a_file_urn_when_no_url_is_given(tmp_path: Path) -> None:
    path = tmp_path / "my report.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert _run([str(path)])[1][0]["url"] == "urn:file:my%20report.txt"


def test_it_takes_the_main_text_and_title_of_html(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in REPORT.split("\n\n")[1:])
    html = (
        f"<html><head><title>EU registration row</title></head><body><nav>Home | News"
        f"</nav><article>{paragraphs}</article><footer>Contact us</footer></body></html>"
    )
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(html.encode()))
    (record,) = _run([str(path)])[1]
    assert record["title"] == "EU registration row"
    assert "Contact us" not in record["text"] and record["claims"]


def test_it_re_extracts_every_line_of_claims_jsonl_keeping_article_fields(tmp_path: Path) -> None:
    lines = [
        {
            "format": "claims-jsonl/1",
            "url": f"https://example.org/{n}",
            "title": "T",
            "outlet": "Example",
            "published_at": "2026-01-01T00:00:00Z",
            "text": REPORT,
            "claims": [],
        }
        for n in range(2)
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    code, records, _ = _run([str(path)])
    assert code == 0 and [r["url"] for r in records] == [
        "https://example.org/0",
        "https://example.org/1",
    ]
    assert all(r["outlet"] == "Example" and r["claims"] for r in records)


def test_it_reads_stdin_for_a_dash() -> None:
    code, records, _ = _run(["-"], stdin=REPORT.encode())
    assert code == 0 and records[0]["text"] == REPORT


def test_it_warns_and_replaces_bytes_that_are_not_utf8() -> None:
    code, records, err = _run(["-"], stdin=b"Caf\xe9 talk about AI " + REPORT.encode())
    assert code == 0 and "not valid UTF-8" in err and "\ufffd" in records[0]["text"]


def test_an_unreadable_file_is_named_and_the_others_still_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, records, err = _run([str(missing), str(good)])
    assert code == 1 and len(records) == 1
    assert err.count("\n") == 1 and str(missing) in err


def test_an_empty_file_gives_an_article_without_claims(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    code, records, _ = _run([str(path)])
    assert code == 0 and records[0]["claims"] == [] and records[0]["title"]


def test_a_ten_megabyte_text_finishes_in_linear_time(tmp_path: Path) -> None:
    # One paragraph of short sentences, the hardest shape: nothing splits it before the
    # sentence segmenter, and every few words end a sentence.
    block = "OpenAI is calling for a global pause on frontier AI. Critics disagree."
    path = tmp_path / "big.txt"
    path.write_text(" ".join([block] * (10_000_000 // len(block))), encoding="utf-8")
    started = time.monotonic()
    code, records, _ = _run([str(path)])
    assert code == 0 and len(records[0]["claims"]) > 1000
    assert time.monotonic() - started < 240  # generous guard; quadratic work would take hours


PAGE = (
    b"<html><head><title>Why we back the AI bill</title>"
    b'<meta name="author" content="Ada Quill; Ben Ortiz">'
    b'<meta property="og:site_name" content="Northwind Labs">'
    b'<meta property="article:published_time" content="2026-11-03T10:00:00+00:00">'
    b"</head><body><nav>Home | Blog</nav><article><h1>Why we back the AI bill</h1>"
    b"<p>Northwind Labs supports the proposed state bill on frontier AI transparency, "
    b"because independent audits of the largest models should be required by law.</p>"
    b"<table><tr><td>Audits</td><td>required for frontier models</td></tr></table>"
    b"<p>We also think that labs must publish their safety frameworks before release, "
    b"and that regulators should have the staff to read them.</p>"
    b"</article><footer>Contact us</footer></body></html>"
)


def test_it_reads_html_as_the_importer_does(tmp_path: Path) -> None:
    from app.importer.parse import parse_page

    path = tmp_path / "post.html"
    path.write_bytes(PAGE)
    (record,) = _run([str(path)], url="https://northwind.example/bill")[1]
    page = parse_page(PAGE, url="https://northwind.example/bill")
    assert record["text"] == page.text and "required for frontier models" in page.text
    assert record["title"] == page.title == "Why we back the AI bill"
    assert record["outlet"] == page.outlet == "Northwind Labs"
    assert tuple(record["authors"]) == page.authors == ("Ada Quill", "Ben Ortiz")
    assert page.published_at is not None and page.published_at.date().isoformat() == "2026-11-03"
    assert record["published_at"] == page.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_it_refuses_html_that_declares_entities_and_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "laughs.html"
    path.write_bytes(b'<!DOCTYPE html [<!ENTITY a "aaaa">]><html><body><p>&a;</p></body></html>')
    code, records, err = _run([str(path)])
    assert code == 1 and records == []
    assert "laughs.html" in err and "declares XML entities" in err
