'use strict'
// The fuzz harness's mutations, through the Node binding: only WahaError subclasses come out.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const w = require('..')
const fs = require('node:fs')
const path = require('node:path')
const { FIXTURES, MANIFEST } = require('./helpers.js')

const read = (file) => fs.readFileSync(path.join(FIXTURES, file))

// A small seeded generator (mulberry32), so every run sees the same inputs.
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const TOKENS = ['NaN', 'Infinity', '-Infinity', '1e999999', '-99999999999999999999999999', '18446744073709551616', 'null', '""', '{}']

function randomJson(r, depth) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)]
  switch (Math.floor(r() * (depth === 0 ? 5 : 7))) {
    case 0: return null
    case 1: return r() < 0.5
    case 2: return Math.floor((r() - 0.5) * 2 ** 62)
    case 3: return r() * 1e300
    case 4: return pick(['', '@g.us', '1@lid', 'x@s.whatsapp.net', '403', 'superadmin'])
    case 5: return Array.from({ length: Math.floor(r() * 4) }, () => randomJson(r, depth - 1))
    default: return Object.fromEntries(Array.from({ length: Math.floor(r() * 5) }, () => [pick(['id', 'JID', 'status', 'code', 'error', 'participants', 'event', 'payload']), randomJson(r, depth - 1)]))
  }
}

/** Truncation, type flips, huge numbers, NaN-like tokens, deep nesting, huge strings, invalid UTF-8, NUL bytes, noise, random JSON. */
function mutate(r, seed) {
  let b = Buffer.from(seed)
  const at = Math.floor(r() * (b.length + 1))
  const splice = (extra) => Buffer.concat([b.subarray(0, at), Buffer.from(extra), b.subarray(at)])
  switch (Math.floor(r() * 9)) {
    case 0: return b.subarray(0, at)
    case 1:
      try {
        const doc = JSON.parse(b.toString())
        if (doc && typeof doc === 'object') {
          const keys = Object.keys(doc)
          if (keys.length) doc[keys[Math.floor(r() * keys.length)]] = randomJson(r, 2)
        }
        return Buffer.from(JSON.stringify(doc))
      } catch {
        return b
      }
    case 2: return splice(TOKENS[Math.floor(r() * TOKENS.length)])
    case 3: {
      const depth = 100 + Math.floor(r() * 4900)
      return Buffer.concat([Buffer.from('['.repeat(depth)), b, Buffer.from(']'.repeat(depth))])
    }
    case 4: return splice(`"${'x'.repeat(1000 + Math.floor(r() * 199000))}"`)
    case 5: return splice([[0xff, 0xfe], [0xc3], [0xed, 0xa0, 0x80], [0]][Math.floor(r() * 4)])
    case 6:
      if (b.length) b[Math.floor(r() * b.length)] = Math.floor(r() * 256)
      return b
    case 7: return splice('\\u0000\\ud800"')
    default: return Buffer.from(JSON.stringify(randomJson(r, 3)))
  }
}

function onlyWahaErrors(fn) {
  try {
    fn()
  } catch (err) {
    assert.ok(err instanceof w.WahaError, `${err && err.constructor && err.constructor.name}: ${err && err.message}`)
    assert.ok(err.code)
  }
}

const CASES = 300
function inputs(section, seed) {
  const r = rng(seed)
  const seeds = MANIFEST[section].map((e) => read(e.file))
  return Array.from({ length: CASES }, () => mutate(r, seeds[Math.floor(r() * seeds.length)]))
}

test('decodeResponse throws only WahaErrors on mutated fixtures', () => {
  const methods = [...new Set(MANIFEST.rest.map((e) => e.operation))].sort()
  inputs('rest', 11).forEach((body, i) => {
    onlyWahaErrors(() => w.decodeResponse(methods[i % methods.length], body.toString(), ['22222222222@c.us']))
    onlyWahaErrors(() => w.errorFromResponse(500, body.toString()))
  })
})

test('webhook functions throw only WahaErrors on mutated fixtures', () => {
  for (const body of inputs('webhooks', 12)) {
    for (const data of [body, body.toString()]) {
      onlyWahaErrors(() => w.parseWebhook(data))
      onlyWahaErrors(() => w.parseWebhook(data, { headers: { 'X-Webhook-Hmac': '00' }, hmacKey: 'k' }))
      onlyWahaErrors(() => w.verifyWebhook(data, { headers: { 'X-Webhook-Hmac': w.signWebhook(body, 'k') }, hmacKey: 'k' }))
    }
  }
})
