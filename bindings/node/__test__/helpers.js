'use strict'
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..', '..', '..')
const FIXTURES = path.join(ROOT, 'tests', 'fixtures')
const MANIFEST = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8'))

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

/** Manifest pointers name snake_case model fields; Node objects are camelCase (raw stays as sent). */
function resolve(obj, pointer) {
  let inRaw = false
  for (const segment of pointer.split('/').slice(1)) {
    if (obj === null || obj === undefined) return null
    const key = inRaw ? segment : camel(segment)
    if (segment === 'raw') inRaw = true
    obj = Array.isArray(obj) ? obj[Number(segment)] : obj[key]
  }
  return obj === undefined ? null : obj
}

function checkFacts(obj, expect) {
  const failures = []
  for (const [pointer, want] of Object.entries(expect)) {
    let got
    if (pointer.endsWith('/#')) {
      const seq = resolve(obj, pointer.slice(0, -2))
      got = seq === null ? null : seq.length
    } else {
      got = resolve(obj, pointer)
    }
    if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${pointer}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`)
  }
  return failures
}

module.exports = { ROOT, FIXTURES, MANIFEST, checkFacts }
