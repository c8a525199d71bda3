'use strict'
// index.d.ts and binding.d.ts against the runtime: ts/surface.ts must pass `tsc --strict`, then
// its compiled form runs (every declared member exists, every group method returns its declared type).
const { test } = require('node:test')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

test('the declared types match the runtime (tsc --strict, then run)', async () => {
  const tsc = path.join(__dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '-p', path.join(__dirname, 'ts', 'tsconfig.json')], { encoding: 'utf8' })
  await require(path.join(__dirname, '..', '.tsbuild', 'surface.js')).main()
})
