-- Money going back, per invoice: refund objects (succeeded or not) and chargeback rows of the
-- ledger. Rows whose invoice is not in the cache have nothing to net against and are left out.
INSERT INTO recon_ledger (id, kind, rid, person_id, status, succeeded, amount_minor, currency, at, month, reason)
SELECT 'r:' || f.id, 'refund', r.rid, r.person_id, f.status, f.status = 'SUCCEEDED', f.amount_minor, f.currency, f.created_at, recon_month(f.created_at), f.reason
FROM raw_xendit_refunds f
JOIN recon_records r ON r.rid = 'i:' || f.invoice_id;

INSERT INTO recon_ledger (id, kind, rid, person_id, status, succeeded, amount_minor, currency, at, month, reason)
SELECT 't:' || t.id, 'chargeback', r.rid, r.person_id, t.status, t.status = 'SUCCESS', t.amount_minor, t.currency, t.created_at, recon_month(t.created_at), NULL
FROM raw_xendit_transactions t
JOIN recon_records r ON r.rid = 'i:' || t.product_id
WHERE t.type = 'CHARGEBACK';
