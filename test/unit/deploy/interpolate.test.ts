// Compose interpolation and .env parsing, by the Compose docs ("Interpolation", ".env file syntax").
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { interpolate, parseDotEnv } from '../../../server/src/deploy/interpolate';

const vars = new Map([['A', 'alpha'], ['EMPTY', ''], ['N', '4']]);

test('${VAR} and $VAR take the value; $$ is a literal dollar', () => {
  assert.equal(interpolate('${A}', vars), 'alpha');
  assert.equal(interpolate('x-$A-y', vars), 'x-alpha-y');
  assert.equal(interpolate('--workers=${N}', vars), '--workers=4');
  assert.equal(interpolate('cost $$5', vars), 'cost $5');
  assert.equal(interpolate('$$A', vars), '$A');
});

test(':- uses the default when unset or empty, - only when unset', () => {
  assert.equal(interpolate('${EMPTY:-d}', vars), 'd');
  assert.equal(interpolate('${EMPTY-d}', vars), '');
  assert.equal(interpolate('${MISSING-d}', vars), 'd');
  assert.equal(interpolate('${MISSING:-4g}', vars), '4g');
  assert.equal(interpolate('${A:-d}', vars), 'alpha');
  // Defaults may themselves interpolate.
  assert.equal(interpolate('${MISSING:-${N}x}', vars), '4x');
});

test(':+ / + give the alternative when set; ?/:? keep the literal when the variable is missing', () => {
  assert.equal(interpolate('${A:+on}', vars), 'on');
  assert.equal(interpolate('${EMPTY:+on}', vars), '');
  assert.equal(interpolate('${EMPTY+on}', vars), 'on');
  assert.equal(interpolate('${MISSING:?set it}', vars), '${MISSING:?set it}');
  assert.equal(interpolate('${A:?set it}', vars), 'alpha');
});

test('unknown variables keep their literal text; malformed references do not throw', () => {
  assert.equal(interpolate('${MISSING}', vars), '${MISSING}');
  assert.equal(interpolate('$MISSING/odoo', vars), '$MISSING/odoo');
  assert.equal(interpolate('${unclosed', vars), '${unclosed');
  assert.equal(interpolate('${}', vars), '${}');
  assert.equal(interpolate('${A!x}', vars), '${A!x}');
  assert.equal(interpolate('trailing $', vars), 'trailing $');
  assert.equal(interpolate('${A}', undefined), '${A}');
});

test('.env: comments, export, quotes, inline comments, empty values', () => {
  const env = parseDotEnv([
    '# comment',
    '',
    'PLAIN=value # inline',
    'export EXPORTED=yes',
    'DQ="a b \\"c\\""',
    "SQ='$literal # kept'",
    'EMPTY=',
    'SPACED = 12',
    'not a line',
  ].join('\n'));
  assert.deepEqual([...env], [
    ['PLAIN', 'value'], ['EXPORTED', 'yes'], ['DQ', 'a b "c"'], ['SQ', '$literal # kept'], ['EMPTY', ''], ['SPACED', '12'],
  ]);
});
