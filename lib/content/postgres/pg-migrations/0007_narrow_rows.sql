-- A question's row keeps its short columns in the table and its long ones (body, vectors, terms)
-- out of line: rows of about 2 KB made a search's matches one table page each, and a common
-- word's 6,000 matches read 4,600 pages; at 256 bytes a page holds some thirty rows (36,000
-- questions: 69 MB of table pages became 9 MB). Rows take it as they are written again:
-- content:sync rewrites every row when the content database's version changes.
ALTER TABLE questions SET (toast_tuple_target = 256);
