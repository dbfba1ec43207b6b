-- The people most of a large cache is made of, derived in one statement: a single contact with a
-- usable address, no test rule, no buyer tag, and no decision about it — a lead, with no finding
-- and no plan row. Everyone else goes through derivePerson (derive-person.ts), whose rows for
-- such a person are the same (the incremental-equals-full test holds both to it). A full
-- recompute runs it for one range of person ids at a time (@from to @to), then derives the rest
-- of the range. The inner select ends in LIMIT -1 so each function runs once per row.
INSERT INTO recon_people
  (person_id, name, email, email_problem, status, contacts, invoices, paid, paid_minor, products, tags, lead_tag, registered_month, first_at, user_id, open_findings)
SELECT
  person_id, CASE WHEN f IS NOT NULL AND l IS NOT NULL THEN f || ' ' || l ELSE coalesce(f, l) END, recon_trim(email), NULL, 'lead', 1, 0, 0, 0, '', tags,
  lead ->> 0, recon_month(at), at, NULL, 0
FROM (
  SELECT r.person_id, r.email, r.tags, r.at, recon_trim(r.first_name) AS f, recon_trim(r.last_name) AS l, recon_lead_tag(r.tags) AS lead
  FROM recon_records r
  WHERE r.person_id BETWEEN @from AND @to
    AND r.kind = 'contact'
    AND r.email_problem IS NULL
    AND r.test_rule IS NULL
    AND NOT EXISTS (SELECT 1 FROM recon_records o WHERE o.person_id = r.person_id AND o.rid <> r.rid)
    AND NOT EXISTS (SELECT 1 FROM recon_overrides o WHERE o.rid = r.rid)
    AND NOT EXISTS (SELECT 1 FROM recon_links l WHERE l.a = r.key OR l.b = r.key)
  LIMIT -1)
WHERE lead IS NOT NULL
ORDER BY person_id;
