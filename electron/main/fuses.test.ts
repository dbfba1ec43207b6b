import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
// electron-builder's own config loader and packager: the pinned electron-builder pins these too.
import { PlatformPackager } from 'app-builder-lib';
import { getConfig } from 'app-builder-lib/out/util/config/config.js';
import { log } from 'builder-util';
import { appRoot } from '../engine/paths.ts';

const root = appRoot();
const ON = 0x31; // '1' in the fuse wire
const OFF = 0x30; // '0'

// electron-builder logs to stdout, which node's test runner reads as its own serialized stream
// from this file's process: a log line landing inside a message failed the run ("Unable to
// deserialize cloned data"). Its lines go to stderr instead.
(log as unknown as { stream: NodeJS.WritableStream }).stream = process.stderr;

test('electron-builder reads the fuses the security checklist requires, and an asar archive', async () => {
  // What electron-builder's own loader finds (a "build" key in package.json would win over
  // electron-builder.yml and silently drop the fuses).
  const config = await getConfig(root, null, null);
  const fuses = config.electronFuses;
  assert.ok(fuses, 'electron-builder.yml declares electronFuses');
  assert.equal(fuses.runAsNode, false);
  assert.equal(fuses.enableNodeOptionsEnvironmentVariable, false);
  assert.equal(fuses.enableNodeCliInspectArguments, false);
  assert.equal(fuses.onlyLoadAppFromAsar, true);
  assert.equal(fuses.enableEmbeddedAsarIntegrityValidation, true);
  assert.equal(fuses.enableCookieEncryption, true);
  assert.equal(fuses.grantFileProtocolExtraPrivileges, false);
  // OnlyLoadAppFromAsar makes an app packaged without asar refuse to start.
  assert.equal(config.asar, true);
  assert.equal((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { build?: unknown }).build, undefined);
});

test('packaging flips every fuse of the wire as configured', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-fuses-'));
  try {
    // A stand-in for the packaged binary: @electron/fuses finds the wire after its sentinel
    // (version byte, length byte, one byte per fuse). Start from Electron's defaults.
    const defaults = [ON, OFF, ON, ON, OFF, OFF, OFF, ON];
    const wire = Buffer.from([0x01, defaults.length, ...defaults]);
    const binary = join(dir, 'Cutover');
    writeFileSync(binary, Buffer.concat([Buffer.from('ELF…padding…'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), wire, Buffer.from('…rest')]));

    // The step electron-builder runs after packing and before signing, with this project's config.
    const config = await getConfig(root, null, null);
    // Only what that step reads of a packager: its config and the executable's name.
    const packager = Object.create(PlatformPackager.prototype, { config: { value: config }, appInfo: { value: { productFilename: 'Cutover' } } }) as unknown;
    await (packager as { doAddElectronFuses(ctx: object): Promise<void> }).doAddElectronFuses({ appOutDir: dir, electronPlatformName: 'linux' });

    const flipped = await getCurrentFuseWire(binary);
    assert.equal(flipped.version, FuseVersion.V1);
    const expected: Record<FuseV1Options, number> = {
      [FuseV1Options.RunAsNode]: OFF,
      [FuseV1Options.EnableCookieEncryption]: ON,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: OFF,
      [FuseV1Options.EnableNodeCliInspectArguments]: OFF,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: ON,
      [FuseV1Options.OnlyLoadAppFromAsar]: ON,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: OFF,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: OFF,
    };
    for (const [index, state] of Object.entries(expected)) {
      assert.equal((flipped as unknown as Record<string, number>)[index], state, `fuse ${FuseV1Options[Number(index)]}`);
    }
    // A fuse that a newer @electron/fuses knows and this file does not decide fails here.
    const known = Object.values(FuseV1Options).filter((v): v is number => typeof v === 'number');
    assert.deepEqual(known.sort(), Object.keys(expected).map(Number).sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
