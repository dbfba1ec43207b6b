-- $1 role, $2 password. ALTER ROLE takes no parameters, so the server quotes the password itself
-- (format %L): it never passes through SQL text built by the client.
DO $$
BEGIN
  EXECUTE format('ALTER ROLE %I PASSWORD %L', current_setting('cutover.role_name'), current_setting('cutover.role_password'));
END
$$;
