-- number_contains: a trigram index over the numbers, so that a search for
-- digits anywhere in a number reads the index instead of every number.
-- FTS5's trigram tokenizer answers LIKE '%digits%' (three digits or more)
-- from the index. Numbers are never deleted and their digits never change,
-- so an insert trigger keeps it complete.
CREATE VIRTUAL TABLE numbers_trigram USING fts5(number, content='numbers', content_rowid='rowid', tokenize='trigram');
INSERT INTO numbers_trigram (rowid, number) SELECT rowid, number FROM numbers;
CREATE TRIGGER numbers_trigram_insert AFTER INSERT ON numbers BEGIN
    INSERT INTO numbers_trigram (rowid, number) VALUES (new.rowid, new.number);
END;
