-- planx-budget-items/1: load OUT/budget_items.csv of a `planx extract` run into PostgreSQL.
-- Run it with psql in the output folder (\copy reads the file on the client side):
--   cd OUT && psql -v ON_ERROR_STOP=1 -d DATABASE -f /path/to/planx/docs/sql/budget_items.postgres.sql
-- Money is NUMERIC(38, 2), exact, as in DuckDB.
BEGIN;

DROP TABLE IF EXISTS budget_items;
CREATE TABLE budget_items (
    item_id            TEXT NOT NULL,                -- ref_doc (or file) . running number; a commitment year adds .<year BE>
    ref_doc            TEXT,                         -- volume: fiscal year CE . issue . volume (2022.3.17)
    document           TEXT NOT NULL,                -- input file as the run names it
    ref_page_no        INTEGER,                      -- page number printed in the page header
    ministry           TEXT,                         -- ministry line above the unit on its first page
    budgetary_unit     TEXT,                         -- budgetary unit (department)
    cross_func         BOOLEAN NOT NULL,             -- under a cross-function plan (แผนงานบูรณาการ)
    budget_plan        TEXT,                         -- plan (แผนงาน)
    output             TEXT,                         -- output (ผลผลิต), or empty
    project            TEXT,                         -- project (โครงการ), or empty
    category_lv1       TEXT,                         -- expense category (งบ...) above the item
    category_lv2       TEXT,                         -- item above, level 2
    category_lv3       TEXT,                        
    category_lv4       TEXT,                        
    category_lv5       TEXT,                        
    category_lv6       TEXT,                        
    item_description   TEXT,                         -- the item's own name
    fiscal_year        INTEGER,                      -- fiscal year CE (first of a range)
    fiscal_year_be     INTEGER,                      --   and Buddhist era
    fiscal_year_end    INTEGER,                      -- last year CE of a range printed with one amount
    fiscal_year_end_be INTEGER,                      --   and Buddhist era
    amount             NUMERIC(38, 2),               -- baht, exact; empty when printed "-" or missing
    obliged            BOOLEAN NOT NULL,             -- part of a multi-year commitment
    row_kind           TEXT NOT NULL,                -- item (the bill year) or commitment (another year line)
    code               TEXT,                         -- number as printed (1., 1.1, 1), (1))
    level              INTEGER NOT NULL,             -- 1 = expense category
    leaf               BOOLEAN NOT NULL,             -- no item below it
    parent_id          TEXT,                         -- item_id of the item above
    amount_text        TEXT,                         -- amount as printed
    commitment_total   NUMERIC(38, 2),               -- วงเงินทั้งสิ้น, baht
    off_budget         NUMERIC(38, 2),               -- เงินนอกงบประมาณ beside the item, baht
    pdf_page           INTEGER NOT NULL,             -- PDF page (1-based) of the amount
    line               INTEGER NOT NULL,             -- line on the page
    x0                 DOUBLE PRECISION,             -- box of the amount cell, PDF points
    y0                 DOUBLE PRECISION,            
    x1                 DOUBLE PRECISION,            
    y1                 DOUBLE PRECISION,            
    raw_text           TEXT,                         -- the line as read
    confidence         DOUBLE PRECISION,             -- in [0, 1]
    doubts             TEXT,                         -- failed checks and doubts: "name: why; ..."
    schema             TEXT NOT NULL                 -- planx-budget-items/1
);

\copy budget_items FROM 'budget_items.csv' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')

COMMIT;
