-- Schema version 2 of the product event carries an optional category (docs/architecture.md,
-- "Event schema evolution"). Nullable and without a default: adding it rewrites no row and takes
-- the table's lock only for the catalogue update, so the API keeps writing during the migration.
ALTER TABLE products
    ADD COLUMN category text NULL
        CHECK (category IS NULL OR (char_length(category) BETWEEN 1 AND 50 AND category = btrim(category)));
