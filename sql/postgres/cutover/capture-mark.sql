-- A catch-up round's mark: the last capture id this statement sees, and the floor below which
-- every writing transaction had ended by then (the oldest one still open, ours aside; if none, the
-- snapshot's xmax). Writes with ids up to the mark that were not yet visible all have xids at or
-- above the floor, so the next round and the lock step carry those too. One statement, one snapshot.
SELECT (SELECT coalesce(max(id), 0) FROM cutover_capture.changes) AS mark,
       (SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
          FROM pg_snapshot_xip(pg_current_snapshot()) AS x
         WHERE x <> pg_current_xact_id())::text AS floor
