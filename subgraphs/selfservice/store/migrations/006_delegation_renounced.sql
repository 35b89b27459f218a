-- A power of attorney ended early says by whom: revoked by its grantor, or renounced by its holder.
ALTER TABLE delegations ADD COLUMN ended_by text CHECK (ended_by IN ('GRANTOR', 'HOLDER'));
UPDATE delegations SET ended_by = 'GRANTOR' WHERE revoked_on IS NOT NULL;
ALTER TABLE delegations ADD CONSTRAINT delegations_ended_by_with_revocation CHECK ((revoked_on IS NULL) = (ended_by IS NULL));
