-- YDL: the benefits payment system ("ydelser"), schema as inherited from the 1990s.
-- Dates are CHAR(8) YYYYMMDD; '99999999' means "no end date". Amounts are whole øre.
-- Codes are single letters; their meanings are listed at each column.

-- YDL_KRAV: benefit claims (one row per entitlement a citizen has or applied for).
CREATE TABLE IF NOT EXISTS YDL_KRAV (
  KRV_ID       BIGINT      NOT NULL PRIMARY KEY,
  KRV_CPR      CHAR(10)    NOT NULL,
  -- F = folkepension (state pension), B = børne- og ungeydelse (child benefit),
  -- S = sygedagpenge (sickness benefit), K = kontanthjælp (cash assistance)
  KRV_TYPE     CHAR(1)     NOT NULL,
  -- A = aktiv (active), V = verserende (pending), O = ophørt (ended), L = afslået (rejected)
  KRV_STAT     CHAR(1)     NOT NULL,
  KRV_FRA_DTO  CHAR(8)     NOT NULL,
  KRV_TIL_DTO  CHAR(8)     NOT NULL DEFAULT '99999999',
  KRV_BLB_ORE  BIGINT      NOT NULL,
  -- The person the claim concerns when not the claimant: the child, for child benefit.
  KRV_REL_CPR  CHAR(10)
);
CREATE INDEX IF NOT EXISTS YDL_KRAV_I1 ON YDL_KRAV (KRV_CPR);

-- YDL_UDBET: payments made under a claim.
CREATE TABLE IF NOT EXISTS YDL_UDBET (
  UDB_ID       BIGINT      NOT NULL PRIMARY KEY,
  UDB_KRV_ID   BIGINT      NOT NULL REFERENCES YDL_KRAV (KRV_ID),
  UDB_DTO      CHAR(8)     NOT NULL,
  UDB_BLB_ORE  BIGINT      NOT NULL,
  -- NemKonto as registered, masked but for the last four digits: '****-******1234'
  UDB_KONTO    VARCHAR(20) NOT NULL,
  -- U = udbetalt (paid), T = tilbageholdt (held), R = returneret (returned by the bank)
  UDB_STAT     CHAR(1)     NOT NULL
);
-- Serves both "payments of a claim" and keyset pages ordered by date, id.
CREATE INDEX IF NOT EXISTS YDL_UDBET_I1 ON YDL_UDBET (UDB_KRV_ID, UDB_DTO, UDB_ID);

-- YDL_ANS: applications received (digitally or at a service desk), before a claim exists.
CREATE SEQUENCE IF NOT EXISTS YDL_ANS_SEQ START WITH 500001;
CREATE TABLE IF NOT EXISTS YDL_ANS (
  ANS_ID       BIGINT      NOT NULL PRIMARY KEY DEFAULT nextval('YDL_ANS_SEQ'),
  ANS_CPR      CHAR(10)    NOT NULL,
  -- Same letters as KRV_TYPE.
  ANS_TYPE     CHAR(1)     NOT NULL,
  ANS_DTO      CHAR(8)     NOT NULL,
  -- M = modtaget (received), B = under behandling (in progress), G = godkendt (granted), A = afslået (rejected)
  ANS_STAT     CHAR(1)     NOT NULL DEFAULT 'M',
  ANS_TEKST    VARCHAR(2000) NOT NULL DEFAULT '',
  -- D = digital self-service, P = personligt (assisted, for citizens exempt from digital post)
  ANS_KANAL    CHAR(1)     NOT NULL DEFAULT 'D',
  -- The sender's own reference; a retried application with the same reference is the same application.
  ANS_REF      VARCHAR(64) UNIQUE
);
CREATE INDEX IF NOT EXISTS YDL_ANS_I1 ON YDL_ANS (ANS_CPR);
