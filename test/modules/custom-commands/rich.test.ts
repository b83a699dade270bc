// Rendering embeds and buttons within Discord's limits, whatever the placeholders turn into.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embedTextLength, LIMITS, renderParts, TRIM_MARKER, trim } from '../../../src/modules/custom-commands/rich.ts';

const long = 'x'.repeat(5_000);

test('one embed whose fields alone pass 6000 is cut to fit, longest parts first', () => {
  const fields = Array.from({ length: 25 }, () => ({ name: '{1}', value: '{1}' }));
  const { embeds } = renderParts({ embeds: [{ title: '{1}', description: '{1}', fields, footer: { text: '{1}' } }], buttons: [] }, () => long);
  const [embed] = embeds as Parameters<typeof embedTextLength>[0][];
  assert.ok(embed);
  assert.ok(embedTextLength(embed) <= LIMITS.total, `total ${embedTextLength(embed)}`);
  assert.equal(embed.title?.length, LIMITS.title);
  assert.ok(embed.title?.endsWith(TRIM_MARKER));
  for (const f of embed.fields ?? []) assert.ok(f.name.length <= LIMITS.fieldName && f.value.length <= LIMITS.fieldValue);
});

test('later embeds give way first; an empty one is left out; a bad rendered URL is dropped', () => {
  const { embeds, components } = renderParts(
    {
      embeds: [{ title: 'first', description: '{1}' }, { description: '{1}' }, { description: '{2}' }],
      buttons: [
        { label: '{1}', url: 'https://example.com/{2}' },
        { label: 'go', url: '{3}' },
      ],
    },
    (t) => t.replace('{1}', long.slice(0, 4_000)).replace('{2}', '').replace('{3}', 'javascript:x'),
  );
  assert.equal(embeds.length, 2, 'the embed that rendered empty is gone');
  assert.ok(embeds.reduce((s, e) => s + embedTextLength(e), 0) <= LIMITS.total);
  assert.equal((embeds[0] as { description: string }).description.length, 4_000, 'the first keeps its text');
  const buttons = (components[0] as { components: { label: string; url: string }[] }).components;
  assert.equal(buttons.length, 1);
  assert.equal(buttons[0]?.label.length, LIMITS.label);
  assert.equal(buttons[0]?.url, 'https://example.com/');
});

test('trim keeps a surrogate pair whole', () => {
  assert.equal(trim('ab😀cd', 4), `ab${TRIM_MARKER}`);
  assert.equal(trim('short', 10), 'short');
});

test('more than five buttons make rows of five', () => {
  const buttons = Array.from({ length: 12 }, (_, i) => ({ label: `b${i}`, run: 'x' }));
  const { components } = renderParts({ embeds: [], buttons }, (t) => t);
  assert.deepEqual(components.map((row) => (row.components as unknown[]).length), [5, 5, 2]);
});
