-- planx-budget-items/1: load OUT/budget_items.csv of a `planx extract` run into DuckDB.
-- Run it in the output folder (the path below is relative):
--   cd OUT && duckdb planx.duckdb < /path/to/planx/docs/sql/budget_items.duckdb.sql
-- Every column is typed explicitly (no sniffing); money is DECIMAL(38, 2), exact.
CREATE OR REPLACE TABLE budget_items (
    item_id            VARCHAR NOT NULL,             -- ref_doc (or file) . running number; a commitment year adds .<year BE>
    ref_doc            VARCHAR,                      -- volume: fiscal year CE . issue . volume (2022.3.17)
    document           VARCHAR NOT NULL,             -- input file as the run names it
    ref_page_no        INTEGER,                      -- page number printed in the page header
    ministry           VARCHAR,                      -- ministry line above the unit on its first page
    budgetary_unit     VARCHAR,                      -- budgetary unit (department)
    cross_func         BOOLEAN NOT NULL,             -- under a cross-function plan (แผนงานบูรณาการ)
    budget_plan        VARCHAR,                      -- plan (แผนงาน)
    output             VARCHAR,                      -- output (ผลผลิต), or empty
    project            VARCHAR,                      -- project (โครงการ), or empty
    category_lv1       VARCHAR,                      -- expense category (งบ...) above the item
    category_lv2       VARCHAR,                      -- item above, level 2
    category_lv3       VARCHAR,                     
    category_lv4       VARCHAR,                     
    category_lv5       VARCHAR,                     
    category_lv6       VARCHAR,                     
    item_description   VARCHAR,                      -- the item's own name
    fiscal_year        INTEGER,                      -- fiscal year CE (first of a range)
    fiscal_year_be     INTEGER,                      --   and Buddhist era
    fiscal_year_end    INTEGER,                      -- last year CE of a range printed with one amount
    fiscal_year_end_be INTEGER,                      --   and Buddhist era
    amount             DECIMAL(38, 2),               -- baht, exact; empty when printed "-" or missing
    obliged            BOOLEAN NOT NULL,             -- part of a multi-year commitment
    row_kind           VARCHAR NOT NULL,             -- item (the bill year) or commitment (another year line)
    code               VARCHAR,                      -- number as printed (1., 1.1, 1), (1))
    level              INTEGER NOT NULL,             -- 1 = expense category
    leaf               BOOLEAN NOT NULL,             -- no item below it
    parent_id          VARCHAR,                      -- item_id of the item above
    amount_text        VARCHAR,                      -- amount as printed
    commitment_total   DECIMAL(38, 2),               -- วงเงินทั้งสิ้น, baht
    off_budget         DECIMAL(38, 2),               -- เงินนอกงบประมาณ beside the item, baht
    pdf_page           INTEGER NOT NULL,             -- PDF page (1-based) of the amount
    line               INTEGER NOT NULL,             -- line on the page
    x0                 DOUBLE,                       -- box of the amount cell, PDF points
    y0                 DOUBLE,                      
    x1                 DOUBLE,                      
    y1                 DOUBLE,                      
    raw_text           VARCHAR,                      -- the line as read
    confidence         DOUBLE,                       -- in [0, 1]
    doubts             VARCHAR,                      -- failed checks and doubts: "name: why; ..."
    schema             VARCHAR NOT NULL              -- planx-budget-items/1
);

INSERT INTO budget_items
SELECT * FROM read_csv('budget_items.csv',
    header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {
        'item_id': 'VARCHAR',
        'ref_doc': 'VARCHAR',
        'document': 'VARCHAR',
        'ref_page_no': 'INTEGER',
        'ministry': 'VARCHAR',
        'budgetary_unit': 'VARCHAR',
        'cross_func': 'BOOLEAN',
        'budget_plan': 'VARCHAR',
        'output': 'VARCHAR',
        'project': 'VARCHAR',
        'category_lv1': 'VARCHAR',
        'category_lv2': 'VARCHAR',
        'category_lv3': 'VARCHAR',
        'category_lv4': 'VARCHAR',
        'category_lv5': 'VARCHAR',
        'category_lv6': 'VARCHAR',
        'item_description': 'VARCHAR',
        'fiscal_year': 'INTEGER',
        'fiscal_year_be': 'INTEGER',
        'fiscal_year_end': 'INTEGER',
        'fiscal_year_end_be': 'INTEGER',
        'amount': 'DECIMAL(38, 2)',
        'obliged': 'BOOLEAN',
        'row_kind': 'VARCHAR',
        'code': 'VARCHAR',
        'level': 'INTEGER',
        'leaf': 'BOOLEAN',
        'parent_id': 'VARCHAR',
        'amount_text': 'VARCHAR',
        'commitment_total': 'DECIMAL(38, 2)',
        'off_budget': 'DECIMAL(38, 2)',
        'pdf_page': 'INTEGER',
        'line': 'INTEGER',
        'x0': 'DOUBLE',
        'y0': 'DOUBLE',
        'x1': 'DOUBLE',
        'y1': 'DOUBLE',
        'raw_text': 'VARCHAR',
        'confidence': 'DOUBLE',
        'doubts': 'VARCHAR',
        'schema': 'VARCHAR'
    });
