-- 0001: the platform — settings, projects, accounts, sessions, API tokens,
-- login throttling and the hash-chained audit log. Minimal participants and
-- enterprises tables exist so that member and partner accounts can be linked;
-- the intake and jobs migrations grow them.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
);

CREATE TABLE projects (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  community  TEXT NOT NULL CHECK (length(community) BETWEEN 1 AND 100),
  capacity   INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  created_at TEXT NOT NULL
);

CREATE TABLE participants (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  stage      TEXT NOT NULL DEFAULT 'signed_up',
  created_at TEXT NOT NULL
);
CREATE INDEX participants_project ON participants(project_id);

CREATE TABLE enterprises (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  contact    TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX enterprises_project ON enterprises(project_id);

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  login          TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 64),
  role           TEXT NOT NULL CHECK (role IN ('admin','social_worker','supervisor',
                   'community_staff','coop_leader','member','partner','auditor')),
  project_id     INTEGER REFERENCES projects(id),      -- NULL: every project
  participant_id INTEGER REFERENCES participants(id),  -- members only
  enterprise_id  INTEGER REFERENCES enterprises(id),   -- partners only
  password_hash  TEXT NOT NULL,
  lang           TEXT CHECK (lang IN ('zh','en')),     -- NULL: follow the browser
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  created_at     TEXT NOT NULL,
  CHECK ((role = 'member') = (participant_id IS NOT NULL)),
  CHECK ((role = 'partner') = (enterprise_id IS NOT NULL)),
  CHECK (role NOT IN ('member','partner') OR project_id IS NOT NULL)
);

-- Sessions live in the database so that several servers can share them.
-- Only a BLAKE2b hash of the cookie's token is stored.
CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  project_id INTEGER REFERENCES projects(id),           -- the project being worked on
  created_at INTEGER NOT NULL,                          -- unix seconds
  last_seen  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash BLOB NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- Failed logins per key: 'a:<login>|<ip>' (an account from one address) and 'i:<ip>'.
CREATE TABLE login_throttle (
  key          TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The audit chain: hash = BLAKE2b-256(prev_hash || canonical entry); see src/store/audit.c.
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor_id   INTEGER,
  actor      TEXT NOT NULL,
  project_id INTEGER,
  entity     TEXT NOT NULL,
  entity_id  INTEGER,
  action     TEXT NOT NULL,
  summary    TEXT NOT NULL,
  prev_hash  BLOB NOT NULL,
  hash       BLOB NOT NULL
);
CREATE INDEX audit_log_project ON audit_log(project_id, id);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
