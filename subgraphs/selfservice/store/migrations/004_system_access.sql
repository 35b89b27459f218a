-- The gateway's own acting-for checks (register relations, delegations, exemptions) are logged too.
ALTER TABLE access_log DROP CONSTRAINT access_log_actor_role_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_actor_role_check CHECK (actor_role IN ('DELEGATE', 'CASEWORKER', 'CUSTODIAN', 'SYSTEM'));
