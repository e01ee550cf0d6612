-- 0002: participants and the intake pipeline, personal data, the resident
-- registry, assessments with a configurable rubric, baseline incomes, consent
-- per purpose, and casework.
-- Personal identifiers: the ID number is stored only as a secretbox (id_box) with
-- a keyed hash (id_hash) for look-ups and a masked form for display; audit
-- summaries never hold names, phones or ID numbers.

ALTER TABLE participants ADD COLUMN source TEXT NOT NULL DEFAULT 'outreach'
  CHECK (source IN ('publicity','outreach','self'));
ALTER TABLE participants ADD COLUMN phone TEXT CHECK (phone IS NULL OR length(phone) = 11);
ALTER TABLE participants ADD COLUMN birth_date TEXT;
ALTER TABLE participants ADD COLUMN id_box BLOB;
ALTER TABLE participants ADD COLUMN id_hash BLOB;
ALTER TABLE participants ADD COLUMN id_masked TEXT;
ALTER TABLE participants ADD COLUMN heard_from TEXT;
ALTER TABLE participants ADD COLUMN stage_on TEXT NOT NULL DEFAULT '';
ALTER TABLE participants ADD COLUMN worker_id INTEGER REFERENCES users(id);
ALTER TABLE participants ADD COLUMN life_changed INTEGER CHECK (life_changed IN (0,1));
ALTER TABLE participants ADD COLUMN anonymised_at TEXT;
CREATE INDEX participants_stage ON participants(project_id, stage, id);
CREATE INDEX participants_id_hash ON participants(project_id, id_hash);
CREATE INDEX participants_phone ON participants(project_id, phone);
CREATE INDEX participants_name ON participants(project_id, name, birth_date);

-- Every move through the pipeline, the first (into signed_up) included.
CREATE TABLE transitions (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  from_stage     TEXT,
  to_stage       TEXT NOT NULL,
  on_date        TEXT NOT NULL,
  reason         TEXT,
  actor_id       INTEGER,
  actor          TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX transitions_participant ON transitions(participant_id, id);
CREATE INDEX transitions_project ON transitions(project_id, to_stage);

-- Consent per purpose; the latest row of a purpose is in force (granted or withdrawn).
CREATE TABLE consents (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  purpose        TEXT NOT NULL CHECK (purpose IN ('service','employer','evaluator','publicity')),
  granted        INTEGER NOT NULL CHECK (granted IN (0,1)),
  version        TEXT,
  method         TEXT,
  on_date        TEXT NOT NULL,
  actor          TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX consents_participant ON consents(participant_id, purpose, id);

CREATE TABLE assessments (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  kind           TEXT NOT NULL CHECK (kind IN ('home_visit','final_review')),
  on_date        TEXT NOT NULL,
  answers        TEXT NOT NULL,           -- JSON object
  score          INTEGER,                 -- home visits: 0..100 by the rubric
  pass_line      INTEGER,
  approved       INTEGER CHECK (approved IN (0,1)), -- final reviews
  actor_id       INTEGER,
  actor          TEXT NOT NULL,
  actor_role     TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX assessments_participant ON assessments(participant_id, kind, id);

-- Monthly income in fen; the home visit records her baseline.
CREATE TABLE incomes (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  month          TEXT NOT NULL CHECK (length(month) = 7),
  amount_fen     INTEGER NOT NULL CHECK (amount_fen >= 0),
  kind           TEXT NOT NULL CHECK (kind IN ('baseline','followup')),
  created_at     TEXT NOT NULL,
  UNIQUE (participant_id, kind, month)
);

-- Per-project settings (the home-visit rubric, thresholds), as text.
CREATE TABLE project_settings (
  project_id INTEGER NOT NULL REFERENCES projects(id),
  key        TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (project_id, key)
) WITHOUT ROWID;

-- The community's resident registration list, as imported.
CREATE TABLE registry (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  name        TEXT NOT NULL,
  id_box      BLOB NOT NULL,
  id_hash     BLOB NOT NULL,
  id_masked   TEXT NOT NULL,
  phone       TEXT,
  address     TEXT,
  birth_date  TEXT,
  imported_at TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (project_id, id_hash)
);
CREATE INDEX registry_name ON registry(project_id, name);

-- Casework: notes (plain notes, service plans with goals, follow-ups) and
-- supervisors' comments on them.
CREATE TABLE case_notes (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  author_id      INTEGER REFERENCES users(id),
  author         TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('note','plan','followup')),
  on_date        TEXT NOT NULL,
  body           TEXT NOT NULL,
  goals          TEXT,
  sensitive      INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0,1)),
  created_at     TEXT NOT NULL
);
CREATE INDEX case_notes_participant ON case_notes(participant_id, id);

CREATE TABLE note_comments (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  note_id    INTEGER NOT NULL REFERENCES case_notes(id),
  author_id  INTEGER REFERENCES users(id),
  author     TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX note_comments_note ON note_comments(note_id, id);
