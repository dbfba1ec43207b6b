-- A merge or a decline names two keys; it cannot apply once no record has one of them.
UPDATE recon_links SET stale_reason = CASE
  WHEN NOT EXISTS (SELECT 1 FROM recon_records r WHERE r.key = recon_links.a) THEN 'No record has the key ' || json_quote(a) || ' any more.'
  WHEN NOT EXISTS (SELECT 1 FROM recon_records r WHERE r.key = recon_links.b) THEN 'No record has the key ' || json_quote(b) || ' any more.'
  ELSE NULL END;
