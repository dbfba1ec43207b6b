// The Systeme.io tag dictionary (GET /api/tags). Names as the merchant created them, including the
// two case variants of "Imported" that both exist in their account (research/platform-facts.md).
import type { SystemeTag } from '../../../../shared/sources/systeme.ts';
import { manila, systemeTime } from './time.ts';

export const TAG = {
  squeeze: 'squeeze',
  canva: 'Canva',
  paidP2p: 'PaidP2P',
  paidCanva: 'PaidCanva',
  fbInviteSent: 'FBInviteSent',
  invitedToCourse: 'InvitedtoCourse',
  joinCommunity: 'JoinCommunity',
  importedUpper: 'Imported',
  importedLower: 'imported',
  enrolledP2p: 'Enrolled P2P',
  testTag: 'TestTag',
  webinar: 'Webinar Nov 2024',
} as const;
export type TagName = (typeof TAG)[keyof typeof TAG];

/** Ids ascend with creation, as Systeme.io assigns them; the webinar tag is used by nobody. */
const DICTIONARY: readonly (readonly [TagName, number, number])[] = [
  [TAG.squeeze, 412201, manila(2024, 8, 12, 10, 41)],
  [TAG.canva, 412202, manila(2024, 8, 12, 10, 44)],
  [TAG.paidP2p, 412210, manila(2024, 8, 12, 11, 2)],
  [TAG.paidCanva, 412211, manila(2024, 8, 12, 11, 3)],
  [TAG.fbInviteSent, 418770, manila(2024, 9, 20, 15, 10)],
  [TAG.invitedToCourse, 418771, manila(2024, 9, 20, 15, 12)],
  [TAG.joinCommunity, 425310, manila(2024, 10, 5, 9, 0)],
  [TAG.importedUpper, 431002, manila(2024, 10, 18, 20, 30)],
  [TAG.importedLower, 431057, manila(2024, 10, 18, 21, 5)],
  [TAG.webinar, 440118, manila(2024, 11, 10, 8, 0)],
  [TAG.enrolledP2p, 447912, manila(2024, 12, 2, 13, 45)],
  [TAG.testTag, 455300, manila(2025, 1, 10, 16, 20)],
];

const IDS = new Map<TagName, number>(DICTIONARY.map(([name, id]) => [name, id]));

export function tagId(name: TagName): number {
  const id = IDS.get(name);
  if (id === undefined) throw new Error(`unknown tag ${name}`);
  return id;
}

export function tagRecords(): SystemeTag[] {
  return DICTIONARY.map(([name, id, created]) => ({ id, name, createdAt: systemeTime(created) }));
}
