'use strict'
// Membership jobs from Node against the mock with WhatsApp's limits on: the shared 1,500-member
// scenario (tests/fixtures/jobs/bulk-add.json), dropped answers, AbortSignal and resume, and
// the errors that stop a job before anything is sent.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const w = require('..')
const { FIXTURES } = require('./helpers.js')

const SCENARIO = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'jobs', 'bulk-add.json'), 'utf8'))
const JOB = {
  batchSize: SCENARIO.job.batch_size,
  ratePerMinute: SCENARIO.job.rate_per_minute,
  backoffBaseMs: SCENARIO.job.backoff_base_ms,
}

async function start(limits = true) {
  const rate = SCENARIO.limits.member_rate
  const mock = await w.MockWaha.start({
    engine: SCENARIO.engine,
    limits: limits ? { groupSizeCap: SCENARIO.limits.group_size_cap, perMinute: rate.per_minute, burst: rate.burst } : undefined,
  })
  for (const phone of SCENARIO.refuses_direct_adds) mock.setRefusesDirectAdds(phone)
  const groups = new w.Client({ baseUrl: mock.url, maxRetries: 0 }).groups('default')
  const g = await groups.create('Bulk', SCENARIO.existing)
  return { mock, groups, group: g.id }
}

function checkReport(report) {
  const { statuses, duplicate_of: dups, totals } = SCENARIO.expect
  const failures = []
  report.entries.forEach((e, i) => {
    if (e.status !== statuses[i]) failures.push(`#${i} ${e.requested}: ${e.status}, want ${statuses[i]}`)
    if (e.duplicateOf !== dups[i]) failures.push(`#${i}: duplicateOf ${e.duplicateOf}, want ${dups[i]}`)
  })
  if (report.entries.length !== statuses.length) failures.push(`${report.entries.length} entries`)
  try {
    assert.deepEqual(report.totals, totals)
  } catch {
    failures.push(`totals ${JSON.stringify(report.totals)}`)
  }
  return failures
}

async function finalMembers(groups, group) {
  return new Set((await groups.participants(group)).map((p) => p.pn ?? p.id))
}

function sentAfterOutcome(mock) {
  const answered = new Set()
  const twice = []
  for (const entry of mock.journal({ operation: 'add_participants' })) {
    for (const p of entry.body?.participants ?? []) {
      if (answered.has(p.id)) twice.push(p.id)
      if (entry.status === 200) answered.add(p.id)
    }
  }
  return twice
}

test('the bulk add scenario ends exactly as planned', async () => {
  const { mock, groups, group } = await start()
  try {
    const seen = []
    const report = await groups.changeMembers('add', group, SCENARIO.input, { ...JOB, onProgress: (p) => seen.push(p) })
    assert.ok(report instanceof w.JobReport)
    assert.deepEqual(Object.keys(report).sort(), ['action', 'cancelled', 'complete', 'dryRun', 'entries', 'groupId', 'rateLimited', 'requests', 'totals'])
    assert.deepEqual(checkReport(report), [])
    assert.deepEqual(await finalMembers(groups, group), new Set(SCENARIO.expect.final_members))
    assert.deepEqual(sentAfterOutcome(mock), [])
    assert.ok(report.rateLimited >= 1 && seen.some((p) => p.lastError === 'rate_limited'))
    const last = seen[seen.length - 1]
    assert.deepEqual([last.done, last.total], [1500, 1500])
    assert.ok(!report.complete)
    assert.equal(report.invitations().length, report.totals.invited)
    assert.deepEqual(new Set(report.failed().map((e) => e.status)), new Set(['invited', 'invalid', 'group_full']))
    assert.equal(report.toCsv().trim().split('\n').length, 1501)
  } finally {
    await mock.stop()
  }
})

test('answers dropped after the write are reconciled, never sent again', async () => {
  const { mock, groups, group } = await start(false)
  try {
    mock.addFault({ operation: 'add_participants', kind: 'drop-answer', probability: 0.3, seed: 9 })
    const report = await groups.changeMembers('add', group, SCENARIO.input, JOB)
    assert.ok(mock.journal({ operation: 'add_participants' }).some((e) => e.status === 0))
    assert.deepEqual(checkReport(report), [])
    assert.deepEqual(sentAfterOutcome(mock), [])
  } finally {
    await mock.stop()
  }
})

test('an AbortSignal stops the job after its batch and the state file resumes it', async () => {
  const mock = await w.MockWaha.start({ engine: 'WPP' })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waha-job-'))
  try {
    const groups = new w.Client({ baseUrl: mock.url }).groups('default')
    const g = await groups.create('Resume', [])
    const members = Array.from({ length: 60 }, (_, i) => `4930000${String(i).padStart(5, '0')}`)
    const stateFile = path.join(dir, 'run.jsonl')
    const controller = new AbortController()
    const opts = { batchSize: 5, ratePerMinute: 600000, stateFile }
    const first = await groups.changeMembers('add', g.id, members, {
      ...opts,
      signal: controller.signal,
      onProgress: (p) => p.done >= 20 && controller.abort(),
    })
    assert.ok(first.cancelled && first.totals.pending > 0)
    const second = await groups.changeMembers('add', g.id, members, opts)
    assert.ok(second.complete)
    assert.deepEqual(second.totals, { added: 60 })
    assert.deepEqual(sentAfterOutcome(mock), [])
    await assert.rejects(groups.changeMembers('remove', g.id, members, { stateFile }), (e) => e instanceof w.StateFileError && /this job is for remove/.test(e.message))
    // An already aborted signal sends nothing.
    const aborted = await groups.changeMembers('add', g.id, ['491510000009'], { signal: AbortSignal.abort() })
    assert.ok(aborted.cancelled && aborted.requests === 0)
  } finally {
    await mock.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('dry runs, CSV input and bad arguments', async () => {
  const mock = await w.MockWaha.start({ engine: 'NOWEB' })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waha-job-'))
  try {
    const groups = new w.Client({ baseUrl: mock.url }).groups('default')
    const g = await groups.create('Plan', ['491510000001'])
    const csv = path.join(dir, 'members.csv')
    fs.writeFileSync(csv, 'name,phone\nAda,491510000001\nBob,+491510000002\nEve,x\n')
    assert.deepEqual(w.membersFromCsv(fs.readFileSync(csv, 'utf8')), ['491510000001', '+491510000002', 'x'])
    const plan = await groups.changeMembers('add', g.id, null, { fromCsv: csv, dryRun: true })
    assert.deepEqual(plan.entries.map((e) => e.status), ['already', 'pending', 'invalid'])
    assert.ok(plan.dryRun && mock.journal({ operation: 'add_participants' }).length === 0)
    for (const [args, needle] of [
      [['kick', g.id, ['1']], /add, remove, promote, demote/],
      [['add', g.id, ['1'], { batchSize: 0 }], /batch_size/],
      [['add', g.id, ['1'], { ratePerMinute: 'fast' }], /ratePerMinute/],
      [['add', g.id, ['1'], { onProgress: 3 }], /onProgress/],
      [['add', g.id, ['1'], { signal: {} }], /AbortSignal/],
      [['add', g.id, ['1'], { speed: 1 }], /unknown option "speed"/],
      [['add', g.id, 'abc'], /members/],
    ]) {
      await assert.rejects(groups.changeMembers(...args), (e) => e instanceof w.InvalidArgumentError && needle.test(e.message), String(args))
    }
    await assert.rejects(groups.changeMembers('add', '120363000000000000@g.us', ['1']), w.GroupNotFoundError)
  } finally {
    await mock.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test("the mock's limits from Node", async () => {
  const mock = await w.MockWaha.start({ engine: 'GOWS', limits: { groupSizeCap: 3 } })
  try {
    assert.deepEqual(mock.limits, { groupSizeCap: 3, memberRate: null })
    const groups = new w.Client({ baseUrl: mock.url, maxRetries: 0 }).groups('default')
    const g = await groups.create('Capped', ['491510000001'])
    const outcomes = await groups.addParticipants(g.id, ['491510000002', '491510000003'])
    assert.deepEqual(outcomes.map((o) => o.code), [200, 419])
    mock.setLimits({ perMinute: 60, burst: 1 })
    assert.deepEqual(mock.limits, { groupSizeCap: null, memberRate: { perMinute: 60, burst: 1 } })
    await groups.removeParticipants(g.id, ['491510000002'])
    await assert.rejects(groups.removeParticipants(g.id, ['491510000001']), w.RateLimitError)
    assert.throws(() => mock.setLimits({ perMinute: 60, burst: 0 }), (e) => e instanceof w.InvalidArgumentError && /burst/.test(e.message))
  } finally {
    await mock.stop()
  }
})
