-- Plan enrollments whose course is no course in production (the catalog names a course by its
-- slug or id; push/map-rows.sql resolved those it could).
SELECT count(*) OVER () AS _failed, l.plan_key, l.course_id
  FROM pg_temp.load_enrollments l
 WHERE NOT EXISTS (SELECT 1 FROM public.courses c WHERE c.id::text = l.course_id)
 ORDER BY l.plan_key
 LIMIT 50
