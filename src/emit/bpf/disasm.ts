/**
 * A disassembler for the instructions `asm.ts` writes, printing one line per instruction in the
 * syntax of `bpftool prog dump xlated` (`   3: (61) r2 = *(u32 *)(r1 +76)`), so that listings can
 * be compared with what the kernel reports. Opcodes it does not know print as `unknown`.
 * @internal
 */
import { ALU_OP, CLASS, END_OP, JMP_OP, MODE_MEM, SIZE, SRC_X } from './insn.js'

const ALU_SYMBOL: Readonly<Record<number, string>> = {
  [ALU_OP.add]: '+=',
  [ALU_OP.sub]: '-=',
  [ALU_OP.mul]: '*=',
  [ALU_OP.div]: '/=',
  [ALU_OP.or]: '|=',
  [ALU_OP.and]: '&=',
  [ALU_OP.lsh]: '<<=',
  [ALU_OP.rsh]: '>>=',
  [ALU_OP.mod]: '%=',
  [ALU_OP.xor]: '^=',
  [ALU_OP.mov]: '=',
  [ALU_OP.arsh]: 's>>=',
}
const JMP_SYMBOL: Readonly<Record<number, string>> = {
  [JMP_OP.jeq]: '==',
  [JMP_OP.jgt]: '>',
  [JMP_OP.jge]: '>=',
  [JMP_OP.jset]: '&',
  [JMP_OP.jne]: '!=',
  [JMP_OP.jsgt]: 's>',
  [JMP_OP.jsge]: 's>=',
  [JMP_OP.jlt]: '<',
  [JMP_OP.jle]: '<=',
  [JMP_OP.jslt]: 's<',
  [JMP_OP.jsle]: 's<=',
}
const SIZE_NAME: Readonly<Record<number, string>> = { [SIZE.u8]: 'u8', [SIZE.u16]: 'u16', [SIZE.u32]: 'u32', [SIZE.u64]: 'u64' }

const signed = (n: number): string => (n < 0 ? `${n}` : `+${n}`)

/** The text of the instruction at `slot` and how many slots it takes. */
const one = (view: DataView, slot: number, total: number): { readonly text: string; readonly width: 1 | 2 } => {
  const at = slot * 8
  const code = view.getUint8(at)
  const regs = view.getUint8(at + 1)
  const dst = regs & 0x0f
  const src = regs >> 4
  const off = view.getInt16(at + 2, true)
  const imm = view.getInt32(at + 4, true)
  const cls = code & 0x07
  const op = code & 0xf0
  const x = (code & SRC_X) !== 0
  switch (cls) {
    case CLASS.alu:
    case CLASS.alu64: {
      const r = cls === CLASS.alu64 ? 'r' : 'w'
      if (op === END_OP) return { text: `r${dst} = ${x ? 'be' : 'le'}${imm} r${dst}`, width: 1 }
      if (op === ALU_OP.neg) return { text: `${r}${dst} = -${r}${dst}`, width: 1 }
      const sym = ALU_SYMBOL[op]
      if (sym === undefined) break
      return { text: `${r}${dst} ${sym} ${x ? `${r}${src}` : `${imm}`}`, width: 1 }
    }
    case CLASS.jmp:
    case CLASS.jmp32: {
      const r = cls === CLASS.jmp ? 'r' : 'w'
      if (code === (CLASS.jmp | 0x90)) return { text: 'exit', width: 1 }
      if (code === (CLASS.jmp | 0x80)) return { text: `call ${imm}`, width: 1 }
      if (code === CLASS.jmp) return { text: `goto pc${signed(off)}`, width: 1 }
      const sym = JMP_SYMBOL[op]
      if (sym === undefined) break
      return { text: `if ${r}${dst} ${sym} ${x ? `${r}${src}` : `0x${(imm >>> 0).toString(16)}`} goto pc${signed(off)}`, width: 1 }
    }
    case CLASS.ldx:
      if ((code & 0xe0) === MODE_MEM) return { text: `r${dst} = *(${SIZE_NAME[code & 0x18]} *)(r${src} ${signed(off)})`, width: 1 }
      break
    case CLASS.st:
      if ((code & 0xe0) === MODE_MEM) return { text: `*(${SIZE_NAME[code & 0x18]} *)(r${dst} ${signed(off)}) = ${imm}`, width: 1 }
      break
    case CLASS.stx:
      if ((code & 0xe0) === MODE_MEM) return { text: `*(${SIZE_NAME[code & 0x18]} *)(r${dst} ${signed(off)}) = r${src}`, width: 1 }
      break
    case CLASS.ld:
      if (code === (CLASS.ld | SIZE.u64) && slot + 1 < total) {
        const hi = BigInt(view.getUint32(at + 12, true))
        const value = (hi << 32n) | BigInt(imm >>> 0)
        return { text: src === 1 ? `r${dst} = map[fd:${imm}]` : `r${dst} = 0x${value.toString(16)}`, width: 2 }
      }
      break
  }
  return { text: `unknown opcode 0x${code.toString(16).padStart(2, '0')}`, width: 1 }
}

/** One line per instruction: slot index, opcode in hex, and the instruction in bpftool syntax. */
export const disassemble = (code: Uint8Array): ReadonlyArray<string> => {
  const view = new DataView(code.buffer, code.byteOffset, code.byteLength)
  const total = Math.floor(code.byteLength / 8)
  const lines: Array<string> = []
  for (let slot = 0; slot < total; ) {
    const { text, width } = one(view, slot, total)
    lines.push(`${String(slot).padStart(4)}: (${view.getUint8(slot * 8).toString(16).padStart(2, '0')}) ${text}`)
    slot += width
  }
  return lines
}
