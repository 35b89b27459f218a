-- Exemptions from mandatory digital self-service, granted by a caseworker for a citizen.
CREATE TABLE exemptions (
  id                   uuid PRIMARY KEY,
  citizen_cpr          char(10) NOT NULL,
  reason               text NOT NULL CHECK (reason IN ('DISABILITY', 'LACKING_DIGITAL_SKILLS', 'SOCIALLY_VULNERABLE',
                         'LANGUAGE_DIFFICULTIES', 'NO_DIGITAL_ID', 'NO_INTERNET_AT_HOME', 'NO_FIXED_ADDRESS')),
  all_authorities      boolean NOT NULL,
  authorities          text[] NOT NULL DEFAULT '{}',
  valid_from           date NOT NULL,
  -- NULL: open-ended (lifelong).
  valid_to             date,
  -- The granting municipality, for uptake figures; NULL when a non-municipal authority granted it.
  municipality_code    char(4),
  granted_by           text NOT NULL,
  granted_by_authority text NOT NULL,
  granted_at           timestamptz NOT NULL,
  revoked_on           date,
  revoked_at           timestamptz,
  revoked_by           text,
  CHECK (all_authorities OR cardinality(authorities) > 0),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX exemptions_by_citizen ON exemptions (citizen_cpr);
CREATE INDEX exemptions_by_period ON exemptions (valid_from, valid_to);

-- Every change to an exemption, oldest first: the history a citizen and caseworker can read.
CREATE TABLE exemption_events (
  id              bigserial PRIMARY KEY,
  exemption_id    uuid NOT NULL REFERENCES exemptions (id),
  kind            text NOT NULL CHECK (kind IN ('GRANTED', 'RENEWED', 'REVOKED')),
  at              timestamptz NOT NULL,
  actor_id        text NOT NULL,
  actor_authority text,
  valid_to        date,
  note            text
);
CREATE INDEX exemption_events_by_exemption ON exemption_events (exemption_id, id);

-- Digital powers of attorney: the grantor lets the holder act for them in listed services.
CREATE TABLE delegations (
  id          uuid PRIMARY KEY,
  grantor_cpr char(10) NOT NULL,
  holder_cpr  char(10) NOT NULL,
  services    text[] NOT NULL CHECK (cardinality(services) > 0),
  actions     text[] NOT NULL CHECK (cardinality(actions) > 0 AND actions <@ ARRAY['read', 'file']),
  valid_from  date NOT NULL,
  valid_to    date NOT NULL,
  created_at  timestamptz NOT NULL,
  created_by  text NOT NULL,
  revoked_on  date,
  revoked_at  timestamptz,
  revoked_by  text,
  CHECK (grantor_cpr <> holder_cpr),
  CHECK (valid_to >= valid_from)
);
CREATE INDEX delegations_by_grantor ON delegations (grantor_cpr);
CREATE INDEX delegations_by_holder ON delegations (holder_cpr);

-- Every third-party read or change of a citizen's data ("Min Log"); append-only.
CREATE TABLE access_log (
  id              bigserial PRIMARY KEY,
  subject_cpr     char(10) NOT NULL,
  at              timestamptz NOT NULL,
  actor_id        text NOT NULL,
  actor_role      text NOT NULL CHECK (actor_role IN ('DELEGATE', 'CASEWORKER', 'CUSTODIAN')),
  actor_authority text,
  domain          text NOT NULL CHECK (domain IN ('citizen', 'tax', 'housing', 'benefits', 'selfservice')),
  operation       text NOT NULL,
  request_id      text NOT NULL,
  recorded_at     timestamptz NOT NULL
);
CREATE INDEX access_log_by_subject ON access_log (subject_cpr, at DESC, id DESC);

-- Filings per service and channel: what the uptake figures count.
CREATE TABLE filings (
  id                bigserial PRIMARY KEY,
  reference         text NOT NULL UNIQUE,
  service           text NOT NULL,
  channel           text NOT NULL CHECK (channel IN ('DIGITAL_SELF_SERVICE', 'DELEGATE', 'ASSISTED')),
  municipality_code char(4) NOT NULL,
  subject_cpr       char(10) NOT NULL,
  filed_at          timestamptz NOT NULL,
  -- The filing's date in Danish time, fixed at insert so periods never depend on the server's zone.
  filed_on          date NOT NULL
);
CREATE INDEX filings_by_day ON filings (filed_on, municipality_code);
