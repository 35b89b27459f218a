-- Who looked, by name, as the citizen recognises them (never a CPR number): written with the entry
-- from the signed caller context. NULL for entries written before names were recorded.
ALTER TABLE access_log ADD COLUMN actor_name text;
