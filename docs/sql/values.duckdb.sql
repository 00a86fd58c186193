-- planx-values/1: load OUT/values.csv of a `planx extract` run into DuckDB.
-- Run it in the output folder (the path below is relative):
--   cd OUT && duckdb planx.duckdb < /path/to/planx/docs/sql/values.duckdb.sql
-- Every column is typed explicitly (no sniffing): money is DECIMAL, never text or a float.
-- DECIMAL's widest is 38 digits. `baht` is always to the satang (two decimals), so
-- DECIMAL(38, 2) holds it exactly with 36 digits before the point. `number` is the number
-- as written (up to 4 decimals in the documents seen): DECIMAL(38, 10) holds 28 digits
-- before the point and 10 after; a value beyond that stops the load with an error.
CREATE OR REPLACE TABLE "values" (
    document    VARCHAR NOT NULL,   -- input file as the run names it
    page        INTEGER NOT NULL,   -- page of the record's row
    line        INTEGER NOT NULL,   -- source line (text) or line on the page (PDF)
    table_id    VARCHAR NOT NULL,   -- t1, t2, ... within the document
    row_index   INTEGER NOT NULL,   -- index into the table's rows (header rows included)
    template    VARCHAR NOT NULL,   -- the record's template, or no_template
    row_kind    VARCHAR,            -- data, total (never add totals to data), budget, ...
    field       VARCHAR NOT NULL,   -- field name (budget_2566, target_2561, ...)
    type        VARCHAR NOT NULL,   -- number percent amount count year year_range date check arrow code text nil
    number      DECIMAL(38, 10),    -- number, percent, count, amount: the number as written
    unit        VARCHAR,            -- amount and count: the unit as written; percent: %
    baht        DECIMAL(38, 2),     -- amount, year_range with an amount: in baht
    year_be     INTEGER,            -- year, or a range's first year: Buddhist era
    year_ce     INTEGER,            --   and common era
    year_end_be INTEGER,            -- a range's last year (inclusive)
    year_end_ce INTEGER,
    date_start  DATE,               -- date: first day
    date_end    DATE,               --   last day (= date_start for one day)
    checked     BOOLEAN,            -- check: ticked or not
    text        VARCHAR,            -- text; code (1.1.2); arrow (both, start, end)
    confidence  DOUBLE,             -- the field's confidence in [0, 1]
    flags       VARCHAR             -- the record's flags, space-separated
);

INSERT INTO "values"
SELECT * FROM read_csv('values.csv',
    header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    dateformat = '%Y-%m-%d',
    columns = {
        'document': 'VARCHAR', 'page': 'INTEGER', 'line': 'INTEGER',
        'table_id': 'VARCHAR', 'row_index': 'INTEGER', 'template': 'VARCHAR',
        'row_kind': 'VARCHAR', 'field': 'VARCHAR', 'type': 'VARCHAR',
        'number': 'DECIMAL(38, 10)', 'unit': 'VARCHAR', 'baht': 'DECIMAL(38, 2)',
        'year_be': 'INTEGER', 'year_ce': 'INTEGER', 'year_end_be': 'INTEGER', 'year_end_ce': 'INTEGER',
        'date_start': 'DATE', 'date_end': 'DATE', 'checked': 'BOOLEAN', 'text': 'VARCHAR',
        'confidence': 'DOUBLE', 'flags': 'VARCHAR'
    });
