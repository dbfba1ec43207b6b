import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import { TypeToConfirm, confirmState } from './TypeToConfirm.tsx';

test('only the exact phrase confirms: capitals count, a typo is told apart from a correct start', () => {
  const phrase = 'cut over postgres@db';
  assert.equal(confirmState('', phrase), 'empty');
  assert.equal(confirmState('   ', phrase), 'empty');
  assert.equal(confirmState('cut ov', phrase), 'partial');
  assert.equal(confirmState('cut over postgres@db', phrase), 'match');
  // A paste with a trailing newline or spaces still matches; nothing else is forgiven.
  assert.equal(confirmState(' cut over postgres@db\n', phrase), 'match');
  assert.equal(confirmState('Cut over postgres@db', phrase), 'mismatch');
  assert.equal(confirmState('cut over postgres@db2', phrase), 'mismatch');
  assert.equal(confirmState('cut  over', phrase), 'mismatch');
});

test('the field is labelled with the phrase, described by what confirming does, and the button starts disabled', () => {
  const html = renderToStaticMarkup(
    <TypeToConfirm phrase="roll back" action="Roll back" busyAction="Rolling back…" busy={false} onConfirm={() => {}} testId="rb">
      <p>Production gets its tables back.</p>
    </TypeToConfirm>,
  );
  const inputId = /<input id="([^"]+)"/.exec(html)?.[1];
  assert.ok(inputId, html);
  assert.match(html, new RegExp(`<label id="[^"]+" for="${inputId}">Type <code class="type-confirm-phrase">roll back</code> to confirm</label>`));
  const describedBy = /aria-describedby="([^"]+)"/.exec(html)![1]!.split(' ');
  assert.equal(describedBy.length, 2);
  for (const id of describedBy) assert.match(html, new RegExp(`id="${id}"`));
  assert.match(html, /<div id="[^"]+" class="type-confirm-what"><p>Production gets its tables back.<\/p><\/div>/);
  assert.match(html, /<button type="submit" class="danger" disabled="" data-testid="rb-submit">Roll back<\/button>/);
  assert.match(html, /<form [^>]*aria-labelledby="[^"]+"[^>]*data-state="empty"/);
});

test('while busy or disabled the field cannot be typed in and the button says what is happening', () => {
  const html = renderToStaticMarkup(<TypeToConfirm phrase="x" action="Cut over" busyAction="Cutting over…" busy onConfirm={() => {}} testId="co" />);
  assert.match(html, /<input [^>]*disabled=""/);
  assert.match(html, />Cutting over…<\/button>/);
  assert.doesNotMatch(html, /type-confirm-what/);
});
