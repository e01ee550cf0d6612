-- 0003: skills training (courses, enrolment, sessions, attendance, exams), QR
-- sign-in codes, community activities, friendship ties and mentorship.
-- Times of sessions are stored as "YYYY-MM-DDTHH:MM:SS+08:00" (Shanghai), so
-- text order is time order. Attendance is one row per woman and session (the
-- primary key makes signing in twice count once).

CREATE TABLE courses (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  skill       TEXT NOT NULL CHECK (length(skill) BETWEEN 1 AND 100),
  pass_score  INTEGER NOT NULL CHECK (pass_score BETWEEN 0 AND 100),
  teacher     TEXT,
  place       TEXT,
  created_at  TEXT NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE enrollments (
  course_id      INTEGER NOT NULL REFERENCES courses(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  enrolled_on    TEXT NOT NULL,
  PRIMARY KEY (course_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX enrollments_participant ON enrollments(participant_id, course_id);

CREATE TABLE course_sessions (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  course_id   INTEGER NOT NULL REFERENCES courses(id),
  kind        TEXT NOT NULL CHECK (kind IN ('class','visit','open_class')),
  starts_at   TEXT NOT NULL,
  minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  topic       TEXT,
  place       TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX course_sessions_course ON course_sessions(course_id, starts_at);
CREATE INDEX course_sessions_project ON course_sessions(project_id, starts_at);

-- how: 'roll' (a worker's roll call) or 'qr' (she signed in herself)
CREATE TABLE attendance (
  session_id     INTEGER NOT NULL REFERENCES course_sessions(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  how            TEXT NOT NULL CHECK (how IN ('roll','qr')),
  at             TEXT NOT NULL,
  PRIMARY KEY (session_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX attendance_participant ON attendance(participant_id, session_id);

-- Exams: every attempt is kept; passed is score >= the course's pass score at the
-- time of the exam (kept with it, so a later change of the pass score does not
-- rewrite history).
CREATE TABLE exams (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  course_id      INTEGER NOT NULL REFERENCES courses(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  score          INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  pass_score     INTEGER NOT NULL CHECK (pass_score BETWEEN 0 AND 100),
  passed         INTEGER NOT NULL CHECK (passed IN (0,1)),
  taken_on       TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX exams_participant ON exams(participant_id, course_id);
CREATE INDEX exams_course ON exams(course_id, participant_id);

-- Community activities.
CREATE TABLE activities (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  kind        TEXT NOT NULL CHECK (kind IN ('integration','advocacy','open_class','volunteer')),
  held_on     TEXT NOT NULL,
  starts_at   TEXT NOT NULL,
  minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  place       TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX activities_project ON activities(project_id, starts_at);

CREATE TABLE activity_attendance (
  activity_id    INTEGER NOT NULL REFERENCES activities(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  how            TEXT NOT NULL CHECK (how IN ('roll','qr')),
  at             TEXT NOT NULL,
  PRIMARY KEY (activity_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX activity_attendance_participant ON activity_attendance(participant_id, activity_id);

-- Guests of a session (open classes) or an activity (residents): not participants.
-- A guest who gives a phone number counts once per session or activity.
CREATE TABLE guests (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  session_id  INTEGER REFERENCES course_sessions(id),
  activity_id INTEGER REFERENCES activities(id),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  phone       TEXT CHECK (phone IS NULL OR length(phone) = 11),
  how         TEXT NOT NULL CHECK (how IN ('roll','qr')),
  at          TEXT NOT NULL,
  CHECK ((session_id IS NULL) <> (activity_id IS NULL))
);
CREATE INDEX guests_session ON guests(session_id) WHERE session_id IS NOT NULL;
CREATE INDEX guests_activity ON guests(activity_id) WHERE activity_id IS NOT NULL;
CREATE UNIQUE INDEX guests_session_phone ON guests(session_id, phone)
  WHERE session_id IS NOT NULL AND phone IS NOT NULL;
CREATE UNIQUE INDEX guests_activity_phone ON guests(activity_id, phone)
  WHERE activity_id IS NOT NULL AND phone IS NOT NULL;

-- QR sign-in codes: a random token naming one session or one activity, until it
-- expires. A new code for the same event replaces the old one.
CREATE TABLE checkin_codes (
  token       TEXT PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  session_id  INTEGER REFERENCES course_sessions(id),
  activity_id INTEGER REFERENCES activities(id),
  expires_at  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  CHECK ((session_id IS NULL) <> (activity_id IS NULL))
) WITHOUT ROWID;
CREATE UNIQUE INDEX checkin_codes_session ON checkin_codes(session_id) WHERE session_id IS NOT NULL;
CREATE UNIQUE INDEX checkin_codes_activity ON checkin_codes(activity_id) WHERE activity_id IS NOT NULL;

-- Friendship ties: undirected, stored with a < b, each pair once per project.
CREATE TABLE ties (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  a           INTEGER NOT NULL REFERENCES participants(id),
  b           INTEGER NOT NULL REFERENCES participants(id),
  formed_on   TEXT NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('worker','survey')),
  created_at  TEXT NOT NULL,
  CHECK (a < b),
  UNIQUE (project_id, a, b)
);
CREATE INDEX ties_b ON ties(b);

-- Mentorship (传帮带): a mentor (a participant) and a newcomer — a participant,
-- or someone outside the programme known by name only.
CREATE TABLE mentorships (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  mentor_id   INTEGER NOT NULL REFERENCES participants(id),
  mentee_id   INTEGER REFERENCES participants(id),
  mentee_name TEXT,
  started_on  TEXT NOT NULL,
  ended_on    TEXT,
  created_at  TEXT NOT NULL,
  CHECK ((mentee_id IS NULL) <> (mentee_name IS NULL)),
  CHECK (mentee_id IS NULL OR mentee_id <> mentor_id)
);
CREATE INDEX mentorships_project ON mentorships(project_id, mentor_id);
CREATE UNIQUE INDEX mentorships_pair ON mentorships(mentor_id, mentee_id) WHERE mentee_id IS NOT NULL;

-- Meetings of a pair: what was done, the newcomer's progress, and how many more
-- people the newcomer or mentor reached at it (brought along, told, helped).
CREATE TABLE mentor_meetings (
  id            INTEGER PRIMARY KEY,
  mentorship_id INTEGER NOT NULL REFERENCES mentorships(id),
  held_on       TEXT NOT NULL,
  notes         TEXT NOT NULL,
  progress      TEXT,
  reached       INTEGER NOT NULL DEFAULT 0 CHECK (reached BETWEEN 0 AND 1000),
  created_at    TEXT NOT NULL
);
CREATE INDEX mentor_meetings_pair ON mentor_meetings(mentorship_id, held_on);
