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
