-- 0008: the project's own finances (funders, budget lines, expenses with
-- receipts) and the publicity log with its photos. Uploaded files live on disk
-- beside the database (never under the web root), named by id; this table holds
-- what they are. Money is integer fen.

CREATE TABLE files (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  purpose     TEXT NOT NULL CHECK (purpose IN ('receipt','photo')),
  mime        TEXT NOT NULL CHECK (mime IN ('image/jpeg','image/png','application/pdf')),
  bytes       INTEGER NOT NULL CHECK (bytes BETWEEN 1 AND 5242880), -- FILES_MAX_BYTES
  sha256      TEXT NOT NULL,
  name        TEXT,                      -- the uploaded file's name, for display
  actor       TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX files_project ON files(project_id, id);

CREATE TABLE funders (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind           TEXT NOT NULL CHECK (kind IN ('foundation','government','enterprise','individual','other')),
  committed_fen  INTEGER NOT NULL CHECK (committed_fen >= 0),
  created_at     TEXT NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE budget_lines (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  funder_id   INTEGER REFERENCES funders(id),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
  created_at  TEXT NOT NULL,
  UNIQUE (project_id, name)
);
CREATE INDEX budget_lines_funder ON budget_lines(funder_id);

CREATE TABLE expenses (
  id              INTEGER PRIMARY KEY,
  project_id      INTEGER NOT NULL REFERENCES projects(id),
  budget_line_id  INTEGER NOT NULL REFERENCES budget_lines(id),
  spent_on        TEXT NOT NULL,
  amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
  payee           TEXT NOT NULL CHECK (length(payee) BETWEEN 1 AND 100),
  note            TEXT,
  receipt_id      INTEGER REFERENCES files(id),
  actor           TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE INDEX expenses_project ON expenses(project_id, spent_on);
CREATE INDEX expenses_line ON expenses(budget_line_id);

CREATE TABLE publicity (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects(id),
  channel       TEXT NOT NULL CHECK (channel IN ('douyin','weibo','wechat','channels','kuaishou','newspaper','tv','other')),
  published_on  TEXT NOT NULL,
  title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  link          TEXT,
  reach         INTEGER CHECK (reach IS NULL OR reach >= 0),
  created_at    TEXT NOT NULL
);
CREATE INDEX publicity_project ON publicity(project_id, published_on);

-- A photo of a post and the women in it: each must have consented to publicity
-- when it was added (checked by the domain).
CREATE TABLE publicity_photos (
  id            INTEGER PRIMARY KEY,
  publicity_id  INTEGER NOT NULL REFERENCES publicity(id),
  file_id       INTEGER NOT NULL REFERENCES files(id),
  created_at    TEXT NOT NULL
);
CREATE INDEX publicity_photos_entry ON publicity_photos(publicity_id);
CREATE TABLE publicity_photo_people (
  photo_id       INTEGER NOT NULL REFERENCES publicity_photos(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  PRIMARY KEY (photo_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX publicity_photo_people_participant ON publicity_photo_people(participant_id);
