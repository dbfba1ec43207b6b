// Installs the demo production into an empty database: roles (cluster-wide, idempotent), the
// auth and public schemas, the data by COPY in one transaction (the circular affiliate FK is
// deferred to its COMMIT), then everything bound to the tables. Loading comes before triggers
// exist, so nothing fires while the data goes in.
import { withClient } from '../../pg/client.ts';
import { copyRows } from '../../pg/copy.ts';
import { executeScript, inTransaction } from '../../pg/query.ts';
import { fileQuery, loadSql } from '../../pg/sql-files.ts';
import { buildDemoProduction, type DemoProductionOptions, type DemoProductionTruth } from './data.ts';

/** The roles that log in; they all get the installation's password. */
export const LOGIN_ROLES = ['postgres', 'authenticator', 'supabase_auth_admin'] as const;

/** `url` must reach the target database as a superuser. */
export async function installDemoProduction(url: string, options: DemoProductionOptions & { rolePassword: string }): Promise<DemoProductionTruth> {
  const production = buildDemoProduction(options);
  await withClient(url, async (client) => {
    await inTransaction(client, async () => {
      // Roles are shared by every database of the cluster: one installer at a time.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('cutover demo roles'))");
      await executeScript(client, loadSql('demo/01-roles'));
      for (const role of LOGIN_ROLES) {
        const params = fileQuery('demo/set-role-password-params', [role, options.rolePassword]);
        await client.query(params.sql, [...params.params]);
        await executeScript(client, loadSql('demo/set-role-password'));
      }
    });
    await executeScript(client, loadSql('demo/grant-database'));
    await executeScript(client, loadSql('demo/02-auth'));
    await executeScript(client, loadSql('demo/03-public'));
    await inTransaction(client, async () => {
      for (const t of production.tables) await copyRows(client, t, t.columns, t.rows);
    });
    await executeScript(client, loadSql('demo/04-after-load'));
  });
  return production.truth;
}
