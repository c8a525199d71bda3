'use strict'
// node:test helper: a fresh in-process mock per test.
//
//   const { useMockWaha } = require('waha-groups/testing')
//   const ctx = useMockWaha({ engine: 'GOWS' })
//   test('...', async () => { const client = ctx.client(); ... ctx.mock ... })

const { before, after, beforeEach } = require('node:test')
const { MockWaha, Client } = require('./index.js')

function useMockWaha(options = {}) {
  const ctx = {
    mock: null,
    client(clientOptions = {}) {
      return new Client({ baseUrl: ctx.mock.url, apiKey: options.apiKey, ...clientOptions })
    },
  }
  before(async () => {
    ctx.mock = await MockWaha.start(options)
  })
  beforeEach(() => ctx.mock.reset())
  after(() => ctx.mock.stop())
  return ctx
}

module.exports = { useMockWaha }
