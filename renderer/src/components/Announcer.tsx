// One polite live region for what the reviewer's own actions did ("Recorded: merge.", "Undone."),
// so keyboard and screen-reader users hear the outcome; the text also shows briefly on screen.
import { useEffect, useState } from 'react';

const listeners = new Set<(text: string) => void>();

export function announce(text: string): void {
  for (const l of listeners) l(text);
}

export function Announcer() {
  const [text, setText] = useState('');
  useEffect(() => {
    if (!text) return;
    const t = setTimeout(() => setText(''), 8000);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(() => {
    const l = (t: string) => setText(t);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return (
    <div className={`toast${text ? ' shown' : ''}`} role="status" aria-live="polite" data-testid="announcer">
      {text}
    </div>
  );
}
