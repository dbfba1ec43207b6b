-- Staging lives in a schema of its own: the role must be able to create one.
SELECT has_database_privilege(current_database(), 'CREATE') AS can_create_schema,
       current_user::text AS current_user,
       current_database()::text AS database
