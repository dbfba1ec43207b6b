// People are clusters of records: records with the same key (the exact e-mail key) are one
// person, and merge decisions join keys. A person is named by the smallest key of its cluster.
// A full recompute clusters every key; a decision reclusters only the people it touches.
import type Database from 'better-sqlite3';

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    let at = x;
    while (at !== root) {
      const next = this.parent.get(at) ?? root;
      this.parent.set(at, root);
      at = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The smaller key is the root, so a cluster is named by its smallest key.
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }
}

export interface Link {
  a: string;
  b: string;
  decisionId: string;
}

/** Sets the person of every record (and its payment and ledger rows) with one of these keys. */
function setPerson(db: Database.Database, keys: readonly string[], person: string): void {
  const list = JSON.stringify(keys);
  db.prepare('UPDATE recon_records SET person_id = ? WHERE key IN (SELECT value FROM json_each(?)) AND person_id <> ?').run(person, list, person);
  const rids = "SELECT rid FROM recon_records WHERE key IN (SELECT value FROM json_each(?)) AND kind = 'invoice'";
  db.prepare(`UPDATE recon_payments SET person_id = ? WHERE rid IN (${rids}) AND person_id <> ?`).run(person, list, person);
  db.prepare(`UPDATE recon_ledger SET person_id = ? WHERE rid IN (${rids}) AND person_id <> ?`).run(person, list, person);
}

/** Clusters over the merge links in force, after records were written with person = key. */
export function clusterAll(db: Database.Database, links: readonly Link[]): void {
  const uf = new UnionFind();
  const keys = new Set<string>();
  for (const l of links) {
    uf.union(l.a, l.b);
    keys.add(l.a).add(l.b);
  }
  const groups = new Map<string, string[]>();
  for (const k of keys) {
    const root = uf.find(k);
    const g = groups.get(root);
    if (g) g.push(k);
    else groups.set(root, [k]);
  }
  for (const [root, members] of groups) setPerson(db, members, root);
}

/**
 * Clusters again the records of these people (and of these extra keys, for a record whose key
 * changed), with the merge links in force among their keys. Returns every person id involved,
 * before and after (a cluster is renamed when its smallest key comes or goes).
 */
export function recluster(db: Database.Database, people: readonly string[], extraKeys: readonly string[], links: readonly Link[]): string[] {
  const keys = new Set(db.prepare('SELECT DISTINCT key FROM recon_records WHERE person_id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(people)) as string[]);
  const exists = db.prepare('SELECT 1 FROM recon_records WHERE key = ? LIMIT 1').pluck();
  for (const k of extraKeys) if (exists.get(k) !== undefined) keys.add(k);
  // Keys linked to these by a merge in force belong to the same clusters.
  let grew = true;
  while (grew) {
    grew = false;
    for (const l of links) {
      if (keys.has(l.a) !== keys.has(l.b)) {
        const other = keys.has(l.a) ? l.b : l.a;
        for (const k of db.prepare('SELECT DISTINCT key FROM recon_records WHERE person_id = (SELECT person_id FROM recon_records WHERE key = ? LIMIT 1)').pluck().all(other) as string[]) keys.add(k);
        grew = true;
      }
    }
  }
  const involved = new Set(db.prepare('SELECT DISTINCT person_id FROM recon_records WHERE key IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify([...keys])) as string[]);
  const uf = new UnionFind();
  for (const k of keys) uf.find(k);
  for (const l of links) if (keys.has(l.a) && keys.has(l.b)) uf.union(l.a, l.b);
  const groups = new Map<string, string[]>();
  for (const k of keys) {
    const root = uf.find(k);
    const g = groups.get(root);
    if (g) g.push(k);
    else groups.set(root, [k]);
  }
  for (const [root, members] of groups) setPerson(db, members, root);
  return [...new Set([...involved, ...groups.keys()])];
}
