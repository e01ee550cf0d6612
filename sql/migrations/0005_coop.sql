-- 0005: the cooperative (合作社) — members, officers, charter and rules; orders,
-- their items, tasks and pieces; customer payments, settlements and payouts; the
-- double-entry ledger under all of its money; the fund pool's congress
-- (社员代表大会): representatives, meetings, proposals and votes.
-- Money is integer fen; rates are basis points.

CREATE TABLE coop_members (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  joined_on      TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','left')),
  left_on        TEXT,
  created_at     TEXT NOT NULL,
  UNIQUE (project_id, participant_id)
);

-- The self-organisation's officers; to_on NULL while in office.
CREATE TABLE coop_officers (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  member_id  INTEGER NOT NULL REFERENCES coop_members(id),
  role       TEXT NOT NULL CHECK (role IN ('chair','vice_chair','treasurer','secretary',
                                           'supervisor','team_leader')),
  from_on    TEXT NOT NULL,
  to_on      TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX coop_officers_project ON coop_officers(project_id, to_on);

-- The charter and internal rules: every version kept; the latest is in force.
CREATE TABLE coop_documents (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  kind       TEXT NOT NULL CHECK (kind IN ('charter','rule')),
  title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  version    INTEGER NOT NULL CHECK (version >= 1),
  body       TEXT NOT NULL,
  adopted_on TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (project_id, kind, title, version)
);

-- An order. amount_fen is the sum of its items, computed when it is taken;
-- levy_rate_bp is the project's levy rate at that moment.
CREATE TABLE coop_orders (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects(id),
  channel       TEXT NOT NULL CHECK (channel IN ('livestream','offline','enterprise')),
  customer      TEXT NOT NULL CHECK (length(customer) BETWEEN 1 AND 100),
  enterprise_id INTEGER REFERENCES enterprises(id),
  amount_fen    INTEGER NOT NULL CHECK (amount_fen > 0),
  levy_rate_bp  INTEGER NOT NULL CHECK (levy_rate_bp BETWEEN 0 AND 10000),
  received_on   TEXT NOT NULL,
  due_on        TEXT,
  status        TEXT NOT NULL DEFAULT 'received'
                CHECK (status IN ('received','in_production','delivered','paid','closed','cancelled')),
  created_at    TEXT NOT NULL
);
CREATE INDEX coop_orders_project ON coop_orders(project_id, id);

CREATE TABLE coop_order_items (
  order_id       INTEGER NOT NULL REFERENCES coop_orders(id),
  line           INTEGER NOT NULL,
  name           TEXT NOT NULL,
  quantity       INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),
  amount_fen     INTEGER NOT NULL CHECK (amount_fen = quantity * unit_price_fen),
  PRIMARY KEY (order_id, line)
) WITHOUT ROWID;

-- A process step of an order. The piece rate never changes once set.
CREATE TABLE coop_tasks (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  order_id       INTEGER NOT NULL REFERENCES coop_orders(id),
  step           TEXT NOT NULL CHECK (length(step) BETWEEN 1 AND 100),
  piece_rate_fen INTEGER NOT NULL CHECK (piece_rate_fen > 0),
  pieces_planned INTEGER NOT NULL CHECK (pieces_planned > 0),
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
  created_at     TEXT NOT NULL
);
CREATE INDEX coop_tasks_order ON coop_tasks(order_id, id);
CREATE TRIGGER coop_tasks_rate_fixed BEFORE UPDATE OF piece_rate_fen ON coop_tasks
WHEN NEW.piece_rate_fen <> OLD.piece_rate_fen
BEGIN SELECT RAISE(ABORT, 'a piece rate never changes'); END;

-- Who works on a task: claimed by herself or assigned by a leader.
CREATE TABLE coop_task_members (
  task_id    INTEGER NOT NULL REFERENCES coop_tasks(id),
  member_id  INTEGER NOT NULL REFERENCES coop_members(id),
  how        TEXT NOT NULL CHECK (how IN ('claimed','assigned')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (task_id, member_id)
) WITHOUT ROWID;
CREATE INDEX coop_task_members_member ON coop_task_members(member_id);

-- Pieces made by a member on a task. A member's own record is 'pending' (only
-- submitted is known) until a leader's quality check sets accepted and rejected;
-- a leader's record is 'checked' at once. rate_fen is the task's piece rate.
-- What a checked record pays, and the settlement that paid it, is in coop_payables.
CREATE TABLE coop_pieces (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects(id),
  task_id       INTEGER NOT NULL REFERENCES coop_tasks(id),
  member_id     INTEGER NOT NULL REFERENCES coop_members(id),
  recorded_on   TEXT NOT NULL,
  submitted     INTEGER NOT NULL CHECK (submitted >= 0),
  accepted      INTEGER NOT NULL DEFAULT 0 CHECK (accepted >= 0),
  rejected      INTEGER NOT NULL DEFAULT 0 CHECK (rejected >= 0),
  rate_fen      INTEGER NOT NULL CHECK (rate_fen > 0),
  status        TEXT NOT NULL CHECK (status IN ('pending','checked')),
  checked_at    TEXT,
  created_at    TEXT NOT NULL,
  CHECK (status = 'checked' OR (accepted = 0 AND rejected = 0))
);
-- (project_id, status, recorded_on): a period's pending records are counted from
-- the index alone, by one seek to a short range (status before the date, so the
-- million checked records of a month are not read to find its few pending ones)
CREATE INDEX coop_pieces_period ON coop_pieces(project_id, status, recorded_on);
CREATE INDEX coop_pieces_task ON coop_pieces(task_id);
CREATE INDEX coop_pieces_member ON coop_pieces(member_id, recorded_on);
-- a checked record's content never changes again (pending → checked is the one
-- update a record has)
CREATE TRIGGER coop_pieces_checked_fixed BEFORE UPDATE ON coop_pieces
WHEN OLD.status = 'checked'
BEGIN SELECT RAISE(ABORT, 'a checked piece record never changes'); END;
CREATE TRIGGER coop_pieces_no_delete BEFORE DELETE ON coop_pieces
WHEN OLD.status = 'checked'
BEGIN SELECT RAISE(ABORT, 'a checked piece record is never deleted'); END;

-- What a checked record pays: one row per checked record with accepted > 0, written
-- with the check; clustered by period so a settlement reads and marks one range.
-- settlement_id: the settlement that paid it (NULL: not yet); coop_settlements(id),
-- no foreign key: set only by a settlement, whose single UPDATE of up to millions
-- of rows the check would slow down.
CREATE TABLE coop_payables (
  project_id    INTEGER NOT NULL,
  recorded_on   TEXT NOT NULL,
  piece_id      INTEGER NOT NULL REFERENCES coop_pieces(id),
  member_id     INTEGER NOT NULL,
  task_id       INTEGER NOT NULL,
  accepted      INTEGER NOT NULL CHECK (accepted > 0),
  rate_fen      INTEGER NOT NULL CHECK (rate_fen > 0),
  settlement_id INTEGER,
  PRIMARY KEY (project_id, recorded_on, piece_id)
) WITHOUT ROWID;
-- a payable's content never changes and it is never deleted (the trigger leaves
-- out settlement_id, so that a settlement's UPDATE does not run it once per row)
CREATE TRIGGER coop_payables_fixed BEFORE UPDATE OF project_id, recorded_on, piece_id,
  member_id, task_id, accepted, rate_fen ON coop_payables
BEGIN SELECT RAISE(ABORT, 'a payable piece record never changes'); END;
CREATE TRIGGER coop_payables_no_delete BEFORE DELETE ON coop_payables
BEGIN SELECT RAISE(ABORT, 'a payable piece record is never deleted'); END;

-- ---- the ledger ------------------------------------------------------------
-- The chart of accounts, the same for every project. normal: the side on which
-- the account's balance grows.
CREATE TABLE ledger_accounts (
  code    TEXT PRIMARY KEY,
  kind    TEXT NOT NULL CHECK (kind IN ('asset','liability','equity','income','expense')),
  normal  TEXT NOT NULL CHECK (normal IN ('debit','credit')),
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO ledger_accounts VALUES
  ('1001','asset','debit','库存现金','Cash on hand'),
  ('1002','asset','debit','银行存款','Bank deposits'),
  ('1122','asset','debit','应收账款','Accounts receivable'),
  ('1403','asset','debit','原材料','Raw materials'),
  ('2211','liability','credit','应付社员计件工资','Piece wages payable to members'),
  ('2241','liability','credit','其他应付款','Other payables'),
  ('3101','equity','credit','互助资金池（限定用途）','Fund pool (restricted)'),
  ('3201','equity','credit','合作社公积','Cooperative reserve'),
  ('5001','income','credit','订单收入','Order income'),
  ('5301','income','credit','其他收入','Other income'),
  ('6001','expense','debit','社员计件工资','Members'' piece wages'),
  ('6101','expense','debit','原材料耗用','Materials used'),
  ('6201','expense','debit','运营费用','Running costs'),
  ('6401','expense','debit','资金池提取','Levy to the fund pool');

-- A posted transaction. kind says which operation posted it; source_id is that
-- operation's record (a payment, settlement, payout, inflow, disbursement).
-- reverses_id links a reversal to what it reverses (each reversed at most once).
CREATE TABLE ledger_txns (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  posted_on   TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('payment','settlement','payout','inflow',
                                            'disbursement','manual','reversal')),
  source_id   INTEGER,
  memo        TEXT NOT NULL DEFAULT '',
  reverses_id INTEGER UNIQUE REFERENCES ledger_txns(id),
  actor       TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX ledger_txns_project ON ledger_txns(project_id, posted_on, id);

-- Its lines: exactly one of debit and credit is positive. member_id and order_id
-- are sub-ledger keys (wages payable per member, receipts per order).
CREATE TABLE ledger_lines (
  txn_id     INTEGER NOT NULL REFERENCES ledger_txns(id),
  line       INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  account    TEXT NOT NULL REFERENCES ledger_accounts(code),
  debit_fen  INTEGER NOT NULL CHECK (debit_fen >= 0),
  credit_fen INTEGER NOT NULL CHECK (credit_fen >= 0),
  member_id  INTEGER,
  order_id   INTEGER,
  CHECK ((debit_fen > 0) + (credit_fen > 0) = 1),
  PRIMARY KEY (txn_id, line)
) WITHOUT ROWID;
-- covering: the fund's entries and an account's running balance read only the index
CREATE INDEX ledger_lines_account ON ledger_lines(project_id, account, txn_id, debit_fen, credit_fen);
-- a member's sub-ledger (her wages payable)
CREATE INDEX ledger_lines_member ON ledger_lines(project_id, account, member_id)
  WHERE member_id IS NOT NULL;

-- Running sums per project, account and month, kept by trigger as lines are
-- posted: the trial balance reads these, `audit verify` recomputes them.
CREATE TABLE ledger_balances (
  project_id INTEGER NOT NULL,
  account    TEXT NOT NULL,
  month      TEXT NOT NULL,
  debit_fen  INTEGER NOT NULL DEFAULT 0,
  credit_fen INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, account, month)
) WITHOUT ROWID;
CREATE TRIGGER ledger_lines_sum AFTER INSERT ON ledger_lines
BEGIN
  INSERT INTO ledger_balances (project_id, account, month, debit_fen, credit_fen)
  VALUES (NEW.project_id, NEW.account,
          (SELECT substr(posted_on, 1, 7) FROM ledger_txns WHERE id = NEW.txn_id),
          NEW.debit_fen, NEW.credit_fen)
  ON CONFLICT (project_id, account, month) DO UPDATE
  SET debit_fen = debit_fen + excluded.debit_fen, credit_fen = credit_fen + excluded.credit_fen;
END;

-- Closed accounting months: read-only from then on.
CREATE TABLE ledger_periods (
  project_id INTEGER NOT NULL REFERENCES projects(id),
  month      TEXT NOT NULL,
  closed_at  TEXT NOT NULL,
  closed_by  TEXT NOT NULL,
  PRIMARY KEY (project_id, month)
) WITHOUT ROWID;

-- Posted is final: no UPDATE or DELETE of a transaction or a line, and nothing
-- posted into a closed month.
CREATE TRIGGER ledger_txns_no_update BEFORE UPDATE ON ledger_txns
BEGIN SELECT RAISE(ABORT, 'posted ledger transactions are never changed'); END;
CREATE TRIGGER ledger_txns_no_delete BEFORE DELETE ON ledger_txns
BEGIN SELECT RAISE(ABORT, 'posted ledger transactions are never deleted'); END;
CREATE TRIGGER ledger_lines_no_update BEFORE UPDATE ON ledger_lines
BEGIN SELECT RAISE(ABORT, 'posted ledger lines are never changed'); END;
CREATE TRIGGER ledger_lines_no_delete BEFORE DELETE ON ledger_lines
BEGIN SELECT RAISE(ABORT, 'posted ledger lines are never deleted'); END;
CREATE TRIGGER ledger_txns_period_open BEFORE INSERT ON ledger_txns
WHEN EXISTS (SELECT 1 FROM ledger_periods
             WHERE project_id = NEW.project_id AND month = substr(NEW.posted_on, 1, 7))
BEGIN SELECT RAISE(ABORT, 'the accounting period is closed'); END;
CREATE TRIGGER ledger_periods_no_delete BEFORE DELETE ON ledger_periods
BEGIN SELECT RAISE(ABORT, 'a closed period stays closed'); END;

-- A customer's payment of an order, with the levy it posted (the cumulative
-- rule) and its ledger transaction.
CREATE TABLE coop_payments (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  order_id   INTEGER NOT NULL REFERENCES coop_orders(id),
  paid_on    TEXT NOT NULL,
  amount_fen INTEGER NOT NULL,
  levy_fen   INTEGER NOT NULL,
  txn_id     INTEGER NOT NULL REFERENCES ledger_txns(id),
  created_at TEXT NOT NULL
);
CREATE INDEX coop_payments_order ON coop_payments(order_id, id);

-- A settlement of piece pay for a period; its lines (one per member) and their
-- items (per member and task) sum to its total.
CREATE TABLE coop_settlements (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects(id),
  period_start  TEXT NOT NULL,
  period_end    TEXT NOT NULL CHECK (period_end >= period_start),
  total_pay_fen INTEGER NOT NULL CHECK (total_pay_fen >= 0),
  pieces        INTEGER NOT NULL,
  pending       INTEGER NOT NULL DEFAULT 0, -- records of the period left awaiting a check
  txn_id        INTEGER REFERENCES ledger_txns(id),
  created_at    TEXT NOT NULL
);
CREATE INDEX coop_settlements_project ON coop_settlements(project_id, id);
CREATE TABLE coop_settlement_lines (
  settlement_id INTEGER NOT NULL REFERENCES coop_settlements(id),
  member_id     INTEGER NOT NULL REFERENCES coop_members(id),
  pieces        INTEGER NOT NULL,
  pay_fen       INTEGER NOT NULL,
  PRIMARY KEY (settlement_id, member_id)
) WITHOUT ROWID;
CREATE INDEX coop_settlement_lines_member ON coop_settlement_lines(member_id);
CREATE TABLE coop_settlement_items (
  settlement_id INTEGER NOT NULL REFERENCES coop_settlements(id),
  member_id     INTEGER NOT NULL REFERENCES coop_members(id),
  task_id       INTEGER NOT NULL REFERENCES coop_tasks(id),
  rate_fen      INTEGER NOT NULL,
  pieces        INTEGER NOT NULL,
  pay_fen       INTEGER NOT NULL,
  PRIMARY KEY (settlement_id, member_id, task_id, rate_fen)
) WITHOUT ROWID;

-- Wages paid out to a member (against wages payable).
CREATE TABLE coop_payouts (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  member_id  INTEGER NOT NULL REFERENCES coop_members(id),
  paid_on    TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  method     TEXT NOT NULL CHECK (method IN ('cash','bank','wechat','alipay')),
  txn_id     INTEGER NOT NULL REFERENCES ledger_txns(id),
  created_at TEXT NOT NULL
);
CREATE INDEX coop_payouts_member ON coop_payouts(member_id, id);

-- ---- the fund pool and the congress ----------------------------------------
CREATE TABLE fund_inflows (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  kind        TEXT NOT NULL CHECK (kind IN ('donation','grant')),
  amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
  source      TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 100),
  received_on TEXT NOT NULL,
  txn_id      INTEGER NOT NULL REFERENCES ledger_txns(id),
  created_at  TEXT NOT NULL
);
CREATE INDEX fund_inflows_project ON fund_inflows(project_id, kind, amount_fen);

CREATE TABLE congress_reps (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  member_id  INTEGER NOT NULL REFERENCES coop_members(id),
  term_start TEXT NOT NULL,
  term_end   TEXT CHECK (term_end IS NULL OR term_end >= term_start),
  created_at TEXT NOT NULL
);
CREATE INDEX congress_reps_project ON congress_reps(project_id, member_id);

-- A meeting; representatives is how many were in office on held_on (frozen).
CREATE TABLE congress_meetings (
  id              INTEGER PRIMARY KEY,
  project_id      INTEGER NOT NULL REFERENCES projects(id),
  held_on         TEXT NOT NULL,
  representatives INTEGER NOT NULL CHECK (representatives >= 0),
  minutes         TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL
);
CREATE INDEX congress_meetings_project ON congress_meetings(project_id, held_on);
CREATE TABLE congress_present (
  meeting_id INTEGER NOT NULL REFERENCES congress_meetings(id),
  member_id  INTEGER NOT NULL REFERENCES coop_members(id),
  PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;

-- A proposal. When closed, the counts and the rule applied are kept with it:
-- quorum den × present ≥ num × representatives; passing den × yes > num × present.
CREATE TABLE congress_proposals (
  id              INTEGER PRIMARY KEY,
  project_id      INTEGER NOT NULL REFERENCES projects(id),
  meeting_id      INTEGER NOT NULL REFERENCES congress_meetings(id),
  title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  purpose         TEXT NOT NULL CHECK (purpose IN ('operations','materials','venture_support','other')),
  amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
  beneficiary     TEXT NOT NULL CHECK (length(beneficiary) BETWEEN 1 AND 100),
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','passed','rejected','no_quorum')),
  yes             INTEGER,
  no              INTEGER,
  abstain         INTEGER,
  present         INTEGER,
  representatives INTEGER,
  quorum_num      INTEGER,
  quorum_den      INTEGER,
  pass_num        INTEGER,
  pass_den        INTEGER,
  closed_at       TEXT,
  created_at      TEXT NOT NULL
);
CREATE INDEX congress_proposals_project ON congress_proposals(project_id, id);
CREATE INDEX congress_proposals_meeting ON congress_proposals(meeting_id);
CREATE TRIGGER congress_proposals_closed_fixed BEFORE UPDATE ON congress_proposals
WHEN OLD.status <> 'open'
BEGIN SELECT RAISE(ABORT, 'a closed proposal never changes'); END;

-- Every vote cast, kept: the latest per member is the one counted.
CREATE TABLE congress_votes (
  id          INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES congress_proposals(id),
  member_id   INTEGER NOT NULL REFERENCES coop_members(id),
  choice      TEXT NOT NULL CHECK (choice IN ('yes','no','abstain')),
  cast_at     TEXT NOT NULL,
  actor       TEXT NOT NULL
);
CREATE INDEX congress_votes_proposal ON congress_votes(proposal_id, member_id, id);
CREATE TRIGGER congress_votes_no_update BEFORE UPDATE ON congress_votes
BEGIN SELECT RAISE(ABORT, 'votes are never changed, only cast again'); END;
CREATE TRIGGER congress_votes_no_delete BEFORE DELETE ON congress_votes
BEGIN SELECT RAISE(ABORT, 'votes are never deleted'); END;

CREATE TABLE fund_disbursements (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  proposal_id INTEGER NOT NULL REFERENCES congress_proposals(id),
  amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
  paid_to     TEXT NOT NULL CHECK (length(paid_to) BETWEEN 1 AND 100),
  paid_on     TEXT NOT NULL,
  txn_id      INTEGER NOT NULL REFERENCES ledger_txns(id),
  created_at  TEXT NOT NULL
);
CREATE INDEX fund_disbursements_proposal ON fund_disbursements(proposal_id);
CREATE INDEX fund_disbursements_project ON fund_disbursements(project_id, id);
