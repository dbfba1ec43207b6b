-- What the per-person derivation and the clustering look up.
-- The person index carries every column the derivation reads (persons.ts RECORD_COLUMNS), so a
-- range of people is one sequential index read instead of a table lookup per record.
CREATE INDEX recon_records_person ON recon_records (person_id, rid, kind, email, email_key, email_problem, first_name, last_name, phone, tags, at, key, test_rule, test_override, excluded);
CREATE INDEX recon_records_key ON recon_records (key);
-- Blocking keys of the suggested merges, each with the person (so a block is an index range,
-- read from the index alone: the mailbox index carries email_key for its own condition).
-- Two records share a mailbox key only if one of them has a looser key than its exact one.
CREATE INDEX recon_records_sub ON recon_records (sub_key, person_id, email_key) WHERE sub_key <> email_key;
CREATE INDEX recon_records_digits ON recon_records (digits, person_id) WHERE length(digits) >= 3;
CREATE INDEX recon_records_phone ON recon_records (phone_key, person_id) WHERE phone_key IS NOT NULL;
CREATE INDEX recon_payments_person ON recon_payments (person_id);
CREATE INDEX recon_payments_external ON recon_payments (external_id, person_id);
CREATE INDEX recon_ledger_person ON recon_ledger (person_id);
CREATE INDEX recon_ledger_rid ON recon_ledger (rid);
