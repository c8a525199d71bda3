'use strict'
// index.d.ts (hand-written facade types) must declare exactly what index.js exports.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const w = require('..')

const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')

function declaredMembers(className) {
  const body = dts.match(new RegExp(`export declare class ${className}[^{]*\\{([\\s\\S]*?)\\n\\}`))
  assert.ok(body, `index.d.ts declares ${className}`)
  return new Set([...body[1].matchAll(/^\s+(?:static |readonly )?(\w+)[(<:?]/gm)].map((m) => m[1]).filter((n) => n !== 'constructor'))
}

function runtimeMembers(cls) {
  const own = (o) => Object.getOwnPropertyNames(o).filter((n) => n !== 'constructor' && !n.startsWith('_') && n !== 'toString' && n !== 'length' && n !== 'name' && n !== 'prototype')
  return new Set([...own(cls.prototype), ...own(cls)])
}

for (const name of ['Client', 'Groups', 'Lids', 'MockWaha']) {
  test(`${name}: declared members match the runtime`, () => {
    const declared = declaredMembers(name)
    const runtime = runtimeMembers(w[name])
    // Groups and Lids carry `session` as an instance field, not on the prototype.
    if (name === 'Groups' || name === 'Lids') declared.delete('session')
    assert.deepEqual([...runtime].filter((m) => !declared.has(m)).sort(), [], 'runtime members missing from index.d.ts')
    assert.deepEqual([...declared].filter((m) => !runtime.has(m)).sort(), [], 'declared members missing at runtime')
  })
}

test('every export is declared and every declaration exported', () => {
  const declared = new Set([...dts.matchAll(/^export declare (?:class|function) (\w+)/gm)].map((m) => m[1]))
  const exported = new Set(Object.keys(w))
  assert.deepEqual([...exported].filter((n) => !declared.has(n)).sort(), [])
  assert.deepEqual([...declared].filter((n) => !exported.has(n)).sort(), [])
})

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
