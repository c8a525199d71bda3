// Runs against the installed npm tarballs only (scripts/dist.py check copies it into a clean project).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { Client, GroupNotFoundError } from 'waha-groups'

const require = createRequire(import.meta.url)
const { useMockWaha } = require('waha-groups/testing')
const ctx = useMockWaha({ engine: 'NOWEB' })

test('both packages carry the release version', () => {
  const main = require('waha-groups/package.json')
  assert.equal(require('waha-groups-linux-x64-gnu/package.json').version, main.version)
  assert.equal(main.optionalDependencies['waha-groups-linux-x64-gnu'], main.version)
  assert.equal(main.version, process.env.EXPECTED_VERSION)
})

test('the binary comes from the platform package, not the main one', () => {
  const main = require.resolve('waha-groups')
  assert.match(main, /node_modules[\\/]waha-groups[\\/]index\.js$/)
  assert.ok(require.resolve('waha-groups-linux-x64-gnu').includes('node_modules'))
})

test('waha-groups/testing serves a mock', async () => {
  const groups = ctx.client().groups('default')
  const g = await groups.create('Team', ['22222222222@c.us'])
  assert.equal((await groups.participants(g.id)).length, 2)
  await assert.rejects(groups.get('120363000000000000@g.us'), GroupNotFoundError)
  assert.ok(new Client({ baseUrl: ctx.mock.url }) instanceof Client)
})
