-- The page cache every server shares when the site reads PostgreSQL (lib/shared-page-cache.cjs).
-- page_cache: pages and route responses rendered on demand, by build (a build never serves
-- another's), as gzipped JSON; their cache tags; when they were rendered (milliseconds, the
-- rendering server's clock, as Next compares tag expiries with it); their size, for the bound.
CREATE TABLE page_cache (
  build text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  value bytea NOT NULL,
  tags text[] NOT NULL,
  last_modified bigint NOT NULL,
  bytes int NOT NULL,
  PRIMARY KEY (build, key)
);
CREATE INDEX page_cache_tags ON page_cache USING gin (tags);
CREATE INDEX page_cache_age ON page_cache (last_modified);

-- cache_tags: when each tag was last expired (POST /api/revalidate on any server), and a version
-- from one sequence, so that every server reads only what changed since it last looked.
CREATE SEQUENCE cache_tag_versions;
CREATE TABLE cache_tags (
  tag text COLLATE "C" PRIMARY KEY,
  expired_at bigint NOT NULL,
  version bigint NOT NULL
);
CREATE INDEX cache_tags_version ON cache_tags (version);
