// Node client and webhook-parsing benchmarks for bench/run.py; prints one JSON object.
// waha-groups vs plain fetch (undici) against the same mock, same group.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const w = require('../bindings/node/index.js')
const [url, gid, iters, repeats, concurrentN, eventsFile] = process.argv.slice(2)
const ITERS = Number(iters)
const REPEATS = Number(repeats)
const N = Number(concurrentN)
const enc = gid.replace('@', '%40')

async function rounds(fn) {
  for (let i = 0; i < Math.max(1, ITERS / 10); i++) await fn()
  const out = []
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now()
    for (let i = 0; i < ITERS; i++) await fn()
    out.push(ITERS / ((performance.now() - t) / 1000))
  }
  return out
}

async function concurrent(fn) {
  await Promise.all(Array.from({ length: 10 }, fn))
  const out = []
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now()
    await Promise.all(Array.from({ length: N }, fn))
    out.push((performance.now() - t) / 1000)
  }
  return out
}

function timeIt(fn) {
  fn()
  const out = []
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now()
    fn()
    out.push((performance.now() - t) / 1000)
  }
  return out
}

const groups = new w.Client({ baseUrl: url }).groups('default')
// Every group's fields and every member's id/pn/role read once (ours are getters that parse on
// first read), and the same keys of the WEBJS objects fetch returns.
function readGroup(g) {
  return [g.id, g.subject, g.description, g.owner, g.createdAt, g.size, g.inviteCode, ...g.participants.map((p) => p.id + p.pn + p.role)]
}
function readWebjs(g) {
  const m = g.groupMetadata
  return [g.id._serialized, g.name, m.desc, m.owner._serialized, m.creation, m.size, ...m.participants.map((p) => p.id._serialized + p.isAdmin + p.isSuperAdmin)]
}
const raw = () => fetch(`${url}/api/default/groups/${enc}`).then((r) => r.json())
const result = {
  get: { waha_groups: await rounds(() => groups.get(gid)), fetch: await rounds(raw) },
  list50: {
    waha_groups: await rounds(() => groups.list({ limit: 50 })),
    fetch: await rounds(() => fetch(`${url}/api/default/groups?limit=50`).then((r) => r.json())),
  },
  list50_read: {
    waha_groups: await rounds(() => groups.list({ limit: 50 }).then((gs) => gs.map(readGroup))),
    fetch: await rounds(() => fetch(`${url}/api/default/groups?limit=50`).then((r) => r.json()).then((gs) => gs.map(readWebjs))),
  },
  concurrent: { waha_groups: await concurrent(() => groups.get(gid)), fetch: await concurrent(raw) },
}
const lines = readFileSync(eventsFile, 'utf8').split('\n').filter(Boolean)
const buffers = lines.map((l) => Buffer.from(l))
result.webhooks = {
  events: lines.length,
  waha_groups: timeIt(() => { for (const b of buffers) w.parseWebhook(b) }),
  waha_groups_read_all: timeIt(() => {
    for (const b of buffers) {
      const e = w.parseWebhook(b)
      JSON.stringify([e.id, e.event, e.session, e.me, e.payload])
    }
  }),
  json_parse: timeIt(() => { for (const l of lines) JSON.parse(l) }),
}
result.versions = { node: process.versions.node }
console.log(JSON.stringify(result))
