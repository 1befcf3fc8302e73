import { describe, expect, it } from 'vitest'
import { assemble } from '../../../src/emit/bpf/asm.js'
import { disassemble } from '../../../src/emit/bpf/disasm.js'
import { writeElf } from '../../../src/emit/bpf/elf.js'
import { alu32, call, exit, imm, ja, jmp, jmp32, label, ldImm64, ldMapFd, ldx, mov64, st, stx, toBe } from '../../../src/emit/bpf/insn.js'
import type { Item } from '../../../src/emit/bpf/insn.js'
import { E } from '../../../src/internal/fp.js'
import { code, dropSsh } from './programs.js'

const hex = (b: Uint8Array): ReadonlyArray<string> =>
  Array.from({ length: b.length / 8 }, (_, i) => Array.from(b.slice(i * 8, i * 8 + 8), (x) => x.toString(16).padStart(2, '0')).join(' '))

describe('assemble: encoding (struct bpf_insn, include/uapi/linux/bpf.h)', () => {
  it('r0 = 2; exit', () => {
    expect(hex(code([mov64(0, imm(2)), exit]))).toEqual(['b7 00 00 00 02 00 00 00', '95 00 00 00 00 00 00 00'])
  })
  it('registers, offsets, immediates and both jump widths', () => {
    const items: ReadonlyArray<Item> = [
      ldx('u32', 2, 1, 76),
      stx('u64', 10, -8, 3),
      st('u16', 10, -2, -1),
      alu32('xor', 1, 9),
      toBe(16, 5),
      jmp('jgt', 4, 3, 'end'),
      jmp32('jsle', 6, imm(-5), 'end'),
      ja('end'),
      call(1),
      ldImm64(1, 0x1122334455667788n),
      ldMapFd(2),
      label('end'),
      exit,
    ]
    expect(hex(code(items))).toEqual([
      '61 12 4c 00 00 00 00 00',
      '7b 3a f8 ff 00 00 00 00',
      '6a 0a fe ff ff ff ff ff',
      'ac 91 00 00 00 00 00 00',
      'dc 05 00 00 10 00 00 00',
      '2d 34 07 00 00 00 00 00',
      'd6 06 06 00 fb ff ff ff',
      '05 00 05 00 00 00 00 00',
      '85 00 00 00 01 00 00 00',
      '18 01 00 00 88 77 66 55',
      '00 00 00 00 44 33 22 11',
      '18 12 00 00 00 00 00 00',
      '00 00 00 00 00 00 00 00',
      '95 00 00 00 00 00 00 00',
    ])
  })
  it('the same program always gives the same bytes', () => {
    expect(code(dropSsh)).toEqual(code(dropSsh))
  })
})

describe('assemble: errors', () => {
  it('a label that is never defined', () => {
    expect(assemble([mov64(0, imm(0)), ja('nowhere'), exit])).toEqual(E.left({ _tag: 'UnresolvedLabel', label: 'nowhere', at: 1 }))
  })
  it('a jump back to an earlier label', () => {
    expect(assemble([label('top'), mov64(0, imm(0)), ja('top'), exit])).toEqual(E.left({ _tag: 'BackwardJump', label: 'top', at: 1 }))
  })
  it('a jump to itself is backward too', () => {
    expect(assemble([label('here'), ja('here'), exit])).toEqual(E.left({ _tag: 'BackwardJump', label: 'here', at: 0 }))
  })
  it('a label defined twice', () => {
    expect(assemble([label('a'), exit, label('a'), exit])).toEqual(E.left({ _tag: 'DuplicateLabel', label: 'a', at: 1 }))
  })
  it('a jump farther than a signed 16-bit offset', () => {
    const body: ReadonlyArray<Item> = Array.from({ length: 32_768 }, () => mov64(0, imm(0)))
    expect(assemble([ja('far'), ...body, label('far'), exit])).toEqual(E.left({ _tag: 'OffsetOutOfRange', label: 'far', at: 0, offset: 32_768 }))
    expect(E.isRight(assemble([ja('far'), ...body.slice(1), label('far'), exit]))).toBe(true)
  })
  it('operands the encoding cannot hold', () => {
    expect(assemble([mov64(0, imm(2 ** 31)), exit])).toEqual(E.left({ _tag: 'InvalidOperand', at: 0, reason: 'immediate 2147483648 is not a signed 32-bit integer' }))
    expect(assemble([exit, ldx('u8', 1, 2, 40_000)])).toEqual(E.left({ _tag: 'InvalidOperand', at: 1, reason: 'offset 40000 is not a signed 16-bit integer' }))
    expect(assemble([mov64(10, imm(0)), exit])).toEqual(E.left({ _tag: 'InvalidOperand', at: 0, reason: 'r10 is read-only' }))
    expect(assemble([ldImm64(1, 2n ** 64n), exit])).toEqual(E.left({ _tag: 'InvalidOperand', at: 0, reason: 'immediate 18446744073709551616 does not fit 64 bits' }))
  })
})

describe('disassemble', () => {
  it('prints bpftool syntax', () => {
    expect(disassemble(code(dropSsh))).toEqual([
      '   0: (61) r2 = *(u32 *)(r1 +76)',
      '   1: (61) r3 = *(u32 *)(r1 +80)',
      '   2: (b7) r0 = 0',
      '   3: (bf) r4 = r2',
      '   4: (07) r4 += 34',
      '   5: (2d) if r4 > r3 goto pc+15',
      '   6: (69) r5 = *(u16 *)(r2 +12)',
      '   7: (55) if r5 != 0x8 goto pc+13',
      '   8: (71) r5 = *(u8 *)(r2 +23)',
      '   9: (55) if r5 != 0x6 goto pc+11',
      '  10: (71) r5 = *(u8 *)(r2 +14)',
      '  11: (57) r5 &= 15',
      '  12: (67) r5 <<= 2',
      '  13: (0f) r2 += r5',
      '  14: (bf) r4 = r2',
      '  15: (07) r4 += 18',
      '  16: (2d) if r4 > r3 goto pc+4',
      '  17: (69) r5 = *(u16 *)(r2 +16)',
      '  18: (dc) r5 = be16 r5',
      '  19: (55) if r5 != 0x16 goto pc+1',
      '  20: (b7) r0 = 2',
      '  21: (95) exit',
    ])
  })
  it('prints stores, 32-bit forms, calls and 64-bit immediates', () => {
    const items: ReadonlyArray<Item> = [stx('u64', 10, -8, 3), st('u16', 10, -2, -1), alu32('xor', 1, 9), jmp32('jsle', 6, imm(-5), 'e'), call(1), ldImm64(1, 0x1122334455667788n), ldMapFd(2), label('e'), exit]
    expect(disassemble(code(items))).toEqual([
      '   0: (7b) *(u64 *)(r10 -8) = r3',
      '   1: (6a) *(u16 *)(r10 -2) = -1',
      '   2: (ac) w1 ^= w9',
      '   3: (d6) if w6 s<= 0xfffffffb goto pc+5',
      '   4: (85) call 1',
      '   5: (18) r1 = 0x1122334455667788',
      '   7: (18) r2 = map[fd:0]',
      '   9: (95) exit',
    ])
  })
  it('names opcodes it does not know', () => {
    expect(disassemble(new Uint8Array([0xff, 0, 0, 0, 0, 0, 0, 0]))).toEqual(['   0: (ff) unknown opcode 0xff'])
  })
})

describe('writeElf', () => {
  const prog = code([mov64(0, imm(2)), exit])
  it('writes an ELF64 little-endian relocatable object for EM_BPF', () => {
    const r = writeElf([{ section: 'tc', name: 'p', code: prog }], 'GPL')
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const b = r.right
    const v = new DataView(b.buffer)
    expect(Array.from(b.slice(0, 16))).toEqual([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect([v.getUint16(16, true), v.getUint16(18, true), v.getUint16(60, true), v.getUint16(62, true)]).toEqual([1, 247, 6, 5])
    expect(Array.from(b.slice(64, 80))).toEqual(Array.from(prog))
    const text = new TextDecoder().decode(b)
    expect(text.includes('\0tc\0license\0.symtab\0.strtab\0.shstrtab\0')).toBe(true)
    expect(text.includes('\0p\0_license\0')).toBe(true)
    expect(text.includes('GPL\0')).toBe(true)
  })
  it('is deterministic', () => {
    expect(writeElf([{ section: 'tc', name: 'p', code: prog }], 'GPL')).toEqual(writeElf([{ section: 'tc', name: 'p', code: prog }], 'GPL'))
  })
  it('refuses what libbpf could not read', () => {
    expect(writeElf([], 'GPL')).toEqual(E.left({ _tag: 'NoPrograms' }))
    expect(writeElf([{ section: 'tc', name: 'a', code: prog }, { section: 'tc', name: 'b', code: prog }], 'GPL')).toEqual(
      E.left({ _tag: 'BadName', name: 'tc', reason: 'section name is used twice' }),
    )
    expect(writeElf([{ section: 'tc', name: 'a b', code: prog }], 'GPL')).toEqual(E.left({ _tag: 'BadName', name: 'a b', reason: 'symbol name has a character outside printable ASCII' }))
    expect(writeElf([{ section: 'tc', name: 'a', code: new Uint8Array(0) }], 'GPL')).toEqual(E.left({ _tag: 'EmptyProgram', name: 'a' }))
  })
})
