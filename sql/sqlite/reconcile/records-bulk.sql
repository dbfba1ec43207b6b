-- Every live source record into recon_records, and every invoice into recon_payments, in three
-- statements. The recon_* functions are the same rules records.ts applies record by record (for
-- the records decisions touch); a test holds the two to the same rows. The inner selects end in
-- LIMIT -1 so SQLite runs them as a co-routine and calls each function once per row.
INSERT INTO recon_records
  (rid, kind, source_id, email, email_key, email_problem, sub_key, letters, digits, first_name, last_name, phone, phone_key, tags, at, key, person_id, test_rule, test_override, excluded)
SELECT
  'c:' || id, 'contact', CAST(id AS TEXT), email, a ->> 0, a ->> 4, a ->> 1, a ->> 2, a ->> 3,
  first_name, surname, phone, recon_phone(phone), tags, registered_at, k, k, recon_account_test(email, tags), NULL, 0
FROM (
  SELECT *, CASE WHEN a ->> 0 = '' THEN '#c:' || id ELSE a ->> 0 END AS k
  FROM (SELECT id, email, first_name, surname, phone, tags, registered_at, recon_address(email) AS a FROM raw_systeme_contacts WHERE deleted_at IS NULL ORDER BY id LIMIT -1)
);

INSERT INTO recon_records
  (rid, kind, source_id, email, email_key, email_problem, sub_key, letters, digits, first_name, last_name, phone, phone_key, tags, at, key, person_id, test_rule, test_override, excluded)
SELECT
  'i:' || id, 'invoice', id, payer_email, a ->> 0, a ->> 4, a ->> 1, a ->> 2, a ->> 3,
  c ->> 0, c ->> 1, c ->> 2, recon_phone(c ->> 2), '[]', created_at, k, k, recon_account_test(payer_email, '[]'), NULL, 0
FROM (
  SELECT *, CASE WHEN a ->> 0 = '' THEN '#i:' || id ELSE a ->> 0 END AS k
  FROM (
    SELECT id, payer_email, created_at, recon_address(payer_email) AS a,
      json_extract(raw, '$.customer.given_names', '$.customer.surname', '$.customer.mobile_number') AS c
    FROM raw_xendit_invoices ORDER BY id LIMIT -1)
);

INSERT INTO recon_payments
  (rid, invoice_id, person_id, external_id, email, description, product, product_rule, status, meaning, amount_minor, expected_minor, currency,
   created_at, paid_at, month, paid_month, payment_method, expires_at, test_rule, test_override, excluded, is_test, in_plan)
SELECT
  rid, id, person_id, external_id, payer_email, description, m ->> 0, m ->> 1, status, meaning, amount_minor,
  recon_expected(m ->> 0, created_at, currency, x ->> 2),
  currency, created_at, paid_at, recon_month(created_at), CASE WHEN paid_at IS NOT NULL THEN recon_month(paid_at) END, payment_method, x ->> 1,
  test_rule, NULL, 0, test_rule IS NOT NULL, meaning = 'paid' AND test_rule IS NULL
FROM (
  SELECT *, recon_product(description, x ->> 2) AS m, recon_meaning(status) AS meaning, recon_payment_test(external_id, description, json_type(x, '$[0]') = 'true') AS test_rule
  FROM (
    SELECT 'i:' || i.id AS rid, i.id, i.external_id, i.payer_email, i.description, i.status, i.amount_minor, i.currency, i.created_at, i.paid_at, i.payment_method,
      r.person_id, json_extract(i.raw, '$.metadata.isTest', '$.expiry_date', '$.items') AS x
    FROM raw_xendit_invoices i JOIN recon_records r ON r.rid = 'i:' || i.id
    ORDER BY i.id LIMIT -1)
  LIMIT -1
);
