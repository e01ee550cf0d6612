-- 0004: partner enterprises and their pairing with women, contacts and progress
-- reports, jobs, referrals with the referral rule's verdict and their outcomes,
-- and micro-ventures (创业支持) with their support and monthly accounts.
-- Money is integer fen.

ALTER TABLE enterprises ADD COLUMN phone TEXT CHECK (phone IS NULL OR length(phone) BETWEEN 5 AND 20);
ALTER TABLE enterprises ADD COLUMN address TEXT;
-- what the enterprise offers, a set of words: training, jobs, orders (comma-separated)
ALTER TABLE enterprises ADD COLUMN offers TEXT NOT NULL DEFAULT '';

-- 结对帮扶: an enterprise paired with a woman of its project.
CREATE TABLE enterprise_pairs (
  enterprise_id  INTEGER NOT NULL REFERENCES enterprises(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  paired_on      TEXT NOT NULL,
  PRIMARY KEY (enterprise_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX enterprise_pairs_participant ON enterprise_pairs(participant_id);

-- The log of contacts with an enterprise and of the progress reports sent to it.
CREATE TABLE enterprise_contacts (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects(id),
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
  kind          TEXT NOT NULL CHECK (kind IN ('contact','report')),
  on_date       TEXT NOT NULL,
  summary       TEXT NOT NULL,
  actor         TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX enterprise_contacts_enterprise ON enterprise_contacts(enterprise_id, on_date);

CREATE TABLE jobs (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects(id),
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
  title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  kind          TEXT NOT NULL CHECK (kind IN ('flexible','part_time','full_time','piece_work')),
  wage_fen      INTEGER CHECK (wage_fen IS NULL OR wage_fen >= 0),
  wage_unit     TEXT NOT NULL DEFAULT 'month' CHECK (wage_unit IN ('month','day','hour','piece')),
  place         TEXT,
  hours         TEXT,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','filled')),
  created_at    TEXT NOT NULL
);
CREATE INDEX jobs_project ON jobs(project_id, status, id);
CREATE INDEX jobs_enterprise ON jobs(enterprise_id, id);

-- A referral of a woman to a job. eligible: the referral rule's verdict when she
-- was referred; override_reason when she was referred although not eligible. A
-- hire (outcome 'hired', with its wage) is a placement on her record.
CREATE TABLE referrals (
  id              INTEGER PRIMARY KEY,
  project_id      INTEGER NOT NULL REFERENCES projects(id),
  job_id          INTEGER NOT NULL REFERENCES jobs(id),
  enterprise_id   INTEGER NOT NULL REFERENCES enterprises(id),
  participant_id  INTEGER NOT NULL REFERENCES participants(id),
  referred_on     TEXT NOT NULL,
  eligible        INTEGER NOT NULL CHECK (eligible IN (0,1)),
  override_reason TEXT,
  outcome         TEXT CHECK (outcome IS NULL OR outcome IN ('interviewed','hired','not_hired')),
  outcome_on      TEXT,
  wage_fen        INTEGER CHECK (wage_fen IS NULL OR wage_fen >= 0),
  created_at      TEXT NOT NULL,
  UNIQUE (job_id, participant_id),
  CHECK (eligible = 1 OR override_reason IS NOT NULL)
);
CREATE INDEX referrals_enterprise ON referrals(enterprise_id, id);
CREATE INDEX referrals_participant ON referrals(participant_id);
CREATE INDEX referrals_project ON referrals(project_id, id);

-- Micro-ventures: a business run by one woman or a group.
CREATE TABLE ventures (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  started_on  TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused','closed')),
  created_at  TEXT NOT NULL
);
CREATE INDEX ventures_project ON ventures(project_id, id);

CREATE TABLE venture_members (
  venture_id     INTEGER NOT NULL REFERENCES ventures(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  PRIMARY KEY (venture_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX venture_members_participant ON venture_members(participant_id);

-- The support given: a start-up grant (later linked to a fund disbursement),
-- training or mentoring.
CREATE TABLE venture_support (
  id               INTEGER PRIMARY KEY,
  venture_id       INTEGER NOT NULL REFERENCES ventures(id),
  kind             TEXT NOT NULL CHECK (kind IN ('grant','training','mentoring')),
  on_date          TEXT NOT NULL,
  amount_fen       INTEGER CHECK (amount_fen IS NULL OR amount_fen > 0),
  note             TEXT,
  disbursement_id  INTEGER,
  created_at       TEXT NOT NULL,
  CHECK (kind = 'grant' OR amount_fen IS NULL)
);
CREATE INDEX venture_support_venture ON venture_support(venture_id, on_date);

-- One record per month of revenue and cost.
CREATE TABLE venture_months (
  venture_id  INTEGER NOT NULL REFERENCES ventures(id),
  month       TEXT NOT NULL CHECK (length(month) = 7),
  revenue_fen INTEGER NOT NULL CHECK (revenue_fen >= 0),
  cost_fen    INTEGER NOT NULL CHECK (cost_fen >= 0),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (venture_id, month)
) WITHOUT ROWID;
