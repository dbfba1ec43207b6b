-- The people most of a large cache is made of, derived in one statement: a single contact with a
-- usable address, no test rule, no buyer tag, and no decision about it — a lead, with no finding
-- and no plan row. Everyone else goes through derivePerson (derive-person.ts), whose rows for
-- such a person are the same (the incremental-equals-full test holds both to it).
INSERT INTO recon_people
  (person_id, name, first_name, last_name, phone, email, email_problem, primary_rid, status, contacts, invoices, paid, paid_minor, products, tags,
   lead_tag, registered_month, first_at, is_test, user_id, open_findings)
SELECT
  r.person_id,
  CASE WHEN f.v IS NOT NULL AND f.l IS NOT NULL THEN f.v || ' ' || f.l ELSE coalesce(f.v, f.l) END,
  f.v, f.l, recon_trim(r.phone), recon_trim(r.email), NULL, r.rid, 'lead', 1, 0, 0, 0, '', r.tags,
  recon_lead_tag(r.tags), recon_month(r.at), r.at, 0, NULL, 0
FROM recon_records r
JOIN (SELECT rid, recon_trim(first_name) AS v, recon_trim(last_name) AS l FROM recon_records) f ON f.rid = r.rid
WHERE r.kind = 'contact'
  AND r.email_problem IS NULL
  AND r.test_rule IS NULL
  AND recon_buyer_tagged(r.tags) = 0
  AND NOT EXISTS (SELECT 1 FROM recon_records o WHERE o.person_id = r.person_id AND o.rid <> r.rid)
  AND NOT EXISTS (SELECT 1 FROM recon_overrides o WHERE o.rid = r.rid)
  AND NOT EXISTS (SELECT 1 FROM recon_links l WHERE l.a = r.key OR l.b = r.key)
ORDER BY r.person_id;
