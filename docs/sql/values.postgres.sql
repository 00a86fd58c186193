-- planx-values/1: load OUT/values.csv of a `planx extract` run into PostgreSQL.
-- Run it with psql in the output folder (\copy reads the file on the client side):
--   cd OUT && psql -v ON_ERROR_STOP=1 -d DATABASE -f /path/to/planx/docs/sql/values.postgres.sql
-- Money is NUMERIC, exact: `baht` is always to the satang, NUMERIC(38, 2) as in DuckDB;
-- `number` (the number as written) is unconstrained NUMERIC, exact at any scale.
BEGIN;

DROP TABLE IF EXISTS "values";
CREATE TABLE "values" (
    document    TEXT NOT NULL,      -- input file as the run names it
    page        INTEGER NOT NULL,   -- page of the record's row
    line        INTEGER NOT NULL,   -- source line (text) or line on the page (PDF)
    table_id    TEXT NOT NULL,      -- t1, t2, ... within the document
    row_index   INTEGER NOT NULL,   -- index into the table's rows (header rows included)
    template    TEXT NOT NULL,      -- the record's template, or no_template
    row_kind    TEXT,               -- data, total (never add totals to data), budget, ...
    field       TEXT NOT NULL,      -- field name (budget_2566, target_2561, ...)
    type        TEXT NOT NULL,      -- number percent amount count year year_range date check arrow code text nil
    number      NUMERIC,            -- number, percent, count, amount: the number as written
    unit        TEXT,               -- amount and count: the unit as written; percent: %
    baht        NUMERIC(38, 2),     -- amount, year_range with an amount: in baht
    year_be     INTEGER,            -- year, or a range's first year: Buddhist era
    year_ce     INTEGER,            --   and common era
    year_end_be INTEGER,            -- a range's last year (inclusive)
    year_end_ce INTEGER,
    date_start  DATE,               -- date: first day
    date_end    DATE,               --   last day (= date_start for one day)
    checked     BOOLEAN,            -- check: ticked or not
    text        TEXT,               -- text; code (1.1.2); arrow (both, start, end)
    confidence  DOUBLE PRECISION,   -- the field's confidence in [0, 1]
    flags       TEXT                -- the record's flags, space-separated
);

\copy "values" FROM 'values.csv' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')

COMMIT;
