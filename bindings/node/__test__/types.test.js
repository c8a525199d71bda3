'use strict'
// The facade's group methods follow the core's operation catalogue (the declared types are
// checked against the runtime by surface.test.js, with tsc --strict).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const w = require('..')

test("the groups methods are the core operation catalogue's 35", () => {
  const catalogue = require('../binding.js').groupMethods()
  assert.equal(catalogue.length, 35)
  const kinds = new Set(['str', 'bool', 'ids', 'opt_ids', 'opt_bool', 'list_query', 'picture'])
  const nativeGroups = require('../binding.js').NativeGroups.prototype
  for (const [name, params] of catalogue) {
    assert.equal(typeof w.Groups.prototype[name], 'function', name)
    assert.equal(typeof nativeGroups[name], 'function', `NativeGroups.${name}`)
    assert.ok(params.every(([p, kind]) => /^[a-z][A-Za-z]*$/.test(p) && kinds.has(kind)), `${name}: camelCase parameters of known kinds`)
  }
})

test('a result read from its buffer keeps multi-byte text whole in every part', () => {
  // Parts are found by byte offset in the native buffer: text before a part that is wider in
  // UTF-8 than in UTF-16 (é, emoji) must not shift where the next one starts.
  const groups = ['Équipe 🚀', 'Zoë', 'plain'].map((name, i) => ({
    id: { _serialized: `12036300000000000${i}@g.us` },
    name,
    groupMetadata: { id: { _serialized: `12036300000000000${i}@g.us` }, subject: name, desc: `${name} ✓`, participants: [
      { id: { server: 'c.us', user: `4915${i}`, _serialized: `4915${i}@c.us` }, isAdmin: i === 1, isSuperAdmin: false },
    ] },
  }))
  const list = w.decodeResponse('list', JSON.stringify(groups))
  assert.deepEqual(list.map((g) => g.subject), ['Équipe 🚀', 'Zoë', 'plain'])
  // Read the parts out of order: the last group's first.
  assert.deepEqual(list[2].raw, groups[2])
  assert.deepEqual(list[0].raw, groups[0])
  assert.deepEqual(list.map((g) => [g.description, g.participants[0].pn, g.participants[0].role]), [
    ['Équipe 🚀 ✓', '49150@c.us', 'participant'], ['Zoë ✓', '49151@c.us', 'admin'], ['plain ✓', '49152@c.us', 'participant'],
  ])
  assert.deepEqual(list[1].raw, groups[1])
  // A result with no parts is its head alone.
  assert.deepEqual(w.decodeResponse('count', '{"count": 3}'), { count: 3 })
})
