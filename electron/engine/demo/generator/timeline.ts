// When things happen: contact registrations (in contact-slot order, so ids ascend with time) and
// each buyer's purchase moments. Pure functions of (plan, index), like everything else.
import type { BuyerProduct, Plan } from './plan.ts';
import { entityRng } from './random.ts';
import {
  DAY,
  HOUR,
  LAST_CLOSED_INVOICE,
  MINUTE,
  REGISTRATION_END,
  REGISTRATION_START,
} from './time.ts';

/** The audience grew over the year: later months see more sign-ups (time ∝ position^0.85). */
const GROWTH_EXPONENT = 0.85;

/**
 * Registration time of contact slot c, whole seconds. Slot c+1 is never earlier than slot c:
 * the jitter stays inside the slot's own share of the range.
 */
export function slotTime(plan: Plan, c: number): number {
  const jitter = entityRng(plan.seed, 'slot-time', c).next();
  const position = (c + jitter) / plan.contactSlots;
  const ms = REGISTRATION_START + (REGISTRATION_END - REGISTRATION_START) * position ** GROWTH_EXPONENT;
  return Math.floor(ms / 1000) * 1000;
}

/** When a person first appears: their primary contact's registration, or a random day. */
export function personRegistration(plan: Plan, person: number): number {
  const slot = plan.primarySlot(person);
  if (slot !== null) return slotTime(plan, slot);
  const rng = entityRng(plan.seed, 'person-time', person);
  return REGISTRATION_START + Math.floor(rng.next() * (REGISTRATION_END - REGISTRATION_START));
}

/** Keeps closed invoices inside the demo's calendar. */
export function clampClosed(ms: number): number {
  return Math.max(REGISTRATION_START, Math.min(LAST_CLOSED_INVOICE, ms));
}

/** How long after signing up someone buys: many on impulse, the rest within weeks. */
function buyingDelay(seed: number, stream: string, person: number): number {
  const rng = entityRng(seed, stream, person);
  const base = rng.chance(0.35) ? rng.exponential(20 * MINUTE, HOUR) : rng.exponential(2 * DAY, 45 * DAY);
  return 3 * MINUTE + Math.floor(base) + rng.int(1000);
}

/**
 * Creation time of a buyer's (first) paid invoice for a product. People who bought both got the
 * ₱49 ebook first and the course later: the ebook is the tripwire of the funnel.
 */
export function purchaseTime(plan: Plan, person: number, product: BuyerProduct): number {
  const registered = personRegistration(plan, person);
  const canva = clampClosed(registered + buyingDelay(plan.seed, 'buy:canva', person));
  if (product === 'canva') return canva;
  if (plan.ref(person).kind !== 'both') {
    return clampClosed(registered + buyingDelay(plan.seed, 'buy:p2p', person));
  }
  const rng = entityRng(plan.seed, 'upsell', person);
  return clampClosed(canva + HOUR + Math.floor(rng.exponential(12 * DAY, 120 * DAY)));
}
