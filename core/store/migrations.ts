/**
 * The database schema as plain SQL, one migration per version, applied in order by `migrate()` on
 * PGlite and PostgreSQL alike. Never edit a released migration: add the next one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'history',
    sql: `
CREATE TABLE history_jobs (
  id                  text PRIMARY KEY,
  printer_id          text NOT NULL,
  printer_name        text NOT NULL,
  printer_serial      text NOT NULL,
  printer_model       text,
  job_name            text NOT NULL,
  file_name           text NOT NULL,
  plate               integer,
  started_by_farmdeck boolean NOT NULL DEFAULT false,
  started_at          timestamptz NOT NULL,
  ended_at            timestamptz,
  result              text NOT NULL
    CHECK (result IN ('running', 'finished', 'failed', 'cancelled', 'unknown')),
  failure             jsonb,
  failure_summary     text,
  layer_reached       integer,
  total_layers        integer,
  percent             real,
  filament            jsonb NOT NULL,
  filament_grams      real,
  demo                boolean NOT NULL DEFAULT false,
  updated_at          timestamptz NOT NULL
);
CREATE INDEX history_jobs_started ON history_jobs (started_at DESC, id DESC);
CREATE INDEX history_jobs_printer ON history_jobs (printer_id, started_at DESC);
CREATE INDEX history_jobs_running ON history_jobs (printer_serial) WHERE result = 'running';

CREATE TABLE history_filament (
  job_id   text NOT NULL REFERENCES history_jobs (id) ON DELETE CASCADE,
  slot     integer,
  material text NOT NULL,
  color    text,
  grams    real
);
CREATE INDEX history_filament_job ON history_filament (job_id);
`,
  },
  {
    version: 2,
    name: 'library and snapshots',
    sql: `
CREATE TABLE library_files (
  file_id           text PRIMARY KEY CHECK (file_id ~ '^[0-9a-f]{64}$'),
  name              text NOT NULL,
  bytes             bigint NOT NULL,
  added_at          timestamptz NOT NULL,
  last_used_at      timestamptz NOT NULL,
  plate_count       integer NOT NULL,
  models            jsonb NOT NULL,
  filaments         jsonb NOT NULL,
  thumbnail         text,
  prediction_seconds real,
  plates            jsonb NOT NULL,
  search            text NOT NULL
);
CREATE INDEX library_files_used ON library_files (last_used_at DESC);

ALTER TABLE history_jobs ADD COLUMN library_file_id text;
ALTER TABLE history_jobs ADD COLUMN snapshot_path text;
ALTER TABLE history_jobs ADD COLUMN snapshot_at timestamptz;
ALTER TABLE history_jobs ADD COLUMN instance_id text;
CREATE INDEX history_jobs_library ON history_jobs (library_file_id) WHERE library_file_id IS NOT NULL;
`,
  },
  {
    version: 3,
    name: 'search and filter indexes',
    // Trigram indexes answer the history's text search (ILIKE '%…%') without reading every row;
    // pg_trgm is a trusted extension (a database owner may create it) and PGlite ships it.
    sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX history_jobs_job_trgm ON history_jobs USING gin (job_name gin_trgm_ops);
CREATE INDEX history_jobs_file_trgm ON history_jobs USING gin (file_name gin_trgm_ops);
CREATE INDEX history_jobs_printer_trgm ON history_jobs USING gin (printer_name gin_trgm_ops);
CREATE INDEX history_jobs_result ON history_jobs (result, started_at DESC, id DESC);
ANALYZE history_jobs;
ANALYZE history_filament;
`,
  },
  {
    version: 4,
    name: 'job queue and printer leases',
    // One row per printer may hold a dispatched or printing copy (the unique partial index): the
    // database itself refuses a second active copy on a printer, whatever the callers do.
    // queue_state.revision is bumped by every write, so a poll of it sees any instance's change.
    // library_blobs holds library files' bytes in 1 MiB chunks on a server shared by instances (a
    // queued copy may be dispatched by one that did not receive the drop); empty on PGlite.
    sql: `
CREATE TABLE queue_jobs (
  id              text PRIMARY KEY,
  library_file_id text NOT NULL,
  file_name       text NOT NULL,
  plate           integer NOT NULL CHECK (plate >= 1),
  target          jsonb NOT NULL,
  filament_rule   text NOT NULL CHECK (filament_rule IN ('exact-color', 'same-material', 'ignore-color')),
  priority        integer NOT NULL,
  position        float8 NOT NULL,
  not_before      timestamptz,
  on_failure      text NOT NULL CHECK (on_failure IN ('requeue', 'hold')),
  options         jsonb NOT NULL,
  waiting         text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX queue_jobs_order ON queue_jobs (priority DESC, position, created_at, id);

CREATE TABLE queue_copies (
  id             text PRIMARY KEY,
  job_id         text NOT NULL REFERENCES queue_jobs (id) ON DELETE CASCADE,
  copy_index     integer NOT NULL CHECK (copy_index >= 1),
  state          text NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'dispatched', 'printing', 'done', 'failed', 'held', 'cancelled')),
  printer_serial text,
  instance_id    text,
  history_id     text,
  attempts       integer NOT NULL DEFAULT 0,
  reason         text,
  dispatched_at  timestamptz,
  started_at     timestamptz,
  ended_at       timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (job_id, copy_index)
);
CREATE INDEX queue_copies_queued ON queue_copies (job_id, copy_index) WHERE state = 'queued';
CREATE UNIQUE INDEX queue_copies_active ON queue_copies (printer_serial)
  WHERE state IN ('dispatched', 'printing');

CREATE TABLE queue_printers (
  serial          text PRIMARY KEY,
  bed             text NOT NULL DEFAULT 'unknown'
    CHECK (bed IN ('clear', 'needs-clearing', 'unknown', 'in-use')),
  bed_changed_at  timestamptz,
  waive_bed_check boolean NOT NULL DEFAULT false,
  tags            jsonb NOT NULL DEFAULT '[]',
  exclusion       text
);

CREATE TABLE queue_leases (
  serial      text PRIMARY KEY,
  instance_id text NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX queue_leases_instance ON queue_leases (instance_id);

CREATE TABLE queue_state (
  id       boolean PRIMARY KEY DEFAULT true CHECK (id),
  paused   boolean NOT NULL DEFAULT false,
  revision bigint NOT NULL DEFAULT 0
);
INSERT INTO queue_state (id) VALUES (true);

CREATE TABLE library_blobs (
  file_id text NOT NULL REFERENCES library_files (file_id) ON DELETE CASCADE,
  chunk   integer NOT NULL CHECK (chunk >= 0),
  data    bytea NOT NULL,
  PRIMARY KEY (file_id, chunk)
);
`,
  },
  {
    version: 5,
    name: 'queue notes revision',
    // Waiting and exclusion reasons change with every printer (they name counts): they bump their
    // own counter. jobs_revision moves (with revision) only when jobs or copies changed: a
    // dispatcher keeps its job list while beds, leases and reasons move.
    sql: `
ALTER TABLE queue_state ADD COLUMN notes_revision bigint NOT NULL DEFAULT 0;
ALTER TABLE queue_state ADD COLUMN jobs_revision bigint NOT NULL DEFAULT 0;
`,
  },
];

/** The schema version this Farmdeck writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
