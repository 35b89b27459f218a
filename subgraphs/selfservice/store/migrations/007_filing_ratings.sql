-- Citizen satisfaction: one rating per filing, by the citizen or the delegate who acts for them.
CREATE TABLE filing_ratings (
  filing_reference    text PRIMARY KEY REFERENCES filings (reference),
  score               smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment             text CHECK (char_length(comment) <= 500),
  -- Screened at write time (commentScreen.ts): no CPR-shaped digits, no names; only these comments are shown.
  comment_publishable boolean NOT NULL DEFAULT false,
  -- Who rated (the token's subject), for audit only: never shown with the figures.
  rated_by            text NOT NULL,
  rated_at            timestamptz NOT NULL
);
