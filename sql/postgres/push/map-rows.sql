-- Plan rows that are production rows keep production's key: transactions by external_id (the
-- invoice), enrollments by (user, course). Enrollments point at the staged transaction ids and at
-- production's course (the catalog names it by slug or id).
UPDATE pg_temp.load_transactions l SET id = p.id::text FROM public.transactions p WHERE p.external_id = l.external_id;
UPDATE pg_temp.load_enrollments l SET transaction_id = t.id FROM pg_temp.load_transactions t WHERE t.plan_key = l.transaction_id;
UPDATE pg_temp.load_enrollments l SET course_id = c.id::text FROM public.courses c WHERE l.course_id IN (c.slug, c.id::text);
UPDATE pg_temp.load_enrollments l SET id = p.id::text
  FROM public.enrollments p
 WHERE p.user_id::text = l.user_id AND p.course_id::text = l.course_id;
