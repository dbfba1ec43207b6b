-- Who and what we are connected to.
SELECT current_setting('server_version') AS version,
       current_setting('server_version_num')::int AS version_num,
       current_user::text AS current_user,
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
       coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS tls
