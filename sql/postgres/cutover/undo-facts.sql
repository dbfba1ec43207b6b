-- $1 the cutover's history id: what a rollback of it must undo in auth.users.
SELECT h.capture_high_water::int8 AS capture_high_water,
       count(a.*) FILTER (WHERE a.change = 'added')::int AS added_users,
       count(a.*) FILTER (WHERE a.change = 'healed')::int AS healed_users,
       count(a.*) FILTER (WHERE a.change = 'identity-added')::int AS added_identities
  FROM cutover_admin.history h
  LEFT JOIN cutover_admin.auth_changes a ON a.history_id = h.id
 WHERE h.id = $1
 GROUP BY h.id
