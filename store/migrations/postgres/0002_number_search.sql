-- number_contains: a trigram index over the numbers in stock, so that a
-- search for digits anywhere in a number reads the index instead of every
-- number (pg_trgm answers LIKE '%digits%' for three digits or more).
-- The extension lives in public (once per database, whatever schema
-- didstock uses), so the operator class is named with its schema.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX numbers_avail_number_trigram ON numbers USING gin (number public.gin_trgm_ops) WHERE status = 'available';
