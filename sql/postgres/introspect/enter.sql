-- Empties search_path for this session (restored afterwards), so catalog functions qualify every
-- name they print; returns the path to restore.
SELECT current_setting('search_path') AS search_path, set_config('search_path', '', false) AS emptied
