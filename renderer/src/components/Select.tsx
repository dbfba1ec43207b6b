// A labelled choice from a fixed list; the value keeps its own type (string or number).
export interface Option<T extends string | number> {
  value: T;
  label: string;
}

interface Props<T extends string | number> {
  id: string;
  value: T;
  options: readonly Option<T>[];
  onChange: (value: T) => void;
}

export function Select<T extends string | number>({ id, value, options, onChange }: Props<T>) {
  return (
    <select
      id={id}
      data-testid={id}
      value={String(value)}
      onChange={(e) => {
        const picked = options.find((o) => String(o.value) === e.target.value);
        if (picked) onChange(picked.value);
      }}
    >
      {options.map((o) => (
        <option key={o.value} value={String(o.value)}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
