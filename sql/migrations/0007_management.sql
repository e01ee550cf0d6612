-- 0007: running the project (项目管理) — staff and volunteers with their training
-- records and hours, partners and the reports sent to them, and the weekly
-- meeting minutes with their action items.

CREATE TABLE staff (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  kind        TEXT NOT NULL CHECK (kind IN ('staff','volunteer')),
  title       TEXT,                     -- 社工, 项目主管, 大学生志愿者 …
  phone       TEXT CHECK (phone IS NULL OR length(phone) = 11),
  joined_on   TEXT NOT NULL,
  left_on     TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX staff_project ON staff(project_id, kind, id);

CREATE TABLE staff_trainings (
  id          INTEGER PRIMARY KEY,
  staff_id    INTEGER NOT NULL REFERENCES staff(id),
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  on_date     TEXT NOT NULL,
  hours_x10   INTEGER NOT NULL CHECK (hours_x10 BETWEEN 1 AND 2400),
  provider    TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX staff_trainings_staff ON staff_trainings(staff_id, on_date);

-- Service hours (mostly volunteers'), in minutes.
CREATE TABLE staff_hours (
  id          INTEGER PRIMARY KEY,
  staff_id    INTEGER NOT NULL REFERENCES staff(id),
  on_date     TEXT NOT NULL,
  minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  what        TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND 200),
  created_at  TEXT NOT NULL
);
CREATE INDEX staff_hours_staff ON staff_hours(staff_id, on_date);

-- Partners: enterprises, foundations, government departments (民政, 人社, 妇联 …),
-- media, others.
CREATE TABLE partners (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind        TEXT NOT NULL CHECK (kind IN ('enterprise','foundation','government','media','other')),
  contact     TEXT,
  note        TEXT,
  created_at  TEXT NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE partner_reports (
  id          INTEGER PRIMARY KEY,
  partner_id  INTEGER NOT NULL REFERENCES partners(id),
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  kind        TEXT NOT NULL CHECK (kind IN ('monthly','quarterly','evaluation','other')),
  sent_on     TEXT NOT NULL,
  note        TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX partner_reports_partner ON partner_reports(partner_id, sent_on);

-- Weekly meeting minutes (周例会纪要).
CREATE TABLE minutes (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  held_on     TEXT NOT NULL,
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  attendees   TEXT NOT NULL,            -- names, one per line
  decisions   TEXT NOT NULL,
  actor       TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX minutes_project ON minutes(project_id, held_on);

CREATE TABLE minute_actions (
  id          INTEGER PRIMARY KEY,
  minute_id   INTEGER NOT NULL REFERENCES minutes(id),
  what        TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND 200),
  owner       TEXT NOT NULL CHECK (length(owner) BETWEEN 1 AND 50),
  due_on      TEXT,
  done_on     TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX minute_actions_minute ON minute_actions(minute_id, id);
