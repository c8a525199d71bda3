'use strict'
// Every exported declaration of the public types, and every member of an exported class, has a
// JSDoc comment (what editors show on hover).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const ts = require('typescript')

function undocumented(file, text = fs.readFileSync(file, 'utf8')) {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const hasDoc = (node) => Array.isArray(node.jsDoc) && node.jsDoc.length > 0
  const missing = []
  for (const st of src.statements) {
    if (!(st.modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue
    const name = st.name ? st.name.text : '?'
    if (!hasDoc(st)) missing.push(name)
    if (!ts.isClassDeclaration(st)) continue
    for (const m of st.members) {
      const isMember = ts.isMethodDeclaration(m) || ts.isGetAccessor(m) || ts.isConstructorDeclaration(m) || ts.isPropertyDeclaration(m)
      if (isMember && !hasDoc(m)) missing.push(`${name}.${m.name ? m.name.getText(src) : 'constructor'}`)
    }
  }
  return missing
}

test('index.d.ts and testing.d.ts document every public item', () => {
  for (const file of ['index.d.ts', 'testing.d.ts']) {
    assert.deepEqual(undocumented(path.join(__dirname, '..', file)), [], file)
  }
})

test('the check finds an undocumented item', () => {
  const text = '/** Documented. */\nexport declare class A {\n  /** Yes. */\n  a(): void\n  b(): void\n}\nexport declare function f(): void\n'
  assert.deepEqual(undocumented('x.d.ts', text), ['A.b', 'f'])
})
