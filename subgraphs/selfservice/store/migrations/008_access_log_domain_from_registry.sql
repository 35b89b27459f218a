-- The access log's domains are the registry's (systems/registry.ts), checked on input by
-- internalInput.ts: a system onboarded later (npm run onboard) logs under its own domain, which a
-- list fixed in 001 would refuse.
ALTER TABLE access_log DROP CONSTRAINT IF EXISTS access_log_domain_check;
