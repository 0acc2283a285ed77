"""Keep per-day and per-pair stance tallies exact inside every write to claims.

The stance rules (app/queries/stances.py) read every tag of the pairs a view covers; over
a million claims a matrix, a topic page or the changes feed took seconds whenever the data
had moved on. Two tables hold what those views need, kept exact by statement triggers on
claims in the same transaction as the write, like the facet counts of migration 0002:

stance_days(actor_id, topic_id, day): tags of that actor's active claims on the topic
  published that UTC day, counted per stance (s0..s3: all tags, c0..c3: confirmed ones,
  stance index in enum order). `kept` is the bit mask (1 << stance) of the stances the
  rules read that day: the confirmed ones when there are any, else all. `prev_day` and
  `prev_kept` repeat the pair's previous day and its mask, so a change of stance is a row
  whose masks differ (the rules then say whether the stances differ) and is found through
  a partial index instead of a pass over every tag.
stance_pairs(actor_id, topic_id): the same counts over all days, and `current_day`, the
  day the current stance rests on: the latest day with a confirmed tag when the pair has
  one, else the latest day.

The tables hold tallies only; which stance a mask means is decided in Python, in one place.
claims.tags carries every non-rejected stance tag (migration 0002), so triggers on claims
see every tag change; the bulk importer's COPY fires them once per statement. Writers of
claims already take the stance_version row first (migration 0006) and keep it until they
commit, so these rows are only ever written by one transaction at a time.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEPT = """CASE WHEN c0 + c1 + c2 + c3 > 0
         THEN (c0 > 0)::int + 2 * (c1 > 0)::int + 4 * (c2 > 0)::int + 8 * (c3 > 0)::int
         ELSE (s0 > 0)::int + 2 * (s1 > 0)::int + 4 * (s2 > 0)::int + 8 * (s3 > 0)::int END"""

COUNTS = "s0, s1, s2, s3, c0, c1, c2, c3"

UPGRADE = rf"""
CREATE TABLE stance_days (
    actor_id integer NOT NULL,
    topic_id smallint NOT NULL,
    day date NOT NULL,
    s0 integer NOT NULL DEFAULT 0, s1 integer NOT NULL DEFAULT 0,
    s2 integer NOT NULL DEFAULT 0, s3 integer NOT NULL DEFAULT 0,
    c0 integer NOT NULL DEFAULT 0, c1 integer NOT NULL DEFAULT 0,
    c2 integer NOT NULL DEFAULT 0, c3 integer NOT NULL DEFAULT 0,
    kept smallint GENERATED ALWAYS AS ({KEPT}) STORED,
    prev_day date,
    prev_kept smallint,
    PRIMARY KEY (actor_id, topic_id, day)
);
CREATE INDEX ix_stance_days_changes ON stance_days (day DESC)
    WHERE prev_kept <> kept;
CREATE INDEX ix_stance_days_topic_changes ON stance_days (topic_id, day DESC)
    WHERE prev_kept <> kept;

CREATE TABLE stance_pairs (
    actor_id integer NOT NULL,
    topic_id smallint NOT NULL,
    s0 integer NOT NULL DEFAULT 0, s1 integer NOT NULL DEFAULT 0,
    s2 integer NOT NULL DEFAULT 0, s3 integer NOT NULL DEFAULT 0,
    c0 integer NOT NULL DEFAULT 0, c1 integer NOT NULL DEFAULT 0,
    c2 integer NOT NULL DEFAULT 0, c3 integer NOT NULL DEFAULT 0,
    current_day date,
    PRIMARY KEY (actor_id, topic_id)
);

-- One tag of one claim row, with its weight (+1 written, -1 gone).
CREATE TYPE gc_stance_src AS (actor_id integer, topic_id smallint, day date, code smallint,
                              w integer);

CREATE FUNCTION gc_stance_srcs_of(p_actor integer, p_tags smallint[],
                                  p_published timestamptz, p_w integer)
RETURNS SETOF gc_stance_src LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ROW(p_actor, (x >> 3)::smallint, (p_published AT TIME ZONE 'UTC')::date, x,
               p_w)::gc_stance_src
      FROM unnest(p_tags) x
$$;

-- A write's change to the counts of one (actor, topic, day).
CREATE TYPE gc_stance_delta AS (actor_id integer, topic_id smallint, day date,
                                s0 integer, s1 integer, s2 integer, s3 integer,
                                c0 integer, c1 integer, c2 integer, c3 integer);

CREATE FUNCTION gc_apply_stances(p_src gc_stance_src[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_delta gc_stance_delta[];
BEGIN
    IF cardinality(p_src) = 0 THEN
        RETURN;
    END IF;
    v_delta := ARRAY(
        SELECT ROW(g.*)::gc_stance_delta FROM (
            SELECT s.actor_id, s.topic_id, s.day,
                   coalesce(sum(s.w) FILTER (WHERE s.code & 3 = 0), 0)::int,
                   coalesce(sum(s.w) FILTER (WHERE s.code & 3 = 1), 0)::int,
                   coalesce(sum(s.w) FILTER (WHERE s.code & 3 = 2), 0)::int,
                   coalesce(sum(s.w) FILTER (WHERE s.code & 3 = 3), 0)::int,
                   coalesce(sum(s.w) FILTER (WHERE s.code & 7 = 4), 0)::int,
                   coalesce(sum(s.w) FILTER (WHERE s.code & 7 = 5), 0)::int,
                   coalesce(sum(s.w) FILTER (WHERE s.code & 7 = 6), 0)::int,
                   coalesce(sum(s.w) FILTER (WHERE s.code & 7 = 7), 0)::int
              FROM unnest(p_src) s GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ) g (actor_id, topic_id, day, {COUNTS})
         WHERE ({COUNTS}) <> (0, 0, 0, 0, 0, 0, 0, 0));
    IF cardinality(v_delta) = 0 THEN
        RETURN;
    END IF;

    -- Key order, so that a writer locks rows in the same order as any other would.
    INSERT INTO stance_days AS t (actor_id, topic_id, day, {COUNTS})
    SELECT actor_id, topic_id, day, {COUNTS} FROM unnest(v_delta) ORDER BY 1, 2, 3
    ON CONFLICT (actor_id, topic_id, day) DO UPDATE SET
        s0 = t.s0 + excluded.s0, s1 = t.s1 + excluded.s1,
        s2 = t.s2 + excluded.s2, s3 = t.s3 + excluded.s3,
        c0 = t.c0 + excluded.c0, c1 = t.c1 + excluded.c1,
        c2 = t.c2 + excluded.c2, c3 = t.c3 + excluded.c3;
    DELETE FROM stance_days t USING unnest(v_delta) d
     WHERE (t.actor_id, t.topic_id, t.day) = (d.actor_id, d.topic_id, d.day)
       AND t.s0 + t.s1 + t.s2 + t.s3 = 0;

    INSERT INTO stance_pairs AS t (actor_id, topic_id, {COUNTS})
    SELECT actor_id, topic_id, sum(s0), sum(s1), sum(s2), sum(s3),
           sum(c0), sum(c1), sum(c2), sum(c3)
      FROM unnest(v_delta) GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (actor_id, topic_id) DO UPDATE SET
        s0 = t.s0 + excluded.s0, s1 = t.s1 + excluded.s1,
        s2 = t.s2 + excluded.s2, s3 = t.s3 + excluded.s3,
        c0 = t.c0 + excluded.c0, c1 = t.c1 + excluded.c1,
        c2 = t.c2 + excluded.c2, c3 = t.c3 + excluded.c3;
    DELETE FROM stance_pairs t USING (SELECT DISTINCT actor_id, topic_id FROM unnest(v_delta)) d
     WHERE (t.actor_id, t.topic_id) = (d.actor_id, d.topic_id)
       AND t.s0 + t.s1 + t.s2 + t.s3 = 0;
    UPDATE stance_pairs t SET current_day = CASE
        WHEN t.c0 + t.c1 + t.c2 + t.c3 > 0 THEN
            (SELECT max(s.day) FROM stance_days s
              WHERE (s.actor_id, s.topic_id) = (t.actor_id, t.topic_id)
                AND s.c0 + s.c1 + s.c2 + s.c3 > 0)
        ELSE (SELECT max(s.day) FROM stance_days s
               WHERE (s.actor_id, s.topic_id) = (t.actor_id, t.topic_id)) END
      FROM (SELECT DISTINCT actor_id, topic_id FROM unnest(v_delta)) d
     WHERE (t.actor_id, t.topic_id) = (d.actor_id, d.topic_id);

    -- A changed day changes its own mask and the previous-day columns of the day after it.
    UPDATE stance_days t SET prev_day = p.day, prev_kept = p.kept
      FROM (SELECT DISTINCT g.actor_id, g.topic_id, g.day FROM (
              SELECT d.actor_id, d.topic_id, d.day FROM unnest(v_delta) d
              UNION ALL
              SELECT n.actor_id, n.topic_id, n.day FROM unnest(v_delta) d
                CROSS JOIN LATERAL (
                    SELECT s.actor_id, s.topic_id, s.day FROM stance_days s
                     WHERE (s.actor_id, s.topic_id) = (d.actor_id, d.topic_id)
                       AND s.day > d.day ORDER BY s.day LIMIT 1) n
            ) g) k
      LEFT JOIN LATERAL (
            SELECT s.day, s.kept FROM stance_days s
             WHERE (s.actor_id, s.topic_id) = (k.actor_id, k.topic_id) AND s.day < k.day
             ORDER BY s.day DESC LIMIT 1) p ON true
     WHERE (t.actor_id, t.topic_id, t.day) = (k.actor_id, k.topic_id, k.day)
       AND (t.prev_day, t.prev_kept) IS DISTINCT FROM (p.day, p.kept);
END $$;

CREATE FUNCTION gc_claims_stances_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_apply_stances(ARRAY(
        SELECT gc_stance_srcs_of(n.actor_id, n.tags, n.published_at, 1)
          FROM new_rows n
         WHERE n.status = 'active' AND n.actor_id IS NOT NULL AND n.tags <> '{{}}'));
    RETURN NULL;
END $$;
CREATE FUNCTION gc_claims_stances_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_apply_stances(ARRAY(
        SELECT gc_stance_srcs_of(o.actor_id, o.tags, o.published_at, -1)
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE o.status = 'active' AND o.actor_id IS NOT NULL AND o.tags <> '{{}}'
           AND (o.actor_id, o.tags, o.published_at, o.status)
               IS DISTINCT FROM (n.actor_id, n.tags, n.published_at, n.status)
        UNION ALL
        SELECT gc_stance_srcs_of(n.actor_id, n.tags, n.published_at, 1)
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE n.status = 'active' AND n.actor_id IS NOT NULL AND n.tags <> '{{}}'
           AND (o.actor_id, o.tags, o.published_at, o.status)
               IS DISTINCT FROM (n.actor_id, n.tags, n.published_at, n.status)));
    RETURN NULL;
END $$;
CREATE FUNCTION gc_claims_stances_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_apply_stances(ARRAY(
        SELECT gc_stance_srcs_of(o.actor_id, o.tags, o.published_at, -1)
          FROM old_rows o
         WHERE o.status = 'active' AND o.actor_id IS NOT NULL AND o.tags <> '{{}}'));
    RETURN NULL;
END $$;
CREATE FUNCTION gc_claims_stances_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE stance_days, stance_pairs;
    RETURN NULL;
END $$;
CREATE TRIGGER claims_stances_ins AFTER INSERT ON claims
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION gc_claims_stances_ins();
CREATE TRIGGER claims_stances_upd AFTER UPDATE ON claims
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION gc_claims_stances_upd();
CREATE TRIGGER claims_stances_del AFTER DELETE ON claims
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION gc_claims_stances_del();
CREATE TRIGGER claims_stances_truncate AFTER TRUNCATE ON claims
    FOR EACH STATEMENT EXECUTE FUNCTION gc_claims_stances_truncate();

-- Existing claims, counted once.
INSERT INTO stance_days (actor_id, topic_id, day, {COUNTS})
SELECT c.actor_id, x >> 3, (c.published_at AT TIME ZONE 'UTC')::date,
       count(*) FILTER (WHERE x & 3 = 0), count(*) FILTER (WHERE x & 3 = 1),
       count(*) FILTER (WHERE x & 3 = 2), count(*) FILTER (WHERE x & 3 = 3),
       count(*) FILTER (WHERE x & 7 = 4), count(*) FILTER (WHERE x & 7 = 5),
       count(*) FILTER (WHERE x & 7 = 6), count(*) FILTER (WHERE x & 7 = 7)
  FROM claims c, unnest(c.tags) x
 WHERE c.status = 'active' AND c.actor_id IS NOT NULL
 GROUP BY 1, 2, 3;
UPDATE stance_days t SET prev_day = w.prev_day, prev_kept = w.prev_kept
  FROM (SELECT actor_id, topic_id, day,
               lag(day) OVER p AS prev_day, lag(kept) OVER p AS prev_kept
          FROM stance_days WINDOW p AS (PARTITION BY actor_id, topic_id ORDER BY day)) w
 WHERE (t.actor_id, t.topic_id, t.day) = (w.actor_id, w.topic_id, w.day)
   AND w.prev_day IS NOT NULL;
INSERT INTO stance_pairs (actor_id, topic_id, {COUNTS}, current_day)
SELECT actor_id, topic_id, sum(s0), sum(s1), sum(s2), sum(s3),
       sum(c0), sum(c1), sum(c2), sum(c3),
       coalesce(max(day) FILTER (WHERE c0 + c1 + c2 + c3 > 0), max(day))
  FROM stance_days GROUP BY 1, 2;
"""

DOWNGRADE = """
DROP TRIGGER claims_stances_ins ON claims;
DROP TRIGGER claims_stances_upd ON claims;
DROP TRIGGER claims_stances_del ON claims;
DROP TRIGGER claims_stances_truncate ON claims;
DROP FUNCTION gc_claims_stances_ins, gc_claims_stances_upd, gc_claims_stances_del,
    gc_claims_stances_truncate, gc_apply_stances, gc_stance_srcs_of;
DROP TYPE gc_stance_delta, gc_stance_src;
DROP TABLE stance_days, stance_pairs;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
