// The demo production as a test template: installed once per test cluster and scale, then
// cloned for each test (see pg/testing.ts).
import { withClient } from '../../pg/client.ts';
import { executeScript } from '../../pg/query.ts';
import { loadSql } from '../../pg/sql-files.ts';
import type { TestTemplate } from '../../pg/testing.ts';
import { installDemoProduction } from './install.ts';

export function demoProductionTemplate(options: { scale?: number; seed?: number } = {}): TestTemplate {
  const scale = options.scale ?? 0.1;
  const seed = options.seed ?? 1;
  return {
    name: `tpl_demo_${seed}_${String(scale).replace('.', '_')}`,
    build: async (url, { password }) => {
      await installDemoProduction(url, { scale, seed, rolePassword: password });
    },
    afterClone: (url) => withClient(url, (c) => executeScript(c, loadSql('demo/grant-database'))),
  };
}
