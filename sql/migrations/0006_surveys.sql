-- 0006: surveys (templates, items, waves, responses from participants and
-- residents, phone links) for monitoring and evaluation. The indicator engine
-- reads these with the records of 0002-0005; its thresholds and targets are
-- project settings (project_settings, key 'indicator_rules').

-- A template: shipped ones (builtin = 1, project_id NULL) or a project's own,
-- added by an administrator. respondent: whom it asks.
CREATE TABLE survey_templates (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER REFERENCES projects(id),
  key         TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 40),
  title_zh    TEXT NOT NULL CHECK (length(title_zh) BETWEEN 1 AND 100),
  title_en    TEXT NOT NULL CHECK (length(title_en) BETWEEN 1 AND 100),
  respondent  TEXT NOT NULL CHECK (respondent IN ('participant','resident')),
  builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0,1)),
  created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX survey_templates_key ON survey_templates(coalesce(project_id, 0), key);

-- Items of a template, in order. likert and number: an integer in [min_value,
-- max_value]; choice: one of choices (a JSON array of strings), stored as its
-- index; text: up to 2000 characters.
CREATE TABLE survey_items (
  template_id INTEGER NOT NULL REFERENCES survey_templates(id),
  key         TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 40),
  position    INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('likert','choice','number','text')),
  label_zh    TEXT NOT NULL,
  label_en    TEXT NOT NULL,
  min_value   INTEGER,
  max_value   INTEGER,
  choices     TEXT,
  required    INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0,1)),
  PRIMARY KEY (template_id, key)
) WITHOUT ROWID;

-- One filled questionnaire. A participant's, or a resident's (participant_id
-- NULL; the name is optional, the sample is anonymous). entered_by: a worker
-- typed it in, or she answered herself (her account or a phone link).
CREATE TABLE survey_responses (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  template_id    INTEGER NOT NULL REFERENCES survey_templates(id),
  wave           TEXT NOT NULL CHECK (wave IN ('baseline','midline','endline','adhoc')),
  participant_id INTEGER REFERENCES participants(id),
  resident_name  TEXT,
  responded_on   TEXT NOT NULL,
  entered_by     TEXT NOT NULL CHECK (entered_by IN ('worker','self','link')),
  actor          TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX survey_responses_wave ON survey_responses(project_id, template_id, wave,
  participant_id, responded_on);
CREATE INDEX survey_responses_participant ON survey_responses(participant_id, template_id);

-- Answers: integers for likert/number/choice, text for text items.
CREATE TABLE survey_answers (
  response_id INTEGER NOT NULL REFERENCES survey_responses(id),
  item_key    TEXT NOT NULL,
  num         INTEGER,
  txt         TEXT,
  PRIMARY KEY (response_id, item_key)
) WITHOUT ROWID;

-- A link a woman opens on her phone to answer herself (participant_id set), or
-- one handed to residents of the sample (participant_id NULL, many answers).
-- answered counts the answers given through it; answered_on is the latest's date.
CREATE TABLE survey_links (
  token          TEXT PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  template_id    INTEGER NOT NULL REFERENCES survey_templates(id),
  wave           TEXT NOT NULL CHECK (wave IN ('baseline','midline','endline','adhoc')),
  participant_id INTEGER REFERENCES participants(id),
  expires_on     TEXT NOT NULL,
  answered       INTEGER NOT NULL DEFAULT 0,
  answered_on    TEXT,
  created_at     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX survey_links_project ON survey_links(project_id, participant_id);

-- The shipped templates and their fixed item keys.
INSERT INTO survey_templates(id, project_id, key, title_zh, title_en, respondent, builtin, created_at) VALUES
  (1, NULL, 'satisfaction', '服务满意度调查', 'Participant satisfaction', 'participant', 1, '2021-01-01T00:00:00+08:00'),
  (2, NULL, 'loneliness', '孤独感量表', 'Loneliness scale', 'participant', 1, '2021-01-01T00:00:00+08:00'),
  (3, NULL, 'belonging', '社区归属感量表', 'Sense of belonging', 'participant', 1, '2021-01-01T00:00:00+08:00'),
  (4, NULL, 'resident', '社区居民调查', 'Resident survey', 'resident', 1, '2021-01-01T00:00:00+08:00');

INSERT INTO survey_items(template_id, key, position, kind, label_zh, label_en, min_value, max_value, choices, required) VALUES
  (1, 'overall', 1, 'likert', '总体来说，您对项目的服务满意吗？（1 很不满意 … 5 很满意）', 'Overall, how satisfied are you with the programme? (1 very dissatisfied … 5 very satisfied)', 1, 5, NULL, 1),
  (1, 'training', 2, 'likert', '您对技能培训满意吗？', 'How satisfied are you with the skills training?', 1, 5, NULL, 1),
  (1, 'staff', 3, 'likert', '您对社工的服务满意吗？', 'How satisfied are you with the social workers?', 1, 5, NULL, 1),
  (1, 'recommend', 4, 'choice', '您会向姐妹推荐这个项目吗？', 'Would you recommend the programme to a friend?', NULL, NULL, '["会","不确定","不会"]', 1),
  (1, 'comment', 5, 'text', '您还有什么意见或建议？', 'Anything else you would like to tell us?', NULL, NULL, NULL, 0),
  (2, 'l1', 1, 'likert', '您是否经常觉得缺少陪伴？（1 几乎没有 2 有时 3 经常）', 'How often do you feel that you lack companionship? (1 hardly ever, 2 some of the time, 3 often)', 1, 3, NULL, 1),
  (2, 'l2', 2, 'likert', '您是否经常觉得被冷落？', 'How often do you feel left out?', 1, 3, NULL, 1),
  (2, 'l3', 3, 'likert', '您是否经常觉得与他人隔绝？', 'How often do you feel isolated from others?', 1, 3, NULL, 1),
  (3, 'b1', 1, 'likert', '我觉得自己是这个社区的一员（1 完全不同意 … 5 完全同意）', 'I feel I am part of this community (1 strongly disagree … 5 strongly agree)', 1, 5, NULL, 1),
  (3, 'b2', 2, 'likert', '在社区里遇到困难时，我知道可以找谁帮忙', 'When I have a problem here, I know whom to ask for help', 1, 5, NULL, 1),
  (3, 'b3', 3, 'likert', '我愿意参加社区的活动', 'I like to take part in community activities', 1, 5, NULL, 1),
  (3, 'b4', 4, 'likert', '社区里的人接纳我和我的家人', 'People here accept me and my family', 1, 5, NULL, 1),
  (3, 'b5', 5, 'likert', '我打算在这个社区长期生活', 'I plan to live in this community for a long time', 1, 5, NULL, 1),
  (4, 'environment', 1, 'likert', '您觉得社区环境比以前明显改善了吗？（1 完全没有 … 5 明显改善）', 'Has the community''s environment clearly improved? (1 not at all … 5 clearly improved)', 1, 5, NULL, 1),
  (4, 'approval', 2, 'likert', '您认可本项目吗？（1 很不认可 … 5 很认可）', 'Do you approve of the programme? (1 strongly disapprove … 5 strongly approve)', 1, 5, NULL, 1),
  (4, 'heard_of', 3, 'choice', '您是怎么知道这个项目的？', 'How did you hear of the programme?', NULL, NULL, '["社区宣传","邻居或朋友","参加过活动","网络平台","没听说过"]', 1),
  (4, 'comment', 4, 'text', '您对社区还有什么建议？', 'Any suggestion for the community?', NULL, NULL, NULL, 0);
