-- The resident registry stored for imports of a million rows and for look-ups
-- (replaces the registry table of 0002, keeping its records).
-- - registry: one row per resident of a project, keyed by the ID number's keyed
--   hash: the table is its own look-up index, and an import sorted by the hash
--   writes it from left to right. No row id: nothing refers to a record but by
--   its hash. The masked number and the birth date are not kept apart: both are
--   read from the ID number when a record is shown (with the key).
-- - registry_names: a (name, hash prefix) pair per record, for the look-ups by
--   name and phone and by name and birth date: the prefix leads to the records
--   (two people of one name whose hashes share 64 bits would share a pair, and
--   both be found); an import writes it in name order.
-- - registry_imports: one row per import (when, by whom, what it counted); each
--   record names the import that last wrote it.
-- The project of a record is checked once per import, not per row (no foreign
-- key on the two large tables: a bulk import would look it up a million times).

CREATE TABLE registry_imports (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  user_id    INTEGER,           -- who (as in the audit entry), NULL for the command line
  at         TEXT NOT NULL,
  encoding   TEXT NOT NULL,
  rows       INTEGER NOT NULL DEFAULT 0,
  imported   INTEGER NOT NULL DEFAULT 0,
  updated    INTEGER NOT NULL DEFAULT 0,
  rejected   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX registry_imports_project ON registry_imports(project_id, id);

CREATE TABLE registry_records (
  project_id INTEGER NOT NULL,
  id_hash    BLOB NOT NULL,
  name       TEXT NOT NULL,
  id_box     BLOB NOT NULL,
  phone      TEXT,
  address    TEXT,
  import_id  INTEGER NOT NULL,
  PRIMARY KEY (project_id, id_hash)
) WITHOUT ROWID;

CREATE TABLE registry_names (
  project_id INTEGER NOT NULL,
  name       TEXT NOT NULL,
  id_prefix  BLOB NOT NULL,   -- the first 8 bytes of the keyed hash
  PRIMARY KEY (project_id, name, id_prefix)
) WITHOUT ROWID;

-- the records of earlier imports: one import row per project, at its last update
INSERT INTO registry_imports(project_id, at, encoding, rows, imported)
  SELECT project_id, max(updated_at), 'utf-8', count(*), count(*) FROM registry GROUP BY project_id;
INSERT INTO registry_records(project_id, id_hash, name, id_box, phone, address, import_id)
  SELECT r.project_id, r.id_hash, r.name, r.id_box, r.phone, r.address,
         (SELECT i.id FROM registry_imports i WHERE i.project_id = r.project_id)
  FROM registry r;
INSERT OR IGNORE INTO registry_names(project_id, name, id_prefix)
  SELECT project_id, name, substr(id_hash, 1, 8) FROM registry_records;
DROP TABLE registry;
ALTER TABLE registry_records RENAME TO registry;
