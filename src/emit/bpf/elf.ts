/**
 * An ELF64 relocatable object (little-endian, `ET_REL`, `EM_BPF`) holding tc classifier programs,
 * laid out as libbpf (used by `bpftool prog load` and `tc ... bpf object-file`) reads it: one
 * executable section per program, named by libbpf's convention (`tc`, `classifier`, `tc/...`), a
 * `license` section, and a symbol table in which each program is a global function of its section
 * with `st_size` = its code size. Programs without maps need no BTF and no relocations.
 * @internal
 */
import { E } from '../../internal/fp.js'
import type { Either } from '../../internal/fp.js'

/** One program: its section name, its symbol (function) name and its assembled code. */
export interface ElfProgram {
  readonly section: string
  readonly name: string
  readonly code: Uint8Array
}

export type ElfError =
  | { readonly _tag: 'NoPrograms' }
  | { readonly _tag: 'BadName'; readonly name: string; readonly reason: string }
  | { readonly _tag: 'EmptyProgram'; readonly name: string }

const SHT_PROGBITS = 1
const SHT_SYMTAB = 2
const SHT_STRTAB = 3
const SHF_WRITE = 1
const SHF_ALLOC = 2
const SHF_EXECINSTR = 4
const STB_GLOBAL = 1
const STT_OBJECT = 1
const STT_FUNC = 2
const EM_BPF = 247
const EHDR = 64
const SHDR = 64
const SYM = 24

/** A string table: NUL first, then each distinct string once, NUL-terminated. */
const strtab = (names: ReadonlyArray<string>): { readonly bytes: Uint8Array; readonly at: ReadonlyMap<string, number> } => {
  const at = new Map<string, number>([['', 0]])
  const parts: Array<Uint8Array> = [new Uint8Array(1)]
  let size = 1
  for (const n of names) {
    if (at.has(n)) continue
    at.set(n, size)
    const b = new TextEncoder().encode(`${n}\0`)
    parts.push(b)
    size += b.length
  }
  const bytes = new Uint8Array(size)
  let o = 0
  for (const p of parts) {
    bytes.set(p, o)
    o += p.length
  }
  return { bytes, at }
}

const align8 = (n: number): number => (n + 7) & ~7

const checkName = (name: string): string | undefined =>
  name === '' ? 'is empty' : /[^\x21-\x7e]/.test(name) ? 'has a character outside printable ASCII' : undefined

/**
 * Writes the object. `license` is what the kernel checks for GPL-only helpers (the programs here
 * call none; felix uses `Apache-2.0`). Sections and symbols keep the order of `programs`, so the
 * same input always gives the same bytes.
 */
export const writeElf = (programs: ReadonlyArray<ElfProgram>, license: string): Either<ElfError, Uint8Array> => {
  if (programs.length === 0) return E.left({ _tag: 'NoPrograms' })
  const seen = new Set<string>(['license', '.symtab', '.strtab', '.shstrtab'])
  const symbols = new Set<string>(['_license'])
  for (const p of programs) {
    const why = checkName(p.section) ?? (seen.has(p.section) ? 'is used twice' : undefined)
    if (why !== undefined) return E.left({ _tag: 'BadName', name: p.section, reason: `section name ${why}` })
    seen.add(p.section)
    const whySym = checkName(p.name) ?? (symbols.has(p.name) ? 'is used twice' : undefined)
    if (whySym !== undefined) return E.left({ _tag: 'BadName', name: p.name, reason: `symbol name ${whySym}` })
    symbols.add(p.name)
    if (p.code.length === 0 || p.code.length % 8 !== 0) return E.left({ _tag: 'EmptyProgram', name: p.name })
  }
  if (license.includes('\0')) return E.left({ _tag: 'BadName', name: license, reason: 'license has a NUL' })

  // Section indexes: 0 null, 1..n programs, then license, symtab, strtab, shstrtab.
  const n = programs.length
  const licenseIdx = n + 1
  const symtabIdx = n + 2
  const strtabIdx = n + 3
  const shstrtabIdx = n + 4
  const shstr = strtab([...programs.map((p) => p.section), 'license', '.symtab', '.strtab', '.shstrtab'])
  const str = strtab([...programs.map((p) => p.name), '_license'])
  const licenseBytes = new TextEncoder().encode(`${license}\0`)

  // Symbols: null, then the globals (programs, _license).
  const symCount = 1 + n + 1
  const symtab = new Uint8Array(symCount * SYM)
  const sv = new DataView(symtab.buffer)
  const sym = (i: number, name: string, type: number, shndx: number, size: number): void => {
    const o = i * SYM
    sv.setUint32(o, str.at.get(name) ?? 0, true)
    sv.setUint8(o + 4, (STB_GLOBAL << 4) | type)
    sv.setUint8(o + 5, 0)
    sv.setUint16(o + 6, shndx, true)
    sv.setBigUint64(o + 8, 0n, true)
    sv.setBigUint64(o + 16, BigInt(size), true)
  }
  programs.forEach((p, i) => sym(1 + i, p.name, STT_FUNC, 1 + i, p.code.length))
  sym(1 + n, '_license', STT_OBJECT, licenseIdx, licenseBytes.length)

  // Section contents, each at an 8-aligned offset after the header.
  const contents: Array<Uint8Array> = [...programs.map((p) => p.code), licenseBytes, symtab, str.bytes, shstr.bytes]
  const offsets: Array<number> = []
  let off = EHDR
  for (const c of contents) {
    off = align8(off)
    offsets.push(off)
    off += c.length
  }
  const shoff = align8(off)
  const shnum = shstrtabIdx + 1
  const out = new Uint8Array(shoff + shnum * SHDR)
  const v = new DataView(out.buffer)
  contents.forEach((c, i) => out.set(c, offsets[i] as number))

  // ELF header.
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0) // magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_NONE
  v.setUint16(16, 1, true) // ET_REL
  v.setUint16(18, EM_BPF, true)
  v.setUint32(20, 1, true) // e_version
  v.setBigUint64(40, BigInt(shoff), true)
  v.setUint16(52, EHDR, true) // e_ehsize
  v.setUint16(58, SHDR, true) // e_shentsize
  v.setUint16(60, shnum, true)
  v.setUint16(62, shstrtabIdx, true)

  const shdr = (idx: number, name: string, type: number, flags: number, content: number, link: number, info: number, align: number, entsize: number): void => {
    const o = shoff + idx * SHDR
    v.setUint32(o, shstr.at.get(name) ?? 0, true)
    v.setUint32(o + 4, type, true)
    v.setBigUint64(o + 8, BigInt(flags), true)
    v.setBigUint64(o + 24, BigInt(offsets[content] as number), true)
    v.setBigUint64(o + 32, BigInt((contents[content] as Uint8Array).length), true)
    v.setUint32(o + 40, link, true)
    v.setUint32(o + 44, info, true)
    v.setBigUint64(o + 48, BigInt(align), true)
    v.setBigUint64(o + 56, BigInt(entsize), true)
  }
  programs.forEach((p, i) => shdr(1 + i, p.section, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, i, 0, 0, 8, 0))
  shdr(licenseIdx, 'license', SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, n, 0, 0, 1, 0)
  shdr(symtabIdx, '.symtab', SHT_SYMTAB, 0, n + 1, strtabIdx, 1, 8, SYM)
  shdr(strtabIdx, '.strtab', SHT_STRTAB, 0, n + 2, 0, 0, 1, 0)
  shdr(shstrtabIdx, '.shstrtab', SHT_STRTAB, 0, n + 3, 0, 0, 1, 0)
  return E.right(out)
}
