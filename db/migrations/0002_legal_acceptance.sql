-- Which versions of the terms and the privacy policy (legal/<document>/<version>.md) a user
-- accepted at signup, and when. Nullable: accounts made before this migration, and people who
-- joined through an invitation, have no recorded acceptance. The three are set together.
alter table users
  add column terms_version integer check (terms_version > 0),
  add column privacy_version integer check (privacy_version > 0),
  add column terms_accepted_at timestamptz,
  add constraint users_legal_acceptance_complete check (
    (terms_version is null and privacy_version is null and terms_accepted_at is null)
    or (terms_version is not null and privacy_version is not null and terms_accepted_at is not null)
  );
