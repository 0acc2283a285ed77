"""Count claims by provenance in the maintained facet tables (dimension 'p').

Provenance (quote, reported, first-party, narration; migration 0005) is a facet of
/claims. Its counts are kept like the others (migration 0002): statement-level triggers
on claims apply each write's delta in the same transaction, in key order, to
facet_counts scopes (0, 0), (T, 0) and (T, S+1) and to actor_facet_counts scopes
(A, 0, 0), (A, T, 0) and (A, T, S+1), as dimension / key:
  p  provenance index  quote 0, reported 1, first-party 2, narration 3
     (app.vocabulary.PROVENANCES)
Claims without a provenance (imported before 0005) are not
counted. The recount functions, which the maintained tables must always equal, count
it too.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = r"""
CREATE FUNCTION gc_provenance_index(p text) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (CASE p WHEN 'quote' THEN 0 WHEN 'reported' THEN 1
                   WHEN 'first-party' THEN 2 WHEN 'narration' THEN 3 END)::smallint
$$;

-- What one claim row contributes to the provenance counts, with its weight (+1 or -1).
CREATE TYPE gc_provenance_src AS (actor_id integer, tags smallint[], provenance smallint,
                                  w integer);

CREATE FUNCTION gc_provenance_rows(p_src gc_provenance_src[])
RETURNS TABLE (scope_topic smallint, scope_stance smallint, dim text, key bigint, n bigint)
LANGUAGE sql STABLE AS $$
WITH c AS (
    SELECT s.tags, s.provenance, sum(s.w) AS w
      FROM unnest(p_src) s WHERE s.provenance IS NOT NULL GROUP BY 1, 2
), t AS (SELECT c.provenance, c.w, x AS code FROM c, unnest(c.tags) x),
r (st, ss, key, w) AS (
              SELECT 0, 0, provenance, w FROM c
    UNION ALL SELECT code >> 3, 0, provenance, w FROM t
    UNION ALL SELECT code >> 3, (code & 3) + 1, provenance, w FROM t
)
SELECT st::smallint, ss::smallint, 'p'::text, key::bigint, sum(w)::bigint FROM r
 GROUP BY 1, 2, 4
$$;

CREATE FUNCTION gc_actor_provenance_rows(p_src gc_provenance_src[])
RETURNS TABLE (scope_actor integer, scope_topic smallint, scope_stance smallint, dim text,
               key bigint, n bigint)
LANGUAGE sql STABLE AS $$
WITH c AS (
    SELECT s.actor_id, s.tags, s.provenance, sum(s.w) AS w
      FROM unnest(p_src) s
     WHERE s.provenance IS NOT NULL AND s.actor_id IS NOT NULL GROUP BY 1, 2, 3
), t AS (SELECT c.actor_id, c.provenance, c.w, x AS code FROM c, unnest(c.tags) x),
r (sa, st, ss, key, w) AS (
              SELECT actor_id, 0, 0, provenance, w FROM c
    UNION ALL SELECT actor_id, code >> 3, 0, provenance, w FROM t
    UNION ALL SELECT actor_id, code >> 3, (code & 3) + 1, provenance, w FROM t
)
SELECT sa, st::smallint, ss::smallint, 'p'::text, key::bigint, sum(w)::bigint FROM r
 GROUP BY 1, 2, 3, 5
$$;

-- Rows are upserted in key order so concurrent writers lock them in the same order; the
-- other dimensions' trigger (migration 0002) runs first on every statement, so every
-- writer takes all its locks in one order: those rows, then these.
CREATE FUNCTION gc_apply_provenance(p_src gc_provenance_src[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO facet_counts AS f (scope_topic, scope_stance, dim, key, n)
    SELECT * FROM gc_provenance_rows(p_src) d WHERE d.n <> 0
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (scope_topic, scope_stance, dim, key) DO UPDATE SET n = f.n + excluded.n;
    INSERT INTO actor_facet_counts AS f (scope_actor, scope_topic, scope_stance, dim, key, n)
    SELECT * FROM gc_actor_provenance_rows(p_src) d WHERE d.n <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (scope_actor, scope_topic, scope_stance, dim, key)
    DO UPDATE SET n = f.n + excluded.n;
$$;

CREATE FUNCTION gc_provenance_src_of(p_actor integer, p_tags smallint[], p_provenance text,
                                     p_w integer)
RETURNS gc_provenance_src LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ROW(p_actor, p_tags, gc_provenance_index(p_provenance), p_w)::gc_provenance_src
$$;

CREATE FUNCTION gc_claims_provenance_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_apply_provenance(ARRAY(
        SELECT gc_provenance_src_of(n.actor_id, n.tags, n.provenance, 1)
          FROM new_rows n WHERE n.status = 'active' AND n.provenance IS NOT NULL));
    RETURN NULL;
END $$;
CREATE FUNCTION gc_claims_provenance_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_apply_provenance(ARRAY(
        SELECT gc_provenance_src_of(o.actor_id, o.tags, o.provenance, -1)
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE o.status = 'active' AND o.provenance IS NOT NULL
           AND (o.actor_id, o.tags, o.provenance, o.status)
               IS DISTINCT FROM (n.actor_id, n.tags, n.provenance, n.status)
        UNION ALL
        SELECT gc_provenance_src_of(n.actor_id, n.tags, n.provenance, 1)
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE n.status = 'active' AND n.provenance IS NOT NULL
           AND (o.actor_id, o.tags, o.provenance, o.status)
               IS DISTINCT FROM (n.actor_id, n.tags, n.provenance, n.status)));
    RETURN NULL;
END $$;
CREATE FUNCTION gc_claims_provenance_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_apply_provenance(ARRAY(
        SELECT gc_provenance_src_of(o.actor_id, o.tags, o.provenance, -1)
          FROM old_rows o WHERE o.status = 'active' AND o.provenance IS NOT NULL));
    RETURN NULL;
END $$;
-- Named to sort after claims_facets_*: PostgreSQL fires a statement's triggers by name.
CREATE TRIGGER claims_provenance_ins AFTER INSERT ON claims
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION gc_claims_provenance_ins();
CREATE TRIGGER claims_provenance_upd AFTER UPDATE ON claims
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION gc_claims_provenance_upd();
CREATE TRIGGER claims_provenance_del AFTER DELETE ON claims
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION gc_claims_provenance_del();

CREATE OR REPLACE FUNCTION gc_facet_recount()
RETURNS TABLE (scope_topic smallint, scope_stance smallint, dim text, key bigint, n bigint)
LANGUAGE sql STABLE AS $$
    SELECT * FROM gc_facet_rows(ARRAY(
        SELECT gc_facet_src_of(c.actor_id, c.kind, c.tags, c.published_at, 1)
          FROM claims c WHERE c.status = 'active'))
    UNION ALL
    SELECT * FROM gc_provenance_rows(ARRAY(
        SELECT gc_provenance_src_of(c.actor_id, c.tags, c.provenance, 1)
          FROM claims c WHERE c.status = 'active' AND c.provenance IS NOT NULL))
$$;

CREATE OR REPLACE FUNCTION gc_actor_facet_recount()
RETURNS TABLE (scope_actor integer, scope_topic smallint, scope_stance smallint, dim text,
               key bigint, n bigint)
LANGUAGE sql STABLE AS $$
    SELECT * FROM gc_actor_facet_rows(ARRAY(
        SELECT gc_facet_src_of(c.actor_id, c.kind, c.tags, c.published_at, 1)
          FROM claims c WHERE c.status = 'active' AND c.actor_id IS NOT NULL))
    UNION ALL
    SELECT * FROM gc_actor_provenance_rows(ARRAY(
        SELECT gc_provenance_src_of(c.actor_id, c.tags, c.provenance, 1)
          FROM claims c
         WHERE c.status = 'active' AND c.actor_id IS NOT NULL AND c.provenance IS NOT NULL))
$$;

-- The claims already stored, counted by the recount above.
INSERT INTO facet_counts (scope_topic, scope_stance, dim, key, n)
SELECT * FROM gc_facet_recount() r WHERE r.dim = 'p' ORDER BY 1, 2, 3, 4;
INSERT INTO actor_facet_counts (scope_actor, scope_topic, scope_stance, dim, key, n)
SELECT * FROM gc_actor_facet_recount() r WHERE r.dim = 'p' ORDER BY 1, 2, 3, 4, 5;
"""

DOWNGRADE = r"""
DROP TRIGGER IF EXISTS claims_provenance_ins ON claims;
DROP TRIGGER IF EXISTS claims_provenance_upd ON claims;
DROP TRIGGER IF EXISTS claims_provenance_del ON claims;
DELETE FROM facet_counts WHERE dim = 'p';
DELETE FROM actor_facet_counts WHERE dim = 'p';

CREATE OR REPLACE FUNCTION gc_facet_recount()
RETURNS TABLE (scope_topic smallint, scope_stance smallint, dim text, key bigint, n bigint)
LANGUAGE sql STABLE AS $$
    SELECT * FROM gc_facet_rows(ARRAY(
        SELECT gc_facet_src_of(c.actor_id, c.kind, c.tags, c.published_at, 1)
          FROM claims c WHERE c.status = 'active'))
$$;

CREATE OR REPLACE FUNCTION gc_actor_facet_recount()
RETURNS TABLE (scope_actor integer, scope_topic smallint, scope_stance smallint, dim text,
               key bigint, n bigint)
LANGUAGE sql STABLE AS $$
    SELECT * FROM gc_actor_facet_rows(ARRAY(
        SELECT gc_facet_src_of(c.actor_id, c.kind, c.tags, c.published_at, 1)
          FROM claims c WHERE c.status = 'active' AND c.actor_id IS NOT NULL))
$$;

DROP FUNCTION IF EXISTS gc_claims_provenance_ins, gc_claims_provenance_upd,
    gc_claims_provenance_del, gc_provenance_src_of, gc_apply_provenance,
    gc_actor_provenance_rows, gc_provenance_rows, gc_provenance_index;
DROP TYPE IF EXISTS gc_provenance_src;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
