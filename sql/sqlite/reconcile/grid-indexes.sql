-- Ids of the tables written in person order, what the grids filter, sort and facet on, and the
-- per-person deletes of an incremental update.
CREATE UNIQUE INDEX recon_findings_id ON recon_findings (id);
CREATE INDEX recon_findings_person ON recon_findings (person_id);
-- A queue's grid: its filters, facets, sums and sort keys from one index, without the rows.
CREATE INDEX recon_findings_queue ON recon_findings (queue, status, month, product, severity, amount_minor, id);
-- A queue's page in each order it can be sorted in, read from one of these without sorting the
-- queue (electron/engine/reconcile/queries.ts names them per column, each key spelled exactly as
-- electron/engine/query/paged.ts's sortKeySql spells the sort key: paged-plans.test.ts checks).
CREATE INDEX recon_findings_by_id ON recon_findings (queue, id);
CREATE INDEX recon_findings_by_status ON recon_findings (queue, status, id);
CREATE INDEX recon_findings_by_severity ON recon_findings (queue, severity, id);
CREATE INDEX recon_findings_by_rule ON recon_findings (queue, rule, id);
CREATE INDEX recon_findings_by_summary ON recon_findings (queue, summary, id);
CREATE INDEX recon_findings_by_proposal ON recon_findings (queue, proposal, id);
CREATE INDEX recon_findings_by_person_name ON recon_findings (queue, coalesce(person_name, ''), id);
CREATE INDEX recon_findings_by_email ON recon_findings (queue, coalesce(email, ''), id);
CREATE INDEX recon_findings_by_product ON recon_findings (queue, coalesce(product, ''), id);
CREATE INDEX recon_findings_by_month ON recon_findings (queue, coalesce(month, ''), id);
CREATE INDEX recon_findings_by_amount ON recon_findings (queue, coalesce(amount_minor, -9.0e18), id);
CREATE INDEX recon_findings_by_decided_by ON recon_findings (queue, coalesce(decided_by, ''), id);
CREATE INDEX recon_findings_by_decided_at ON recon_findings (queue, coalesce(decided_at, ''), id);
CREATE INDEX recon_payments_product ON recon_payments (product, status, month);
CREATE INDEX recon_payments_created ON recon_payments (created_at);
-- The people grid (the leads queue): status, the facets, the sum and the name sort from one index.
CREATE INDEX recon_people_status ON recon_people (status, registered_month, lead_tag, products, paid_minor, name);
CREATE INDEX recon_people_name ON recon_people (name);
-- The people grids' pages in each order (as the findings' above): the leads queue seeks its status,
-- the grid of all people reads each status's part in turn.
-- In id order it also holds the columns the people grids filter by typed text (name, e-mail), so
-- a filter that few rows match is tested on the index alone, not on each row read from the table.
CREATE INDEX recon_people_by_status ON recon_people (status, person_id, name, email);
CREATE INDEX recon_people_by_name ON recon_people (status, coalesce(name, ''), person_id);
CREATE INDEX recon_people_by_email ON recon_people (status, coalesce(email, ''), person_id);
CREATE INDEX recon_people_by_email_problem ON recon_people (status, coalesce(email_problem, ''), person_id);
CREATE INDEX recon_people_by_contacts ON recon_people (status, contacts, person_id);
CREATE INDEX recon_people_by_invoices ON recon_people (status, invoices, person_id);
CREATE INDEX recon_people_by_paid ON recon_people (status, paid_minor, person_id);
CREATE INDEX recon_people_by_products ON recon_people (status, products, person_id);
CREATE INDEX recon_people_by_lead_tag ON recon_people (status, coalesce(lead_tag, ''), person_id);
CREATE INDEX recon_people_by_registered ON recon_people (status, coalesce(registered_month, ''), person_id);
CREATE INDEX recon_people_by_open_findings ON recon_people (status, open_findings, person_id);
CREATE INDEX recon_suggestions_a ON recon_suggestions (person_a);
CREATE INDEX recon_suggestions_b ON recon_suggestions (person_b);
CREATE INDEX recon_suggestions_score ON recon_suggestions (score DESC);
CREATE INDEX recon_person_decisions_decision ON recon_person_decisions (decision_id);
CREATE UNIQUE INDEX plan_auth_users_id ON plan_auth_users (id);
CREATE INDEX plan_auth_users_person ON plan_auth_users (person_id);
CREATE UNIQUE INDEX plan_profiles_id ON plan_profiles (id);
CREATE INDEX plan_profiles_person ON plan_profiles (person_id);
CREATE UNIQUE INDEX plan_transactions_id ON plan_transactions (id);
CREATE INDEX plan_transactions_person ON plan_transactions (person_id);
CREATE INDEX plan_transactions_rid ON plan_transactions (rid);
CREATE UNIQUE INDEX plan_enrollments_id ON plan_enrollments (id);
CREATE INDEX plan_enrollments_person ON plan_enrollments (person_id);
CREATE UNIQUE INDEX plan_affiliates_id ON plan_affiliates (id);
CREATE INDEX plan_affiliates_person ON plan_affiliates (person_id);
