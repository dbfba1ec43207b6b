SELECT set_config('cutover.role_name', $1, true), set_config('cutover.role_password', $2, true)
