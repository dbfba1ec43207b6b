// Systeme.io wire formats (research/systemeio.md): names live in fields[] by slug,
// tags are {id, name} objects, ids are integers.
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });

export const SystemeField = z.looseObject({
  fieldName: z.string(),
  slug: z.string(),
  value: z.string().nullable(),
});

export const SystemeTagRef = z.looseObject({ id: z.number().int().positive(), name: z.string() });

export const SystemeContact = z.looseObject({
  id: z.number().int().positive(),
  email: z.string().min(1),
  registeredAt: timestamp,
  locale: z.string().nullish(),
  sourceURL: z.string().nullable(),
  unsubscribed: z.boolean(),
  bounced: z.boolean(),
  needsConfirmation: z.boolean(),
  fields: z.array(SystemeField),
  tags: z.array(SystemeTagRef),
});
export type SystemeContact = z.infer<typeof SystemeContact>;

export const SystemeTag = z.looseObject({
  id: z.number().int().positive(),
  name: z.string(),
  createdAt: timestamp,
});
export type SystemeTag = z.infer<typeof SystemeTag>;

/** Collection envelope: no total and no cursor; the next cursor is the last item's id. */
export const SystemePage = z.object({ items: z.array(z.unknown()), hasMore: z.boolean() });

/** The value of a contact field by slug (first_name, surname, phone_number, …). */
export function contactField(contact: Pick<SystemeContact, 'fields'>, slug: string): string | null {
  const value = contact.fields.find((f) => f.slug === slug)?.value;
  return value === undefined || value === null || value.trim() === '' ? null : value;
}
