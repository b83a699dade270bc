// Rows in COPY text: any value survives the line it is written on, and PostgreSQL's own escapes read back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRow, encodeRow } from '../../../../src/platform/db/backup/copy-text.ts';

test('every row reads back as it was written, on one line', () => {
  const rows: (string | null)[][] = [
    ['plain', 'ünïcödé ✓ 😀 𝄞', ''],
    ['tab\there', 'new\nline', 'carriage\rreturn'],
    ['back\\slash', '\\N', '\\.'],
    ['\\', '\\\\n', 'ends with \\'],
    [null, '', null],
    ['{"json": "with \\"quotes\\" and \\\\n"}', '{a,"b c",NULL}', '\\x00ff'],
    ['\u2028\u2029\u0085\u000b\f\b', '\u0001\u001f', ' spaces '],
    ['only'],
  ];
  for (const row of rows) {
    const line = encodeRow(row);
    assert.ok(line.endsWith('\n'), JSON.stringify(row));
    assert.equal(line.slice(0, -1).includes('\n'), false, `one line: ${JSON.stringify(row)}`);
    assert.deepEqual(decodeRow(line.slice(0, -1), row.length), row);
  }
});

test('values are written as COPY writes them', () => {
  const cases: [(string | null)[], string][] = [
    [['a', 'b'], 'a\tb\n'],
    [[null, ''], '\\N\t\n'],
    [['x\ty\nz\r\\'], 'x\\ty\\nz\\r\\\\\n'],
    [['\\N'], '\\\\N\n'],
    [['\\.'], '\\\\.\n'],
  ];
  for (const [row, line] of cases) assert.equal(encodeRow(row), line, JSON.stringify(row));
});

test("PostgreSQL's other escapes read back too", () => {
  const cases: [string, (string | null)[]][] = [
    ['\\b\\f\\v', ['\b\f\v']],
    ['\\a\\"', ['a"']],
    ['\\N\t\\\\N', [null, '\\N']],
  ];
  for (const [line, row] of cases) assert.deepEqual(decodeRow(line, row.length), row, line);
});

test('a line without the right number of values is refused', () => {
  assert.equal(decodeRow('a\tb', 3), undefined);
  assert.equal(decodeRow('a\tb\tc\td', 3), undefined);
  assert.equal(decodeRow('', 2), undefined);
  assert.deepEqual(decodeRow('', 1), ['']);
});
