// Which tables a cutover replaces, unless the operator says otherwise (research/platform-facts.md).
export interface QualifiedName {
  schema: string;
  name: string;
}

export const DEFAULT_SWAP_TABLES: readonly QualifiedName[] = [
  { schema: 'public', name: 'unified_profiles' },
  { schema: 'public', name: 'transactions' },
  { schema: 'public', name: 'enrollments' },
  { schema: 'public', name: 'affiliates' },
];
