-- What the per-person derivation and the clustering look up.
CREATE INDEX recon_records_person ON recon_records (person_id);
CREATE INDEX recon_records_key ON recon_records (key);
CREATE INDEX recon_records_sub ON recon_records (sub_key) WHERE sub_key <> '';
CREATE INDEX recon_records_digits ON recon_records (digits) WHERE length(digits) >= 3;
CREATE INDEX recon_records_phone ON recon_records (phone_key) WHERE phone_key IS NOT NULL;
CREATE INDEX recon_payments_person ON recon_payments (person_id);
CREATE INDEX recon_payments_external ON recon_payments (external_id);
CREATE INDEX recon_ledger_person ON recon_ledger (person_id);
CREATE INDEX recon_ledger_rid ON recon_ledger (rid);
