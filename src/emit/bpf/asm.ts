/**
 * The assembler: instructions and labels in, 8-byte little-endian eBPF instructions out (the
 * `struct bpf_insn` layout of the kernel's `include/uapi/linux/bpf.h`: opcode, dst_reg in the low
 * and src_reg in the high nibble of byte 1, a signed 16-bit offset, a signed 32-bit immediate).
 * Jumps only go forward, as felix's policy programs do (`felix/bpf/polprog/pol_prog_builder.go`),
 * so every program is a DAG the verifier walks once per path.
 * @internal
 */
import { E } from '../../internal/fp.js'
import type { Either } from '../../internal/fp.js'
import { ALU_OP, CALL_OP, CLASS, END_OP, EXIT_OP, JA_OP, JMP_OP, MODE_MEM, SIZE, SRC_X, slots } from './insn.js'
import type { Insn, Item, Operand, Reg } from './insn.js'

/** Why a program does not assemble; `at` is the index of the instruction (in slots) that fails. */
export type AsmError =
  | { readonly _tag: 'UnresolvedLabel'; readonly label: string; readonly at: number }
  | { readonly _tag: 'BackwardJump'; readonly label: string; readonly at: number }
  | { readonly _tag: 'DuplicateLabel'; readonly label: string; readonly at: number }
  | { readonly _tag: 'OffsetOutOfRange'; readonly label: string; readonly at: number; readonly offset: number }
  | { readonly _tag: 'InvalidOperand'; readonly at: number; readonly reason: string }

const isInt = (n: number, bits: 16 | 32): boolean => Number.isInteger(n) && n >= -(2 ** (bits - 1)) && n < 2 ** (bits - 1)

/** Writes one 8-byte slot at `slot`. */
const put = (view: DataView, slot: number, opcode: number, dst: number, src: number, off: number, immediate: number): void => {
  const at = slot * 8
  view.setUint8(at, opcode)
  view.setUint8(at + 1, (dst & 0x0f) | ((src & 0x0f) << 4))
  view.setInt16(at + 2, off, true)
  view.setInt32(at + 4, immediate, true)
}

const isReg = (o: Operand): o is Reg => typeof o === 'number'

/** Checks the fields an encoding cannot represent; `undefined` when the instruction is encodable. */
const invalid = (insn: Insn): string | undefined => {
  const writes = (r: Reg): string | undefined => (r === 10 ? 'r10 is read-only' : undefined)
  switch (insn._tag) {
    case 'Alu':
      if (!isReg(insn.src) && !isInt(insn.src.imm, 32)) return `immediate ${insn.src.imm} is not a signed 32-bit integer`
      return writes(insn.dst)
    case 'End':
      return writes(insn.dst)
    case 'Ldx':
      return !isInt(insn.off, 16) ? `offset ${insn.off} is not a signed 16-bit integer` : writes(insn.dst)
    case 'St':
      if (!isInt(insn.imm, 32)) return `immediate ${insn.imm} is not a signed 32-bit integer`
      return !isInt(insn.off, 16) ? `offset ${insn.off} is not a signed 16-bit integer` : undefined
    case 'Stx':
      return !isInt(insn.off, 16) ? `offset ${insn.off} is not a signed 16-bit integer` : undefined
    case 'LdImm64':
      if (insn.imm < -(2n ** 63n) || insn.imm >= 2n ** 64n) return `immediate ${insn.imm} does not fit 64 bits`
      return writes(insn.dst)
    case 'Jmp':
      return !isReg(insn.src) && !isInt(insn.src.imm, 32) ? `immediate ${insn.src.imm} is not a signed 32-bit integer` : undefined
    case 'Call':
      return !isInt(insn.helper, 32) ? `helper ${insn.helper} is not a signed 32-bit integer` : undefined
    case 'Ja':
    case 'Exit':
      return undefined
  }
}

/**
 * Assembles a program. A jump's offset counts slots from the instruction after it to its label;
 * a label must come after every jump that names it and at most 32,767 slots later.
 */
export const assemble = (items: ReadonlyArray<Item>): Either<AsmError, Uint8Array> => {
  // Pass 1: the slot of every instruction and label.
  const labels = new Map<string, number>()
  const placed: Array<{ readonly insn: Insn; readonly slot: number }> = []
  let slot = 0
  for (const item of items) {
    if (item._tag === 'Label') {
      if (labels.has(item.name)) return E.left({ _tag: 'DuplicateLabel', label: item.name, at: slot })
      labels.set(item.name, slot)
      continue
    }
    const why = invalid(item)
    if (why !== undefined) return E.left({ _tag: 'InvalidOperand', at: slot, reason: why })
    placed.push({ insn: item, slot })
    slot += slots(item)
  }
  // Pass 2: encode, resolving labels.
  const bytes = new Uint8Array(slot * 8)
  const view = new DataView(bytes.buffer)
  for (const { insn, slot: at } of placed) {
    let off = 0
    if (insn._tag === 'Jmp' || insn._tag === 'Ja') {
      const to = labels.get(insn.target)
      if (to === undefined) return E.left({ _tag: 'UnresolvedLabel', label: insn.target, at })
      if (to <= at) return E.left({ _tag: 'BackwardJump', label: insn.target, at })
      off = to - at - 1
      if (off > 0x7fff) return E.left({ _tag: 'OffsetOutOfRange', label: insn.target, at, offset: off })
    }
    switch (insn._tag) {
      case 'Alu': {
        const cls = insn.wide ? CLASS.alu64 : CLASS.alu
        if (isReg(insn.src)) put(view, at, cls | SRC_X | ALU_OP[insn.op], insn.dst, insn.src, 0, 0)
        else put(view, at, cls | ALU_OP[insn.op], insn.dst, 0, 0, insn.src.imm)
        break
      }
      case 'End':
        put(view, at, CLASS.alu | END_OP | (insn.order === 'be' ? SRC_X : 0), insn.dst, 0, 0, insn.bits)
        break
      case 'Ldx':
        put(view, at, CLASS.ldx | MODE_MEM | SIZE[insn.size], insn.dst, insn.src, insn.off, 0)
        break
      case 'St':
        put(view, at, CLASS.st | MODE_MEM | SIZE[insn.size], insn.dst, 0, insn.off, insn.imm)
        break
      case 'Stx':
        put(view, at, CLASS.stx | MODE_MEM | SIZE[insn.size], insn.dst, insn.src, insn.off, 0)
        break
      case 'LdImm64': {
        const u = BigInt.asUintN(64, insn.imm)
        put(view, at, CLASS.ld | SIZE.u64, insn.dst, insn.pseudo, 0, Number(BigInt.asIntN(32, u)))
        put(view, at + 1, 0, 0, 0, 0, Number(BigInt.asIntN(32, u >> 32n)))
        break
      }
      case 'Jmp': {
        const cls = insn.wide ? CLASS.jmp : CLASS.jmp32
        if (isReg(insn.src)) put(view, at, cls | SRC_X | JMP_OP[insn.op], insn.dst, insn.src, off, 0)
        else put(view, at, cls | JMP_OP[insn.op], insn.dst, 0, off, insn.src.imm)
        break
      }
      case 'Ja':
        put(view, at, CLASS.jmp | JA_OP, 0, 0, off, 0)
        break
      case 'Call':
        put(view, at, CLASS.jmp | CALL_OP, 0, 0, 0, insn.helper)
        break
      case 'Exit':
        put(view, at, CLASS.jmp | EXIT_OP, 0, 0, 0, 0)
        break
    }
  }
  return E.right(bytes)
}
