-- Plan users whose lower(email) matches several production auth users (case conflicts, ghosts):
-- the push kept one of them (see push/map-users.sql); the others stay in auth.users.
SELECT count(*) OVER () AS _failed, m.email_key, m.user_id::text AS kept_user, m.same_email AS production_users, array_to_string(m.spellings, ', ') AS spellings
  FROM pg_temp.user_map m
 WHERE m.same_email > 1
 ORDER BY m.email_key
 LIMIT 50
