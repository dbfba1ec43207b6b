-- Ids of the tables written in person order, what the grids filter, sort and facet on, and the
-- per-person deletes of an incremental update.
CREATE UNIQUE INDEX recon_findings_id ON recon_findings (id);
CREATE INDEX recon_findings_person ON recon_findings (person_id);
-- A queue's grid: its filters, facets, sums and sort keys from one index, without the rows.
CREATE INDEX recon_findings_queue ON recon_findings (queue, status, month, product, severity, amount_minor, id);
CREATE INDEX recon_findings_queue_amount ON recon_findings (queue, amount_minor, id);
CREATE INDEX recon_payments_product ON recon_payments (product, status, month);
CREATE INDEX recon_payments_created ON recon_payments (created_at);
-- The people grid (the leads queue): status, the facets, the sum and the name sort from one index.
CREATE INDEX recon_people_status ON recon_people (status, registered_month, lead_tag, products, paid_minor, name);
CREATE INDEX recon_people_name ON recon_people (name);
CREATE INDEX recon_people_first ON recon_people (first_at);
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
