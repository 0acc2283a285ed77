"""Keep claims.tags in step with stance_tags, and facet counts exact, inside every write.

Facet counts over a million claims cannot be recomputed per request (the
straightforward GROUP BY takes about a second), so statement-level triggers
apply each write's delta to `facet_counts` in the same transaction.

Layout of facet_counts(scope_topic, scope_stance, dim, key, n): the scope is the
set of active claims counted: (0, 0) all; (T, 0) those tagged with topic T;
(T, S+1) those whose tag on T has stance S (stance index 0..3 in enum order).
dim / key:
  n  0                total (scope (0, 0) only; for topic scopes it is the sum of s)
  t  topic id         claims tagged with that topic
  s  stance index     (0, 0): claims with a tag of that stance; (T, 0): stance on T
  c  stance index     as s, counting confirmed tags only (not kept for (T, S))
  a  actor id         claims by that actor
  k  kind index       claims of that kind
  r  0/1/2            (0, 0) only: has a suggested tag / a confirmed tag / no tag
  m  month*8 + s      claims per month (months since 1970-01, UTC) and stance; s=7 all
  x  actor*16384 + topic*4 + stance   (0, 0) only: the actor x topic x stance matrix
  y  as x             confirmed tags only

actor_facet_counts(scope_actor, scope_topic, scope_stance, dim, key, n) holds the same
for the claims of one actor (drill-downs such as topic + stance + actor):
(A, 0, 0) dims n t s c k r; (A, T, 0) dims t s c k; (A, T, S+1) dims t k.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = r"""
CREATE TABLE facet_counts (
    scope_topic smallint NOT NULL,
    scope_stance smallint NOT NULL,
    dim text NOT NULL,
    key bigint NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (scope_topic, scope_stance, dim, key)
);

CREATE TABLE actor_facet_counts (
    scope_actor integer NOT NULL,
    scope_topic smallint NOT NULL,
    scope_stance smallint NOT NULL,
    dim text NOT NULL,
    key bigint NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (scope_actor, scope_topic, scope_stance, dim, key)
);

-- Tag code of one stance tag: topic * 8 + 4 if confirmed + stance index.
CREATE FUNCTION gc_tag_code(p_topic smallint, p_stance stance, p_status tag_status)
RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (p_topic * 8 + CASE WHEN p_status = 'confirmed' THEN 4 ELSE 0 END
            + CASE p_stance WHEN 'supports' THEN 0 WHEN 'opposes' THEN 1
                            WHEN 'mixed' THEN 2 ELSE 3 END)::smallint
$$;

CREATE FUNCTION gc_claim_tag_codes(p_claim bigint) RETURNS smallint[]
LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(gc_tag_code(t.topic_id, t.stance, t.status) ORDER BY t.topic_id),
                    '{}')
      FROM stance_tags t
     WHERE t.claim_id = p_claim AND t.status <> 'rejected'
$$;

CREATE FUNCTION gc_sync_claim_tags(p_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE claims c SET tags = x.codes
      FROM (SELECT u.cid, gc_claim_tag_codes(u.cid) AS codes
              FROM unnest(p_ids) AS u(cid)) x
     WHERE c.id = x.cid AND c.tags IS DISTINCT FROM x.codes
$$;

CREATE FUNCTION gc_stance_tags_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_sync_claim_tags(ARRAY(SELECT DISTINCT claim_id FROM new_rows ORDER BY 1));
    RETURN NULL;
END $$;
CREATE FUNCTION gc_stance_tags_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_sync_claim_tags(ARRAY(
        SELECT claim_id FROM new_rows UNION SELECT claim_id FROM old_rows ORDER BY 1));
    RETURN NULL;
END $$;
CREATE FUNCTION gc_stance_tags_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_sync_claim_tags(ARRAY(SELECT DISTINCT claim_id FROM old_rows ORDER BY 1));
    RETURN NULL;
END $$;
CREATE TRIGGER stance_tags_sync_ins AFTER INSERT ON stance_tags
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gc_stance_tags_ins();
CREATE TRIGGER stance_tags_sync_upd AFTER UPDATE ON stance_tags
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION gc_stance_tags_upd();
CREATE TRIGGER stance_tags_sync_del AFTER DELETE ON stance_tags
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gc_stance_tags_del();

-- What one claim row contributes to the counts, with its weight (+1 or -1).
CREATE TYPE gc_facet_src AS (actor_id integer, kind smallint, tags smallint[], month integer,
                             w integer);

CREATE FUNCTION gc_facet_src_of(p_actor integer, p_kind claim_kind, p_tags smallint[],
                                p_published timestamptz, p_w integer)
RETURNS gc_facet_src LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ROW(p_actor,
               CASE p_kind WHEN 'position' THEN 0 WHEN 'assertion' THEN 1
                           WHEN 'prediction' THEN 2 WHEN 'commitment' THEN 3 END,
               p_tags,
               ((extract(year FROM p_published AT TIME ZONE 'UTC')::int - 1970) * 12
                + extract(month FROM p_published AT TIME ZONE 'UTC')::int - 1),
               p_w)::gc_facet_src
$$;

-- Each dimension depends on a few of a claim's attributes only, so the claims of a write
-- are first grouped by those attributes and every count is taken over the groups: a
-- batch of 10,000 claims has a few hundred distinct tag sets, not 10,000.
CREATE FUNCTION gc_facet_rows(p_src gc_facet_src[])
RETURNS TABLE (scope_topic smallint, scope_stance smallint, dim text, key bigint, n bigint)
LANGUAGE sql STABLE AS $$
WITH c AS (
    SELECT s.actor_id, s.kind, s.tags, s.month, sum(s.w) AS w
      FROM unnest(p_src) s GROUP BY 1, 2, 3, 4
), g AS (   -- per distinct tag set: its stances and whether it has suggested tags
    SELECT d.tags,
           ARRAY(SELECT DISTINCT x & 3 FROM unnest(d.tags) x) AS stances,
           ARRAY(SELECT DISTINCT x & 3 FROM unnest(d.tags) x WHERE x & 4 = 4) AS cstances,
           EXISTS (SELECT 1 FROM unnest(d.tags) x WHERE x & 4 = 0) AS has_suggested
      FROM (SELECT DISTINCT tags FROM c) d
), bt AS (SELECT c.tags, sum(c.w) AS w FROM c GROUP BY 1),
   bmt AS (SELECT c.month, c.tags, sum(c.w) AS w FROM c GROUP BY 1, 2),
   bat AS (SELECT c.actor_id, c.tags, sum(c.w) AS w FROM c WHERE c.actor_id IS NOT NULL
            GROUP BY 1, 2),
   bkt AS (SELECT c.kind, c.tags, sum(c.w) AS w FROM c WHERE c.kind IS NOT NULL GROUP BY 1, 2),
   t_bt AS (SELECT bt.tags, bt.w, x AS code FROM bt, unnest(bt.tags) x),
   t_bat AS (SELECT bat.actor_id, bat.w, x AS code FROM bat, unnest(bat.tags) x),
   t_bkt AS (SELECT bkt.kind, bkt.w, x AS code FROM bkt, unnest(bkt.tags) x),
   t_bmt AS (SELECT bmt.month, bmt.w, x AS code FROM bmt, unnest(bmt.tags) x),
r (st, ss, dim, key, w) AS (
              SELECT 0, 0, 'n', 0::bigint, w FROM c
    UNION ALL SELECT 0, 0, 't', code >> 3, w FROM t_bt
    UNION ALL SELECT 0, 0, 's', s, bt.w FROM bt JOIN g USING (tags), unnest(g.stances) s
    UNION ALL SELECT 0, 0, 'c', s, bt.w FROM bt JOIN g USING (tags), unnest(g.cstances) s
    UNION ALL SELECT 0, 0, 'a', actor_id, w FROM bat
    UNION ALL SELECT 0, 0, 'k', kind, w FROM bkt
    UNION ALL SELECT 0, 0, 'r', 0, bt.w FROM bt JOIN g USING (tags) WHERE g.has_suggested
    UNION ALL SELECT 0, 0, 'r', 1, bt.w FROM bt JOIN g USING (tags)
               WHERE cardinality(g.cstances) > 0
    UNION ALL SELECT 0, 0, 'r', 2, w FROM bt WHERE cardinality(tags) = 0
    UNION ALL SELECT 0, 0, 'm', month * 8 + 7, w FROM bmt
    UNION ALL SELECT 0, 0, 'm', month * 8 + s, bmt.w FROM bmt JOIN g USING (tags),
                                                         unnest(g.stances) s
    UNION ALL SELECT 0, 0, 'x', actor_id::bigint * 16384 + (code >> 3) * 4 + (code & 3), w
                FROM t_bat
    UNION ALL SELECT 0, 0, 'y', actor_id::bigint * 16384 + (code >> 3) * 4 + (code & 3), w
                FROM t_bat WHERE code & 4 = 4
    UNION ALL SELECT code >> 3, 0, 't', y >> 3, w FROM t_bt, unnest(t_bt.tags) y
    UNION ALL SELECT code >> 3, 0, 's', code & 3, w FROM t_bt
    UNION ALL SELECT code >> 3, 0, 'c', code & 3, w FROM t_bt WHERE code & 4 = 4
    UNION ALL SELECT code >> 3, 0, 'a', actor_id, w FROM t_bat
    UNION ALL SELECT code >> 3, 0, 'k', kind, w FROM t_bkt
    UNION ALL SELECT code >> 3, 0, 'm', month * 8 + (code & 3), w FROM t_bmt
    UNION ALL SELECT code >> 3, (code & 3) + 1, 't', y >> 3, w FROM t_bt, unnest(t_bt.tags) y
    UNION ALL SELECT code >> 3, (code & 3) + 1, 'a', actor_id, w FROM t_bat
    UNION ALL SELECT code >> 3, (code & 3) + 1, 'k', kind, w FROM t_bkt
)
SELECT st::smallint, ss::smallint, dim, key, sum(w)::bigint FROM r GROUP BY 1, 2, 3, 4
$$;

CREATE FUNCTION gc_actor_facet_rows(p_src gc_facet_src[])
RETURNS TABLE (scope_actor integer, scope_topic smallint, scope_stance smallint, dim text,
               key bigint, n bigint)
LANGUAGE sql STABLE AS $$
WITH c AS (
    SELECT s.actor_id, s.kind, s.tags, sum(s.w) AS w
      FROM unnest(p_src) s WHERE s.actor_id IS NOT NULL GROUP BY 1, 2, 3
), g AS (
    SELECT d.tags,
           ARRAY(SELECT DISTINCT x & 3 FROM unnest(d.tags) x) AS stances,
           ARRAY(SELECT DISTINCT x & 3 FROM unnest(d.tags) x WHERE x & 4 = 4) AS cstances,
           EXISTS (SELECT 1 FROM unnest(d.tags) x WHERE x & 4 = 0) AS has_suggested
      FROM (SELECT DISTINCT tags FROM c) d
), bat AS (SELECT c.actor_id, c.tags, sum(c.w) AS w FROM c GROUP BY 1, 2),
   bak AS (SELECT c.actor_id, c.kind, sum(c.w) AS w FROM c WHERE c.kind IS NOT NULL
            GROUP BY 1, 2),
   t_bat AS (SELECT bat.actor_id, bat.tags, bat.w, x AS code FROM bat, unnest(bat.tags) x),
   t_c AS (SELECT c.actor_id, c.kind, c.w, x AS code FROM c, unnest(c.tags) x
            WHERE c.kind IS NOT NULL),
r (sa, st, ss, dim, key, w) AS (
              SELECT actor_id, 0, 0, 'n', 0::bigint, w FROM bat
    UNION ALL SELECT actor_id, 0, 0, 't', code >> 3, w FROM t_bat
    UNION ALL SELECT actor_id, 0, 0, 's', s, bat.w FROM bat JOIN g USING (tags),
                                                       unnest(g.stances) s
    UNION ALL SELECT actor_id, 0, 0, 'c', s, bat.w FROM bat JOIN g USING (tags),
                                                       unnest(g.cstances) s
    UNION ALL SELECT actor_id, 0, 0, 'k', kind, w FROM bak
    UNION ALL SELECT actor_id, 0, 0, 'r', 0, bat.w FROM bat JOIN g USING (tags)
               WHERE g.has_suggested
    UNION ALL SELECT actor_id, 0, 0, 'r', 1, bat.w FROM bat JOIN g USING (tags)
               WHERE cardinality(g.cstances) > 0
    UNION ALL SELECT actor_id, 0, 0, 'r', 2, w FROM bat WHERE cardinality(tags) = 0
    UNION ALL SELECT actor_id, code >> 3, 0, 't', y >> 3, w FROM t_bat, unnest(t_bat.tags) y
    UNION ALL SELECT actor_id, code >> 3, 0, 's', code & 3, w FROM t_bat
    UNION ALL SELECT actor_id, code >> 3, 0, 'c', code & 3, w FROM t_bat WHERE code & 4 = 4
    UNION ALL SELECT actor_id, code >> 3, 0, 'k', kind, w FROM t_c
    UNION ALL SELECT actor_id, code >> 3, (code & 3) + 1, 't', y >> 3, w
                FROM t_bat, unnest(t_bat.tags) y
    UNION ALL SELECT actor_id, code >> 3, (code & 3) + 1, 'k', kind, w FROM t_c
)
SELECT sa, st::smallint, ss::smallint, dim, key, sum(w)::bigint FROM r GROUP BY 1, 2, 3, 4, 5
$$;

-- Rows are upserted in key order so concurrent writers lock them in the same order.
CREATE FUNCTION gc_apply_facets(p_src gc_facet_src[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO facet_counts AS f (scope_topic, scope_stance, dim, key, n)
    SELECT * FROM gc_facet_rows(p_src) d WHERE d.n <> 0
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (scope_topic, scope_stance, dim, key) DO UPDATE SET n = f.n + excluded.n;
    INSERT INTO actor_facet_counts AS f (scope_actor, scope_topic, scope_stance, dim, key, n)
    SELECT * FROM gc_actor_facet_rows(p_src) d WHERE d.n <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (scope_actor, scope_topic, scope_stance, dim, key)
    DO UPDATE SET n = f.n + excluded.n;
$$;

CREATE FUNCTION gc_claims_facets_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_apply_facets(ARRAY(
        SELECT gc_facet_src_of(n.actor_id, n.kind, n.tags, n.published_at, 1)
          FROM new_rows n WHERE n.status = 'active'));
    RETURN NULL;
END $$;
CREATE FUNCTION gc_claims_facets_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_apply_facets(ARRAY(
        SELECT gc_facet_src_of(o.actor_id, o.kind, o.tags, o.published_at, -1)
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE o.status = 'active'
           AND (o.actor_id, o.kind, o.tags, o.published_at, o.status)
               IS DISTINCT FROM (n.actor_id, n.kind, n.tags, n.published_at, n.status)
        UNION ALL
        SELECT gc_facet_src_of(n.actor_id, n.kind, n.tags, n.published_at, 1)
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE n.status = 'active'
           AND (o.actor_id, o.kind, o.tags, o.published_at, o.status)
               IS DISTINCT FROM (n.actor_id, n.kind, n.tags, n.published_at, n.status)));
    RETURN NULL;
END $$;
CREATE FUNCTION gc_claims_facets_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_apply_facets(ARRAY(
        SELECT gc_facet_src_of(o.actor_id, o.kind, o.tags, o.published_at, -1)
          FROM old_rows o WHERE o.status = 'active'));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_facets_ins AFTER INSERT ON claims
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gc_claims_facets_ins();
CREATE TRIGGER claims_facets_upd AFTER UPDATE ON claims
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION gc_claims_facets_upd();
CREATE TRIGGER claims_facets_del AFTER DELETE ON claims
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gc_claims_facets_del();

CREATE FUNCTION gc_actor_facet_recount()
RETURNS TABLE (scope_actor integer, scope_topic smallint, scope_stance smallint, dim text,
               key bigint, n bigint)
LANGUAGE sql STABLE AS $$
    SELECT * FROM gc_actor_facet_rows(ARRAY(
        SELECT gc_facet_src_of(c.actor_id, c.kind, c.tags, c.published_at, 1)
          FROM claims c WHERE c.status = 'active' AND c.actor_id IS NOT NULL))
$$;

-- The same counts from scratch: what the maintained table must always equal.
CREATE FUNCTION gc_facet_recount()
RETURNS TABLE (scope_topic smallint, scope_stance smallint, dim text, key bigint, n bigint)
LANGUAGE sql STABLE AS $$
    SELECT * FROM gc_facet_rows(ARRAY(
        SELECT gc_facet_src_of(c.actor_id, c.kind, c.tags, c.published_at, 1)
          FROM claims c WHERE c.status = 'active'))
$$;
"""

DOWNGRADE = r"""
DROP TRIGGER IF EXISTS claims_facets_ins ON claims;
DROP TRIGGER IF EXISTS claims_facets_upd ON claims;
DROP TRIGGER IF EXISTS claims_facets_del ON claims;
DROP TRIGGER IF EXISTS stance_tags_sync_ins ON stance_tags;
DROP TRIGGER IF EXISTS stance_tags_sync_upd ON stance_tags;
DROP TRIGGER IF EXISTS stance_tags_sync_del ON stance_tags;
DROP FUNCTION IF EXISTS gc_actor_facet_recount, gc_actor_facet_rows, gc_facet_recount,
    gc_claims_facets_ins, gc_claims_facets_upd,
    gc_claims_facets_del, gc_apply_facets, gc_facet_rows, gc_facet_src_of,
    gc_stance_tags_ins, gc_stance_tags_upd, gc_stance_tags_del, gc_sync_claim_tags,
    gc_claim_tag_codes, gc_tag_code;
DROP TYPE IF EXISTS gc_facet_src;
DROP TABLE IF EXISTS facet_counts, actor_facet_counts;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
